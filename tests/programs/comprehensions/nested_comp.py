# Deeper nesting and comprehension of comprehensions.
flat = [n for row in [[1, 2], [3], [], [4, 5, 6]] for n in row]
print(flat)
primes = [n for n in range(2, 40) if all(n % d for d in range(2, int(n ** 0.5) + 1))]
print(primes)
pyth = [(a, b, c) for c in range(1, 21) for b in range(1, c) for a in range(1, b) if a * a + b * b == c * c]
print(pyth)
print({k: {v for v in range(k)} for k in range(4)})
words = ["alpha", "beta", "gamma"]
print({w: {c: w.count(c) for c in sorted(set(w))} for w in words})
print([[y for y in range(x)] for x in range(4)])
