# Methods and attributes of int.
n = 1000
print(n.bit_length(), n.to_bytes(2, "big"), n.to_bytes(4, "little"))
print(int.from_bytes(b"\x01\x00", "big"), int.from_bytes(b"\xff\xff", "big", signed=True))
print((-5).__abs__(), (7).__neg__(), (3).real, (3).imag, (3).numerator, (3).denominator)
print((10).__add__(5), (10).__radd__(5), (10).__truediv__(4))
print(int.__name__, (5).conjugate(), (6).as_integer_ratio())
print((255).bit_count(), (-1).bit_count())
print(hash(1) == hash(1.0), hash(0) == hash(False), hash(-1), hash(2 ** 61 - 1), hash(2 ** 61))
