# dict views: iteration, reversed, set operations, comparisons, repr, len, containment.
d = {"a": 1, "b": 2, "c": 3}
k, v, i = d.keys(), d.values(), d.items()
print(k, v, i, len(k), len(v), len(i))
print(type(k).__name__, type(v).__name__, type(i).__name__)
print(list(reversed(k)), list(reversed(v)), list(reversed(i)))
print(type(iter(k)).__name__, type(iter(v)).__name__, type(iter(i)).__name__)
print("a" in k, "z" in k, 2 in v, 9 in v, ("a", 1) in i, ("a", 2) in i, "a" in i, ("a",) in i)
print(k == {"a", "b", "c"}, k == {"a"}, k != {"a"}, i == {("a", 1), ("b", 2), ("c", 3)}, v == v)
print(k < {"a", "b", "c", "d"}, k <= {"a", "b", "c"}, k > {"a"}, k >= {"x"})
print(k == ["a", "b", "c"], k.__eq__([1]))
print(sorted(k & {"a", "z"}), sorted(k | {"z"}), sorted(k - {"a"}), sorted(k ^ {"a", "q"}))
print(sorted({"a", "z"} & k), sorted(["z"] | k), sorted(["a", "q"] - k), sorted({"q"} ^ k))
e = {"b": 20, "c": 3, "x": 0}
print(sorted(k & e.keys()), sorted(k - e.keys()), sorted(i & e.items()), sorted(i ^ e.items()))
print(sorted(i - {("a", 1)}), sorted(i | [("z", 26)]))
print(k.isdisjoint({"x"}), k.isdisjoint(["a"]), i.isdisjoint({("a", 1)}), k.isdisjoint(k))
print(set(k), set(i) == set(d.items()), list(v), tuple(k))
d["d"] = 4
print(k, v, i)
del d["a"]
print(list(k), list(v), list(i))
try:
    v | {1}
except TypeError as e:
    print(type(e).__name__, e)
try:
    hash(k)
except TypeError as e:
    print(type(e).__name__, e)
ints = {i: str(i) for i in range(8)}
print(ints.keys() & {1, 2, 100}, ints.keys() - range(6), ints.keys() | {9, 8}, ints.items() & {(1, "1")})
r = {}
r[1] = r.values()
print(r)
print(len({}.keys()), list({}.items()), {}.keys() == set(), bool({}.values()))
it = iter(d.items())
print(next(it), it.__length_hint__())
m = {1: 2, "a": [3]}
for view in (m.keys(), m.values(), m.items()):
    p = view.mapping
    print(type(p).__name__, dict(p), p[1], len(p), list(p), "a" in p)
m[5] = 6
print(dict(m.keys().mapping), m.items().mapping == m)
