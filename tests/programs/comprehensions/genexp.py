# Generator expressions are lazy and single-use.
g = (x * 2 for x in range(4))
print(type(g).__name__, next(g), list(g), list(g))
print(sum(x for x in range(101)), max(len(w) for w in ["a", "abc", "ab"]))
def noisy(n):
    for i in range(n):
        print("produce", i)
        yield i
lazy = (i * 10 for i in noisy(3))
print("created")
print(next(lazy))
print(list(lazy))
print(any(x > 2 for x in [1, 2, 3, 4]), all(x for x in []))
print(list(x for x in "ab"), tuple(x for x in range(3)), sorted((x for x in [3, 1, 2]), reverse=True))
print(", ".join(str(x) for x in range(3)))
