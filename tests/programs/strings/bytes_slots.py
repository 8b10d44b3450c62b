# bytes and bytearray fill their slots natively: subscripts and assignment, in, len,
# repr, comparisons with any buffer, %, hash and iteration.
b = b'hello'; ba = bytearray(b'hello')
for x in (b, ba):
    print(x[1], x[-1], x[1:3], x[::-1], x[10:], len(x), repr(x), list(iter(x))[:2], 101 in x, b'ell' in x, bytearray(b'l') in x)
    print(x == b'hello', x == bytearray(b'hello'), x < b'help', x >= b'hello', x != 'hello', x == memoryview(b'hello'))
    print(x % (), b'%s-%d' % (b'a', 1), bytearray(b'%s') % b'z')
print(hash(b) == hash(b'hello'), {b: 1}[b'hello'])
ba[0] = 72; ba[1:3] = b'EY'; del ba[-1]; print(ba); del ba[::2]; print(ba)
for bad in ["b[9]", "ba[9]", "b['a']", "ba['a']", "'a' in b", "300 in b", "b < 'a'", "hash(ba)", "b.__getitem__()", "bytes.__len__('a')", "ba.__setitem__(0)", "bytearray.__delitem__(ba, 99)", "b % 1", "1 % b", "b.__rmod__(1)", "ba.__iter__(1)"]:
    try: print(bad, '->', eval(bad))
    except Exception as x: print(bad, '!!', type(x).__name__, x)
class B(bytes):
    def __getitem__(self, i): return 'own'
    def __len__(self): return 9
print(B(b'x')[0], len(B()), bytes.__getitem__(B(b'xy'), 1), B(b'a') == b'a', type(B(b'ab')[:1]).__name__)
class BA(bytearray): pass
q = BA(b'ab'); q[0] = 65; print(q, type(q[:1]).__name__, repr(q))
it = iter(bytearray(b'ab')); print(next(it), list(it))
print(type(bytes.__getitem__).__name__, bytes.__hash__.__text_signature__, bytearray.__setitem__.__text_signature__)
