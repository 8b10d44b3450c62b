print('é€'.encode('cp1252'), b'\xe9\x80'.decode('cp1252'), 'abc'.encode('utf-8-sig'), b'\xef\xbb\xbfabc'.decode('utf-8-sig'))
print('x'.encode('iso8859_15'), b'\xa4'.decode('iso-8859-15'), 'hé'.encode('mac_roman'), bytearray(b'\xe9').decode('cp850'))
for call in [lambda: 'x'.encode('rot13'), lambda: b'x'.decode('hex'), lambda: 'x'.encode('nope'), lambda: '€'.encode('cp437'), lambda: b'\x81'.decode('cp1252')]:
    try:
        print(call())
    except Exception as e:
        print(type(e).__name__, e)
print('€'.encode('cp437', 'replace'), b'\x81x'.decode('cp1252', 'ignore'))
