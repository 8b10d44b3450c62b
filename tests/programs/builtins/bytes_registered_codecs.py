# bytes(str, encoding) and bytearray(...) take any codec of the registry, as
# str.encode does; bytearray.__alloc__ tells the room allocated.
class A(str):
    def __bytes__(self):
        return b'abc'
print(bytes(A('\u20ac')))
print(bytes(A('\u20ac'), 'iso8859-15'))
print(bytes('\u20ac', 'iso8859-15'), bytearray('\u20ac', 'cp1252'), bytes('x', 'latin-1'))
for enc in ['rot13', 'hex', 'nosuch']:
    try:
        print(bytes('ab', enc))
    except Exception as e:
        print(type(e).__name__, e)
b = bytearray()
print(b.__alloc__(), bytearray.__alloc__.__text_signature__)
b += b'xyz'
print(b.__alloc__() > len(b))
