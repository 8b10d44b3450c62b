# Every dict method and operator, with CPython's error messages.
def err(f):
    try:
        r = f()
    except Exception as e:
        print(type(e).__name__, e)
    else:
        print("ok", r)

d = dict(a=1, b=2)
print(d, dict([("x", 1), ["y", 2]]), dict({"k": 0}, z=9), dict(zip("ab", range(2))), dict())
print(dict.fromkeys("abc"), dict.fromkeys([1, 2], 0), dict.fromkeys(range(3), []))
print(d.setdefault("c", 3), d.setdefault("a", 100), d.setdefault("n"), d)
print(d.pop("n"), d.pop("zz", "dflt"), d.get("a"), d.get("zz"), d.get("zz", 5))
err(lambda: d.pop("zz"))
err(lambda: d.pop())
err(lambda: d.get())
err(lambda: d.setdefault())
err(lambda: d["missing"])
err(lambda: d[[1]])
err(lambda: {}.popitem())
e = {1: "a", 2: "b", 3: "c"}
print(e.popitem(), e.popitem(), e)
e[9] = "z"
print(e.popitem(), e)
d.update({"a": 10}, b=20)
d.update([("q", 1)])
d.update(r=5)
print(d)
err(lambda: d.update(1))
err(lambda: d.update([1]))
err(lambda: d.update([(1, 2, 3)]))
err(lambda: d.update({}, {}))
err(lambda: dict({}, {}))
err(lambda: dict([("a",)]))
err(lambda: dict(1))
print(d | {"new": 0}, {"x": 1} | {"x": 2}, type(d | {}).__name__)
err(lambda: d | [("a", 1)])
g = {"a": 1}
g |= [("b", 2)]
g |= {"c": 3}
print(g)
err(lambda: g.__ior__(1))
print(d.copy() == d, d.copy() is d, {1: 2} == {1: 2.0}, {1: 2} != {1: 3}, {} == [])
err(lambda: {} < {})
c = {1: 2}
c.clear()
print(c, len(c), bool(c), bool({0: 0}))
class M(dict):
    def __missing__(self, key):
        return key * 2
m = M(a=1)
print(m["a"], m["xy"], m.get("xy"), "xy" in m, type(m.copy()).__name__, type(m | {}).__name__)
class D(dict):
    pass
print(D.fromkeys("ab", 1), type(D.fromkeys("a")).__name__, D(x=1) == {"x": 1})
r = {}
r["self"] = r
print(r, {1: [1, {2: 3}]}, repr({}), str({"a": "b"}))
print(list(reversed({1: 1, 2: 2, 3: 3})), list(reversed({})))
h = {True: "bool", 1.0: "float", 1: "int"}
print(h, {0: 0, False: 1, 0.0: 2})
print(hash(1) == hash(1.0) == hash(True), {(1, 2): 3}[(1, 2)])
err(lambda: {[]: 1})
err(lambda: hash({}))
big = {i: i * i for i in range(1000)}
for i in range(0, 1000, 2):
    del big[i]
print(len(big), list(big)[:5], big[999], sum(big.values()))
big.update((i, -i) for i in range(5))
print(list(big.items())[-6:])
print(d.__contains__("a"), d.__getitem__("a"), dict.__len__(d), d.__eq__(1))
print({1: 2}.keys() == {1}, list({"a": 1}), len(dict(a=1, b=2)))
print(dict(dict(a=1).items()), dict([(1, 2)], **{"x": 3}))
