# Big integers: digits of pi from a spigot over exact rationals kept as ints.


def pi_digits(count):
    # Gibbons' unbounded spigot, written with plain integer state.
    q, r, t, k, n, l = 1, 0, 1, 1, 3, 3
    digits = []
    while len(digits) < count:
        if 4 * q + r - t < n * t:
            digits.append(n)
            q, r, n = 10 * q, 10 * (r - n * t), (10 * (3 * q + r)) // t - 10 * n
        else:
            q, r, t, k, n, l = q * k, (2 * q + r) * l, t * l, k + 1, (q * (7 * k + 2) + r * l) // (t * l), l + 2
    return digits


digits = pi_digits(3500)
text = "".join(map(str, digits))
for start in range(0, 200, 50):
    print(text[start:start + 50])
print(sum(digits), text[-20:])
print(int(text[:400]) % 1000000007, len(str(int(text[:1000]) ** 3)))
