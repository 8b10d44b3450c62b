# memoryview over the buffer protocol: arrays, strided slices, casts to shapes,
# writes through to the exporter, export counting, hashing and equality.
import array
m = memoryview(array.array('i',[1,2,3]))
for f in (lambda: m.__setitem__(0, 2**40), lambda: m.__setitem__(0, 'x'), lambda: memoryview(bytearray(2)).cast('c').__setitem__(0, b'ab'), lambda: memoryview(bytearray(2)).cast('?').__setitem__(0, []), lambda: memoryview(bytearray(8)).cast('d').__setitem__(0, 'x'), lambda: memoryview(bytearray(8)).cast('B').__setitem__(0, -1), lambda: memoryview(bytearray(8)).cast('e'), lambda: memoryview(array.array('u','ab')).tolist(), lambda: memoryview(array.array('u','ab'))[0], lambda: memoryview(bytearray(8)).cast('P').tolist(), lambda: memoryview(bytearray(8)).cast('B', (2,4)).tolist(), lambda: memoryview(bytearray(8)).cast('B', (2,4))[0], lambda: len(memoryview(bytearray(8)).cast('B', (2,4))), lambda: memoryview(bytearray(8)).cast('B', (2,4))[1,2], lambda: memoryview(bytearray(8)).cast('B', ()), lambda: memoryview(bytearray(1)).cast('B', ())[()], lambda: memoryview(b'abc')[::2].tobytes(), lambda: memoryview(b'abc')[::-1].tolist(), lambda: memoryview(b'abcd')[::2].strides, lambda: memoryview(b'abcd')[::2].contiguous, lambda: memoryview(b'abcd')[::2].cast('B'), lambda: memoryview(bytearray(4))[::2].__setitem__(slice(None), b'xy'), lambda: hash(memoryview(bytearray(b'ab'))), lambda: hash(memoryview(b'abcd').cast('i')), lambda: memoryview(b'ab') == b'ab', lambda: memoryview(array.array('i',[1,2])) == array.array('i', [1,2]), lambda: memoryview(array.array('i',[1,2])) == [1,2], lambda: memoryview(array.array('d',[float('nan')])) == memoryview(array.array('d',[float('nan')])), lambda: memoryview(bytearray(4)).cast('i').cast('h'), lambda: memoryview(bytearray(6)).cast('i'), lambda: memoryview(bytearray(4)).cast('I', (3,)), lambda: memoryview(b'ab').cast('x'), lambda: len(memoryview(bytearray(1)).cast('B', ())), lambda: list(memoryview(b'ab')), lambda: memoryview(bytearray(8)).cast('B', (2,4)).tobytes('F'), lambda: memoryview(b'ab').obj, lambda: memoryview(b'ab').suboffsets):
    try: print(repr(f()))
    except Exception as e: print(type(e).__name__, e)
a = array.array('i', [1, 2, 3])
m = memoryview(a)
m[1] = 20
print(a, m.format, m.itemsize, m.nbytes, m.tolist(), m.readonly)
for f in (lambda: a.append(4), lambda: a.pop(), lambda: a.extend([1]), lambda: a.insert(0, 1), lambda: a.frombytes(b'abcd')):
    try: f()
    except BufferError as e: print('BufferError', e)
m.release()
a.append(4); print(a)
import io
b = array.array('b', bytes(5))
n = io.BytesIO(b'hello world').readinto(b)
print(n, b)
import struct
buf = bytearray(8)
struct.pack_into('hh', memoryview(buf), 2, 1, 2)
print(buf)
mv = memoryview(bytearray(b'abcdef'))
mv[1:3] = b'XY'; print(mv.obj)
mv[::2] = b'123'; print(mv.obj)
print(bytes(mv[::2]), b"".join([mv[1:2], mv[::-1].tobytes()]))
try:
    b"".join([mv[::2]])
except TypeError as e:
    print(e)
with memoryview(b'abc') as v:
    print(v[0], v[-1], v[1:].tobytes())
try: v[0]
except ValueError as e: print(e)
print(hash(memoryview(b"ab")) == hash(b"ab"), repr(v).startswith('<released memory at 0x'), repr(memoryview(b'')).startswith('<memory at 0x'))
import hashlib
print(hashlib.md5(memoryview(b"abc")[1:]).hexdigest())
x = memoryview(bytearray(b'abcd')).cast('B', (2, 2))
print(x.tolist(), x.shape, x.strides, x.ndim, x[1, 1], x.tobytes(), x.tobytes('F'), x.c_contiguous, x.f_contiguous)
x[0, 0] = 65; print(x.obj)
print(memoryview(b'abc').toreadonly().readonly, memoryview(bytearray(1)).toreadonly().readonly)
e = memoryview(b'ab'); print(e == e, e != e, e < e if False else '')
d = memoryview(array.array('d', [1.5, float('nan')])); print(d == d, d[0])
