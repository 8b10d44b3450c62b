# bytearray.__new__ makes an empty bytearray and __init__ fills it, so a subclass's
# __init__ decides the contents; __init__ again replaces them (not under a view).
print(repr(bytearray.__text_signature__), bytearray.__init__.__text_signature__,
      bytearray.__new__.__text_signature__, bytearray.__init__)
for a, k in [((1, 2, 3, 4), {}), ((), {'x': 1}), (('a',), {}), ((1,), {'encoding': 'utf8'}),
             ((b'x',), {'errors': 'strict'}), ((1.5,), {})]:
    try:
        bytearray(*a, **k)
    except TypeError as e:
        print(e)
print(bytearray(b'abc'), bytearray(3), bytearray('é', 'utf8'), bytearray(iter([1, 2])), bytearray())
b = bytearray(b'xyz')
b.__init__(b'q')
print(b)
b.__init__()
print(b)
try:
    b.__init__('text')
except TypeError as e:
    print(e, b)


class Ignores(bytearray):
    def __init__(self, *args):
        pass


class Forwards(bytearray):
    def __init__(me, *args, **kwargs):
        bytearray.__init__(me, *args, **kwargs)


print(Ignores(b'abc'), Ignores.fromhex('1a'))
print(Forwards.fromhex('1a2b'), type(Forwards.fromhex('1a')).__name__, Forwards(b'x' * 3))
print(bytearray.__new__(bytearray, b'ignored'), bytearray.__new__(Forwards, 1, 2, x=3))
b = bytearray(b'q')
view = memoryview(b)
try:
    b.__init__(b'zz')
except BufferError as e:
    print(e, b)
view.release()
b.__init__(b'zz')
print(b)
