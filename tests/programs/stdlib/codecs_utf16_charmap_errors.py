# UTF-16 errors at a cut-off surrogate pair cover the rest of the data; charmap
# mappings: U+FFFE as a number is undefined, numbers may be surrogates.
import codecs
for raw in [b'\xff', b'A\x00Z', b'\x00\xd8', b'\x00\xd8A', b'\x00\xd8A\x00', b'\x00\xdcA\x00', b'\x00\xd8\x00\xd8', b'\x00\xd8\x00\xd8A']:
    for errors in ['replace', 'backslashreplace', 'ignore']:
        print(raw, errors, repr(raw.decode('utf-16le', errors)), repr(codecs.utf_16_le_decode(raw, errors, False)))
    try: codecs.utf_16_le_decode(raw, 'strict', True)
    except UnicodeDecodeError as e: print(e)
print(codecs.charmap_decode(b"\x00\x01\x02", "replace", {0: 'a', 1: 'b', 2: 0xFFFE}))
print(codecs.charmap_decode(b"\x00\x01\x02", "replace", {0: 'a', 1: 'b', 2: None}))
print(codecs.charmap_decode(b"\x00\x01\x02", "replace", {0: 'a', 1: 'b', 2: '\ufffe'}))
print(codecs.charmap_decode(b"\x00\x01\x02", "replace", "ab\ufffe"))
try: print(codecs.charmap_decode(b"\x00\x01\x02", "strict", {0: 97, 1: 98, 2: 0xFFFE}))
except Exception as e: print(type(e).__name__, e)
print(ascii(codecs.charmap_decode(b'\x00\x01', 'strict', {0: 0xd800, 1: 0x10ffff})))
for bad in [0x110000, -1]:
    try: codecs.charmap_decode(b'\x00', 'strict', {0: bad})
    except TypeError as e: print(type(e).__name__, e)
for raw in [b'\x00\xd8', b'\x00\xd8A', b'A\x00\x00\xd8A']:
    for final in [False, True]:
        try: print(raw, final, codecs.utf_16_le_decode(raw, 'replace', final), codecs.utf_16_be_decode(raw[::-1], 'replace', final))
        except UnicodeDecodeError as e: print(e)
