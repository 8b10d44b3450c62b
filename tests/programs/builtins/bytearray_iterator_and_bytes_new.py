# A bytearray's iterator reads the bytearray as it is at each step and pickles with
# it; slice assignment refuses numbers and strs; bytes() calls __bytes__ first.
import pickle
a = bytearray(b'abc')
exhit = iter(a)
empit = iter(a)
for x in exhit:
    next(empit)
a.append(9)
print(list(exhit), list(empit))
ba = bytearray(b'ab')
it = iter(ba)
next(it)
print(it.__length_hint__())
ba.clear()
print(it.__length_hint__(), list(it))
ba = bytearray(b'xyz')
it = iter(ba)
next(it)
print(type(it).__name__, it.__reduce__()[1:], )
for proto in range(pickle.HIGHEST_PROTOCOL + 1):
    it2, b2 = pickle.loads(pickle.dumps((it, ba), proto))
    b2[:] = b'qrstu'
    print(proto, list(it2), type(b2).__name__)
list(it)
print(it.__reduce__()[1:])
b = bytearray(b'abcdef')
for elem in [5, -5, 0, int(10e20), 'str', 2.3, 1j, ['a', 'b'], [b'a', b'b'], [[]], [1, 2]]:
    try:
        b[3:4] = elem
        print('accepted', repr(elem), b)
    except (TypeError, ValueError) as e:
        print(type(e).__name__, e)


class A(str):
    def __bytes__(self):
        return b'abc'


class Blocked(bytes):
    __bytes__ = None


class Odd:
    def __bytes__(self):
        return 'text'


print(bytes(A('\u20ac')), bytes(Blocked(b'xy')[:1]))
for source in (Blocked(b'ab'), Odd()):
    try:
        print(bytes(source))
    except TypeError as e:
        print("TypeError", e)
print(bytearray(A('x'), 'ascii'))
