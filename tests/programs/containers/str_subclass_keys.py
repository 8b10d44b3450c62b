# str subclasses with their own __eq__ as dict and set keys: CPython calls it.
class S(str):
    def __eq__(self, other):
        print("eq", str.__str__(self), other)
        return str.__eq__(self, other)
    __hash__ = str.__hash__
d = {"a": 1, "b": 2}
print(d[S("a")], S("b") in d, d.get(S("zz")))
e = {S("k"): 1}
print(e["k"], "k" in e)
s = {S("q")}
print("q" in s, S("q") in {"q"})
print([S("a")] == ["a"], ["a"] == [S("a")], ("a",) == (S("a"),), S("a") in ["a"], ["a"].count(S("a")), ("a", "b").index(S("b")))
l = ["x", "y"]; l.remove(S("y")); print(l, {1: "v"} == {1: S("v")})
