# Complex numbers.
z = 3 + 4j
print(z, z.real, z.imag, abs(z), z.conjugate())
print(z * 2, z + 1, z - 1j, z * z, (1 + 2j) / (3 - 4j))
print(1j * 1j, complex(1, -1), complex(2), -z)
print(z == complex(3, 4), 0j, 1j)
print(repr(1.5j), type(z).__name__)
try:
    z < z
except TypeError as e:
    print(type(e).__name__, e)
