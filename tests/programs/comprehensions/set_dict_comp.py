# Set and dict comprehensions.
print({x % 5 for x in range(20)})
print({x: x ** 2 for x in range(5)})
print({k: v for k, v in zip("abc", range(3)) if v != 1})
print({v: k for k, v in {"a": 1, "b": 2, "c": 1}.items()})
print({(x, y) for x in range(2) for y in range(2)} == {(0, 0), (0, 1), (1, 0), (1, 1)})
print({n: [d for d in range(1, n + 1) if n % d == 0] for n in (6, 7, 12)})
print(sorted({w[0] for w in ["apple", "avocado", "banana"]}))
