# Arbitrary-precision integers.
a = 2 ** 100
print(a)
print(a + 1, a - 1, a * a)
print(a // 3, a % 3, -a // 7, -a % 7)
print(3 ** 80 // 7 ** 20)
f = 1
for i in range(1, 31):
    f *= i
print(f)
print(f == 265252859812191058636308480000000)
print(-(2 ** 64), (-2) ** 63)
print(2 ** 64 - 1 == 18446744073709551615)
print(len(str(7 ** 200)))
print(int("123456789012345678901234567890") * 2)
print(hex(2 ** 70), bin(2 ** 65)[:10])
print(2 ** 100 > 2 ** 99, 2 ** 100 == 2.0 ** 100)
print((2 ** 100) >> 90, 1 << 70)
print(abs(-(10 ** 30)), divmod(10 ** 25, 7))
