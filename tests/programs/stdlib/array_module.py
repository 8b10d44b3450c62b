# The array module: typecodes and their ranges, construction, the sequence protocol,
# methods, pickling (both protocol forms), and arrays as bytes-like objects.
from array import array
for code, v in [('b',200),('b',-200),('B',-1),('B',256),('h',1<<15),('H',-1),('i',1<<31),('I',-1),('I',1<<32),('l',1<<63),('L',-1),('L',1<<64),('q',1<<63),('Q',-1),('Q',1<<64),('i',1.5),('f','x'),('u',5),('u','ab'),('d',None)]:
    try: array(code,[v])
    except Exception as e: print(code, v, type(e).__name__, e)
for a in [('x',),(1,),('ii',),('i','abc'),('u',[1]),('i',array('u','a'))]:
    try: array(*a)
    except Exception as e: print(a, type(e).__name__, e)
a=array('i',[1,2,3])
for f in [lambda: a.pop(10), lambda: array('i').pop(), lambda: a.remove(9), lambda: a.index(9), lambda: a.extend(array('d')), lambda: a+[1], lambda: a.frombytes(b'123'), lambda: a.fromlist((1,)), lambda: a.fromunicode('x'), lambda: a.tounicode(), lambda: setattr(a,'x',1), lambda: a.__setitem__(slice(0,1),[1]), lambda: a[10], lambda: hash(a), lambda: a.__setitem__(10,1), lambda: array('i',[1]) < array('d',[1.5])]:
    try: print(f())
    except Exception as e: print(type(e).__name__, e)
print(repr(a), repr(array('u','hi')), repr(array('d')), a.itemsize, a.typecode, array('u').itemsize, a.buffer_info()[1])
print(a.__reduce_ex__(2)[0].__name__, a.__reduce_ex__(2)[1], a.__reduce_ex__(0)[1])
import array as m; print(m.typecodes, m.ArrayType is array)
print(array.__module__, type(iter(a)))
b = array('d', [1.5, 2.5, -3.0]); b.reverse(); b.insert(1, 7); print(b, b.pop(), b.count(7), b.index(7), b.tolist())
c = array('h', range(10)); del c[::3]; c[1:3] = array('h', [100]); print(c, c[::-2], list(reversed(c)))
c.byteswap(); print(c.tobytes()[:4]); c.byteswap()
import pickle, copy; print(pickle.loads(pickle.dumps(c)) == c, copy.deepcopy(c), array('Q', [2**64-1]), array('f', [0.1]))
import io; buf = io.BytesIO(); c.tofile(buf); d = array('h'); d.frombytes(buf.getvalue()); print(d == c)
print(array('b', b'\x01\xff'), array('u', 'x').tounicode(), sorted(array('i', [3, 1, 2])))
import binascii, io, struct, zlib
a = array('i', [1, 2])
print(bytes(a), bytearray(a), binascii.hexlify(a), zlib.crc32(a), b''.join([a, b'x']), struct.unpack('2i', a))
f = io.BytesIO(); f.write(a); print(f.getvalue())
import collections.abc
print(isinstance(a, collections.abc.MutableSequence), list(pickle.loads(pickle.dumps(iter(a)))))
class Sub(array):
    def __init__(self, code, items, tag=None):
        self.tag = tag
s = Sub('b', [1, 2], tag='t')
print(s, s.tag, type(s[:1]).__name__, pickle.loads(pickle.dumps(s, 2)).tag)
for op in (lambda: a * 'x', lambda: a + [1], lambda: array('i', [1]) * (1 << 62)):
    try:
        op()
    except Exception as e:
        print(type(e).__name__, e)
