# str and repr of integers, with bases and underscores.
print(0x_ff, 0o17, 0b1_0, 1_000_000, 0XAB, 0O7, 0B11)
print(str(-0), repr(10 ** 20), str(-123456789012345678901234567890))
print(hex(-255), oct(-8), bin(-5), hex(0), bin(0))
print(int("-0b101", 0), int("0o17", 0), int(" -12_3 "))
print(len(str(2 ** 10000)))
