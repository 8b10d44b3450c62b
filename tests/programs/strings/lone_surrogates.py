# Lone surrogates in str (PEP 383): made by surrogateescape/surrogatepass decoding
# and chr(), kept by slicing, concatenation, join, f-strings and iteration, compared
# and hashed by code point, shown by repr/ascii, and encoded back (or refused) by
# every codec and error handler as CPython does.
import codecs, sys
s = b'-\xff'.decode('utf-8', 'surrogateescape')
print(repr(s), len(s), ascii(s), [hex(ord(c)) for c in s])
print(s.encode('utf-8', 'surrogateescape'), s.encode('latin-1', 'surrogateescape'))
t = chr(0xdc80) + 'a' + chr(0xd800)
print(repr(t), len(t), t[0] == '\ufffd', repr(t[2]), repr(t[::-1]), repr(t[1:]), repr(t * 2))
print(hash(chr(0xdc80)) == hash(chr(0xdc80)), chr(0xdc80) == chr(0xdc80), chr(0xdc80) != '\ufffd')
print(sorted([chr(0xdc80), '\ufffd', 'z', chr(0xd800)]) == [ 'z', chr(0xd800), chr(0xdc80), '\ufffd'])
d = {chr(0xdc80): 1, '\ufffd': 2}
print(len(d), d[chr(0xdc80)], d['\ufffd'], len({chr(0xdc80), '\ufffd'}))
print(repr(''.join([chr(0xdc80), 'x'])), repr(f'{t}!'), repr(t + t))
for enc in ['utf-8','utf-16','utf-16-le','utf-32','ascii','latin-1']:
    for st in [('a' + chr(0xdc80) + chr(0xdc81) + 'b'), ('a' + chr(0xdc80) + 'b' + chr(0xdc81))]:
        try: st.encode(enc)
        except UnicodeEncodeError as e: print(enc, e, e.start, e.end)
codecs.register_error('t', lambda e: ('\xe9', e.end))
for enc in ['utf-8','utf-16-le','latin-1']:
    try: print(('a' + chr(0xdc80)).encode(enc, 't'))
    except Exception as e: print(type(e).__name__, e)
codecs.register_error('t2', lambda e: ('XY', e.end))
print(('a' + chr(0xdc80) + chr(0xdc81)).encode('utf-16-le', 't2'))
print(('a' + chr(0xdc80) + chr(0xdc81)).encode('utf-8', 'surrogatepass'), ('a' + chr(0xdc80) + chr(0xdc81)).encode('utf-16-be', 'surrogatepass'))
print(('a' + chr(0xdc80) + chr(0xdcff)).encode('utf-8', 'surrogateescape'), ('a' + chr(0xdc80) + chr(0xdcff)).encode('latin-1', 'surrogateescape'))
for h in ['replace','ignore','backslashreplace','xmlcharrefreplace','namereplace']:
    print(h, ('a' + chr(0xdc80) + chr(0xdc81)).encode('utf-8', h), ('a' + chr(0xdc80)).encode('utf-16-le', h))
try: ('a' + chr(0xd800)).encode('utf-8','surrogateescape')
except UnicodeEncodeError as e: print(e)
try: ('a' + chr(0xdc80)).encode('ascii','surrogatepass')
except UnicodeEncodeError as e: print(e)
print(repr(b'a\xed\xb2\x80'.decode('utf-8', 'surrogatepass')), repr(b'\x00\xd8'.decode('utf-16-le', 'surrogatepass')))
print(repr(b'\x80abc\xff'.decode('ascii', 'surrogateescape')))
try: b'a\x00'.decode('ascii', 'surrogateescape'); print("ok")
except UnicodeDecodeError as e: print(e)
print(repr(codecs.decode(b'\\udc80', 'unicode_escape')), codecs.encode(chr(0xdc80), 'unicode_escape'), codecs.encode(chr(0xdc80), 'raw_unicode_escape'))
import os
print(repr(os.fsdecode(b'\xff')), os.fsencode((chr(0xdcff))))
print(str(b'\xff', 'utf-8', 'surrogateescape') == (chr(0xdcff)))
class S(str): pass
print(repr(S((chr(0xdc80)))), repr(str(S((chr(0xdc80))))))
it = iter(('a' + chr(0xdc80))); print(repr(next(it)), repr(next(it)))
print(codecs.lookup_error('surrogateescape')(UnicodeDecodeError('utf-8', b'a\xff', 1, 2, 'x')))
print(codecs.lookup_error('surrogatepass')(UnicodeEncodeError('utf-8', ('a' + chr(0xdc80)), 1, 2, 'x')))
try: print((chr(0xdc80)))
except UnicodeEncodeError as e: print("print:", e, file=sys.stderr)
sys.stdout.flush()
