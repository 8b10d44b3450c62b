# math.comb, math.perm and math.factorial on large arguments (exact, and fast enough).
import math
x = math.comb(100000, 50000)
y = math.perm(30000, 20000)
z = math.factorial(50000)
print(x.bit_length(), x % 1000003, y.bit_length(), y % 1000003, z % 1000003)
print([math.comb(n, k) for n in range(8) for k in range(n + 2)])
print([math.perm(n, k) for n in range(6) for k in range(n + 2)], math.perm(2 ** 64 + 5, 3), math.comb(2 ** 64 - 1, 2), math.comb(10 ** 30, 3))
