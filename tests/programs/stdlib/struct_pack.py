import struct
tests = [('h', 40000), ('<h', 40000), ('B', 300), ('<B', -1), ('b', 200), ('<H', -1), ('i', 2**40), ('<i', 2**40), ('<I', -1), ('<q', 2**70), ('<Q', -1), ('@l', 2**70), ('n', 2**70), ('<n', 1), ('i', 'x'), ('f', 'x'), ('c', b'ab'), ('s', 'x'), ('?', []), ('<e', 1e10), ('i', 1.5), ('3x2i', 1), ('<P', 1), ('P', 2**70), ('N', -1), ('L', -1), ('<L', 2**33)]
for f, v in tests:
    try:
        print(f, struct.pack(f, v))
    except Exception as e:
        print(f, type(e).__name__, e)
for f in ['z', '3', '<>i', 'i ', ' i', '2 i']:
    try:
        print(repr(f), struct.calcsize(f))
    except Exception as e:
        print(repr(f), type(e).__name__, e)
s = struct.Struct('<ihq')
print(s.format, s.size, s.pack(1, 2, 3), s.unpack(s.pack(-1, -2, -3)))
for call in [lambda: struct.unpack('<i', b'ab'), lambda: struct.unpack_from('<i', b'ab', 1),
             lambda: struct.pack_into('<i', bytearray(2), 1, 5), lambda: struct.pack('<ii', 1),
             lambda: struct.unpack_from('<i', b'abcd', -10)]:
    try:
        call()
    except Exception as e:
        print(type(e).__name__, e)
print(struct.calcsize('@bi'), struct.calcsize('=bi'), struct.calcsize('@bq'), struct.calcsize('@?h'), struct.calcsize('P'), struct.calcsize('0s'), struct.calcsize('5p'))
print(list(struct.iter_unpack('<h', b'\x01\x00\x02\x00')), struct.pack('<e', 1.5), struct.unpack('<e', b'\x00<'))
print(struct.pack('5p', b'ab'), struct.pack('3s', b'abcdef'), struct.unpack('<?', b'\x02'))
print(type(struct.iter_unpack('<h', b'')).__name__, struct.Struct.__module__, struct.error.__module__, struct.error.__mro__)
print(struct.pack('>dfe', 1.1, -2.5, 0.1), struct.unpack('>dfe', struct.pack('>dfe', 1.1, -2.5, 0.1)))
print(struct.pack('<qQ', -2**63, 2**64 - 1), struct.unpack('<qQ', struct.pack('<qQ', -2**63, 2**64 - 1)))
print(struct.pack('!HhIiLlQq', 1, -1, 2, -2, 3, -3, 4, -4))
print(struct.pack('@bhiq', 1, 2, 3, 4), struct.calcsize('@bhiq'))
buf = bytearray(8); struct.pack_into('<hh', buf, 2, 7, 8); print(buf, struct.unpack_from('<h', buf, offset=4))
print(struct.pack('<3c', b'a', b'b', b'c'), struct.unpack('<2s2p', b'abcd'))
print([struct.pack('<e', x) for x in (65504.0, 6e-8, -0.0, float('inf'), 1/3)])
