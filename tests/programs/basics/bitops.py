# Bitwise operators and shifts, including negative numbers.
a, b = 0b1100, 0b1010
print(a & b, a | b, a ^ b, ~a)
print(-6 & 0xFF, -1 ^ 5, ~-1, ~0)
print(1 << 10, 1024 >> 3, -16 >> 2, -1 >> 100)
print(5 << 0, 0 >> 5)
try:
    1 << -1
except ValueError as e:
    print(type(e).__name__, e)
x = 0xF0
x &= 0x3C
print(x)
x |= 1
x ^= 0xFF
x <<= 2
x >>= 1
print(x)
print(True & False, True | False, True ^ True)
print((255).bit_length(), (-255).bit_length(), (0).bit_length())
