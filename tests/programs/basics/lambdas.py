# Lambdas.
sq = lambda x: x * x
print(sq(7), (lambda: "nothing")(), (lambda *a, **k: (a, k))(1, 2, k=3))
add = lambda a, b=10: a + b
print(add(1), add(1, 2), add(b=5, a=1))
print(sorted([(2, "b"), (1, "z"), (3, "a")], key=lambda p: p[1]))
print(list(map(lambda s: s.upper(), ["a", "b"])))
print(sq.__name__, (lambda: 0).__name__)
compose = lambda f, g: lambda x: f(g(x))
print(compose(sq, lambda x: x + 1)(3))
