import binascii
for n in ['hexlify','unhexlify','b2a_hex','a2b_hex','b2a_base64','a2b_base64','crc32','crc_hqx','b2a_uu','a2b_uu']:
    print(n, getattr(binascii, n).__text_signature__)
print(binascii.Error.__mro__, binascii.Incomplete.__mro__)
for call in [lambda: binascii.unhexlify(b'abc'), lambda: binascii.unhexlify(b'zz'), lambda: binascii.a2b_base64(b'abc'), lambda: binascii.a2b_base64(b'ab=c', strict_mode=True), lambda: binascii.hexlify('x'), lambda: binascii.a2b_base64('é'), lambda: binascii.a2b_base64(b'a'), lambda: binascii.a2b_base64(b'abcde'), lambda: binascii.hexlify(b'abc', '')]:
    try:
        print(call())
    except Exception as e:
        print(type(e).__name__, e)
print(binascii.hexlify(b'\x01\xab\xff', '-'), binascii.hexlify(b'\x01\xab\xff\x00', b':', 2), binascii.hexlify(b'\x01\xab\xff\x00\x11', ':', -2), binascii.hexlify(b'\x01\xab\xff\x00\x11', ':', 2))
print(binascii.b2a_base64(b'hello'), binascii.b2a_base64(b'hi', newline=False), binascii.a2b_base64(b'aGVsbG8=\n'), binascii.a2b_base64('aGk='))
print(binascii.crc32(b'hello'), binascii.crc32(b'world', 123), binascii.crc_hqx(b'hello', 0), binascii.crc32(b'x', -1))
print(binascii.b2a_uu(b'hi'), binascii.a2b_uu(b'":&D\n'), binascii.b2a_uu(b'', backtick=True), binascii.a2b_uu(b''))
print(binascii.a2b_base64(b'YW Jj\nZA=='), binascii.a2b_base64(b'YWJjZA===extra'))
import base64
print(base64.b64encode(b'hi there'), base64.b64decode('aGkgdGhlcmU='), base64.urlsafe_b64encode(b'\xfb\xff'), base64.b32encode(b'abc'), base64.b16decode('4142'), base64.b85encode(b'abc'))
