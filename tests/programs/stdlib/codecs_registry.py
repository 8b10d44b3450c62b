import codecs, encodings
print(codecs.lookup('UTF-8').name, codecs.lookup('latin_1').name, codecs.lookup('cp1252').name)
print(codecs.encode('héllo', 'utf-8'), codecs.decode(b'h\xc3\xa9llo', 'utf-8'))
print(codecs.encode('héllo €', 'cp1252'), codecs.decode(b'\x80\xe9', 'cp1252'))
print(codecs.encode('abc', 'utf-16'), codecs.decode(b'\xff\xfea\x00b\x00', 'utf-16'))
print(codecs.encode('abc', 'utf-32-be'), codecs.decode(b'\x00\x00\x00a', 'utf-32-be'))
print(codecs.encode('a\nb\\\xe9\u20ac', 'unicode_escape'), codecs.decode(b'a\\nb\\x41\\u20ac', 'unicode_escape'))
print(codecs.encode('a\xe9\u20ac', 'raw_unicode_escape'), codecs.decode(b'a\\u20ac\\n', 'raw_unicode_escape'))
print(codecs.escape_encode(b'a\n\x00\'"'), codecs.escape_decode(b'a\\n\\x41\\101'))
try:
    codecs.lookup('nope')
except LookupError as e:
    print('LookupError', e)
try:
    codecs.decode(b'\x81', 'cp1252')
except UnicodeDecodeError as e:
    print('UnicodeDecodeError', e)
try:
    codecs.encode('\u0100', 'cp1252')
except UnicodeEncodeError as e:
    print('UnicodeEncodeError', e)
print(codecs.encode('\u0100x', 'cp1252', 'replace'), codecs.decode(b'\x81x', 'cp1252', 'replace'))
print(codecs.lookup_error('strict') is codecs.strict_errors)
try:
    codecs.lookup_error('bogus')
except LookupError as e:
    print(e)
codecs.register_error('mine', lambda e: ('!', e.end))
print(codecs.lookup_error('mine')(UnicodeEncodeError('ascii', 'x\u0100', 1, 2, 'r')))
print(codecs.replace_errors(UnicodeDecodeError('ascii', b'x\xff', 1, 2, 'r')))
print(codecs.backslashreplace_errors(UnicodeEncodeError('ascii', 'x\u0100y', 1, 2, 'r')))
print(codecs.xmlcharrefreplace_errors(UnicodeEncodeError('ascii', 'x\u0100y', 1, 2, 'r')))
dec = codecs.getincrementaldecoder('utf-8')()
print(repr(dec.decode(b'h\xc3')), repr(dec.decode(b'\xa9!')), repr(dec.decode(b'', final=True)))
enc = codecs.getincrementalencoder('utf-16')()
print(enc.encode('a'), enc.encode('b'))
print(codecs.utf_8_decode(b'ab\xe2\x82', None, False), codecs.utf_16_ex_decode(b'\xfe\xff\x00a', None, 0, True))
print(codecs.charmap_build('abc')[98], codecs.latin_1_encode('\xe9'), codecs.ascii_decode(b'ok'))
import json
print(json.dumps({'a': [1, 2.5, None, 'é']}), json.loads('{"x": [1, "\\u20ac"]}'))
print(codecs.BOM_UTF8, 'x'.encode('idna') if False else '')
