# dict methods.
d = {"a": 1, "b": 2}
d["c"] = 3
print(d, len(d), d["a"], d.get("z"), d.get("z", 0))
print(d.setdefault("a", 100), d.setdefault("d", 4), d)
print(d.pop("d"), d.pop("zz", "default"), d)
d.update({"e": 5}, f=6)
d.update([("g", 7)])
print(d)
print(d.popitem(), d)
c = d.copy()
c.clear()
print(c, d)
print(dict.fromkeys("ab", 0), dict(a=1, b=2), dict([(1, 2)]), dict(zip("xy", [1, 2])))
try:
    d["missing"]
except KeyError as e:
    print(type(e).__name__, e)
try:
    {}.popitem()
except KeyError as e:
    print(type(e).__name__, e)
try:
    d[[1]] = 2
except TypeError as e:
    print(type(e).__name__, e)
print({1: "a"} == {1: "a"}, {1: "a", 2: "b"} == {2: "b", 1: "a"}, "a" in d, 1 in d)
print(d | {"z": 0}, {"a": 0} | d)
d |= {"q": 9}
print(d)
