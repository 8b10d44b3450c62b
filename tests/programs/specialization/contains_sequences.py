# `in` over tuples, lists and strs: numbers of mixed kinds, exact strs, None,
# identity first, and elements whose __eq__ must run (in order, once each).
class Loud:
    def __init__(self, name, equal=False):
        self.name = name
        self.equal = equal

    def __eq__(self, other):
        print("eq", self.name)
        return self.equal


print(1 in (1.0, 2), 2.0 in [1, 2], True in (1,), 0 in (False,), 3 in (1, 2), None in (0, None))
print("a" in ("b", "a"), "a" in ["b", 1, None], 1 in ("1",), "x" in (), None in [])
print("bc" in "abcd", "" in "x", "e" in "abcd", "\u20ac" in "a\u20acb")
print(5 in (1, Loud("first"), 5, Loud("never")))
print(5 in [1, 2, Loud("second", True)])
print(2 in (1, 2, Loud("after the match")))
nan = float("nan")
print(nan in (nan,), nan in [float("nan")] == [False])
big = 10**30
print(big in (10**30,), big in [1, 2])
try:
    1 in "abc"
except TypeError as exc:
    print("TypeError:", exc)


class StrSub(str):
    def __eq__(self, other):
        print("StrSub eq")
        return True

    __hash__ = str.__hash__


print("zz" in (StrSub("a"),), StrSub("q") in ("a", "b"))
print("a\udc80" in ("a\udc80",), "\udc80" in "x\udc80y", "\ufffd" in "x\udc80y")
