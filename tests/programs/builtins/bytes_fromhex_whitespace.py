# bytes.fromhex and bytearray.fromhex skip C's whitespace (vertical tab and form
# feed included) and nothing else.
for cls in (bytes, bytearray):
    print(cls.fromhex(' 1A\n2B\t30\v'), cls.fromhex('\x0c1a\r'))
    for c in "\x09\x0A\x0B\x0C\x0D\x20":
        print(repr(c), cls.fromhex(c))
    for c in "\x1C\x1D\x1E\x1F\x85\xa0\u2000\u2002\u2028":
        try:
            cls.fromhex(c)
        except ValueError as e:
            print(repr(c), e)
    for text in ['12 x4 56', '12 3x 56', '1a b cd', '\x00']:
        try:
            cls.fromhex(text)
        except ValueError as e:
            print(repr(text), e)
