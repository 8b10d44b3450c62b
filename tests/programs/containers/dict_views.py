# keys/values/items views are live and set-like.
d = {"a": 1, "b": 2, "c": 3}
k, v, i = d.keys(), d.values(), d.items()
print(k, v, i)
d["d"] = 4
print(list(k), list(v), len(i), "d" in k, 4 in v, ("a", 1) in i)
print(sorted(k & {"a", "z"}), sorted(k | {"z"}), sorted(k - {"a"}), sorted(k ^ {"a", "z"}))
print(sorted(i & {("a", 1), ("b", 0)}))
for key, value in d.items():
    print(key, value, end="; ")
print()
try:
    for key in d:
        d["new"] = 1
except RuntimeError as e:
    print(type(e).__name__, e)
print(k == {"a", "b", "c", "d", "new"}, type(k).__name__, type(v).__name__, type(i).__name__)
