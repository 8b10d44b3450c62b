# A bytearray viewed by a memoryview refuses to change its length until every
# view of it is released; keeping the length is allowed.
import io
b = bytearray(b'abcdef')
m = memoryview(b)
ops = [('append', lambda: b.append(1)), ('extend', lambda: b.extend(b'xy')), ('extend empty', lambda: b.extend(b'')),
       ('insert', lambda: b.insert(0, 1)), ('pop', lambda: b.pop()), ('remove', lambda: b.remove(ord('a'))),
       ('remove missing', lambda: b.remove(ord('z'))), ('clear', lambda: b.clear()), ('iadd', lambda: b.__iadd__(b'x')),
       ('iadd empty', lambda: b.__iadd__(b'')), ('imul', lambda: b.__imul__(2)), ('imul 1', lambda: b.__imul__(1)),
       ('del item', lambda: b.__delitem__(0)), ('del slice', lambda: b.__delitem__(slice(0, 2))),
       ('del empty slice', lambda: b.__delitem__(slice(2, 2))), ('del step', lambda: b.__delitem__(slice(0, 4, 2))),
       ('set slice same', lambda: b.__setitem__(slice(0, 2), b'XY')), ('set slice grow', lambda: b.__setitem__(slice(0, 2), b'XYZ')),
       ('set step', lambda: b.__setitem__(slice(0, 4, 2), b'PQ')), ('set item', lambda: b.__setitem__(5, 70)),
       ('reverse', lambda: b.reverse())]
for name, op in ops:
    try:
        print(name, op(), b)
    except Exception as e:
        print(name, type(e).__name__, e, b)
m2 = m[1:3]
m.release()
try: b.append(1)
except BufferError as e: print('sub view still exports', e)
del m2
b.append(1)
print(b)
with memoryview(b) as v:
    try: b.pop()
    except BufferError as e: print(e)
b.pop()
print(b)
pop_empty = bytearray()
with memoryview(pop_empty):
    try: pop_empty.pop()
    except Exception as e: print(type(e).__name__, e)
memio = io.BytesIO(b"1234567890")
import _pyio
p = _pyio.BytesIO(b"1234567890")
buf = p.getbuffer()
try: p.write(b'x' * 100)
except BufferError as e: print('pyio', e)
del buf
p.write(b'x')
print(p.getvalue())
# Assigning no bytes to an extended slice deletes it (refused under a view too).
c = bytearray(range(10))
c[1:-1:2] = b""
print(c)
with memoryview(c):
    try:
        c[::3] = b""
    except BufferError as e:
        print("extended delete", e)
    try:
        c[::3] = b"ab"
    except ValueError as e:
        print(e)
c[::-2] = bytearray()
print(c)
