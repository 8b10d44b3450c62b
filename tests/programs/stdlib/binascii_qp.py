# Quoted-printable encoding and decoding, and the int-accepting flags.
import binascii

for name in ['a2b_qp', 'b2a_qp']:
    print(name, getattr(binascii, name).__text_signature__)

decode_cases = [b"", b"=", b"= ", b"==", b"=\nAB", b"=\r\nAB", b"=\rAB", b"=\rAB\nCD",
                b"=AB", b"=ab", b"=AX", b"=XA", b"=A", b"a_b", b"=00\r\n=00",
                b"soft=\nbreak", "=41=42 text", b"=4", b"x=\r"]
for data in decode_cases:
    print('a2b', repr(data), binascii.a2b_qp(data), binascii.a2b_qp(data, header=True))

encode_cases = [b"", b"\xff\r\n\xff\n\xff", b"0" * 75 + b"\xff\r\n\xff\r\n\xff",
                b"\x7f", b"=", b"_", b"x y", b"x ", b"x\ty", b" ", b"\t", b" x",
                b"\0", b"\0\n", b"x y\tz", b"x \ny\t\n", b"x \ry\t\r",
                b"x \r\ny\t\r\n", b"x \r", b"x\t\r", b".", b".\n", b".\r", b".\0",
                b"a.\n", b"a" * 200, b"b" * 75 + b"\n" + b"c" * 80, b"d" * 74 + b"=" * 3,
                bytes(range(256)), b"line one \nline two\t\r\nend"]
for data in encode_cases:
    for flags in [{}, {'quotetabs': True}, {'istext': False}, {'header': True},
                  {'quotetabs': 1, 'istext': 0, 'header': 1}]:
        encoded = binascii.b2a_qp(data, **flags)
        print('b2a', repr(data[:20]), flags, encoded)
    assert binascii.a2b_qp(binascii.b2a_qp(data, istext=False)) == data

print(binascii.b2a_qp(bytearray(b"x y")), binascii.b2a_qp(memoryview(b"=\n")))
print(binascii.a2b_qp(data=b"x", header=False))

calls = [
    lambda: binascii.b2a_qp("text"),
    lambda: binascii.b2a_qp(foo="bar"),
    lambda: binascii.a2b_qp(b"", **{'x': 1}),
    lambda: binascii.a2b_qp("\x80"),
    lambda: binascii.a2b_qp(),
    lambda: binascii.b2a_qp(b"x", quotetabs=1.5),
    lambda: binascii.b2a_qp(b"x", header="yes"),
    lambda: binascii.b2a_base64(b"x", newline=2.0),
    lambda: binascii.b2a_base64(b"x", newline=0),
    lambda: binascii.b2a_uu(b"x", backtick=None),
    lambda: binascii.a2b_base64(b"ab=c", strict_mode=[]),
]
for call in calls:
    try:
        print(call())
    except Exception as e:
        print(type(e).__name__, e)
