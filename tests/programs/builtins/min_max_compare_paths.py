# min() and max() compare ints, floats and exact strs directly; anything else
# goes through the rich comparison with CPython's order of calls.
nan = float("nan")
print(min([3, 1, 2]), max([3, 1, 2]), min(2.5, 1.5), max(2.5, 1.5))
print(min(["b", "a", "c"]), max("b", "ab"), min("é", "e"), max(["", "z"]))
print(max([nan, 1.0]), max([1.0, nan]), min([nan, 2.0, 1.0]))
print(min(1, 2.0), max(1, 1.0), max(1.0, 1), min(True, 0), max([10**30, 1.5]))
print(min([(2, "b"), (1, "z"), (1, "a")]), max("\udc80", "a") == "\udc80")


class Loud:
    def __init__(self, v):
        self.v = v

    def __lt__(self, other):
        print("lt", self.v, other.v)
        return self.v < other.v

    def __gt__(self, other):
        print("gt", self.v, other.v)
        return self.v > other.v

    def __repr__(self):
        return f"Loud({self.v})"


print(min(Loud(2), Loud(1), Loud(3)))
print(max(Loud(2), Loud(1), Loud(3)))


class OnlyLt:
    def __init__(self, v):
        self.v = v

    def __lt__(self, other):
        return self.v < other.v


print(max(OnlyLt(1), OnlyLt(5), OnlyLt(3)).v)
try:
    min([1, "a"])
except TypeError as e:
    print("TypeError:", e)
try:
    max(["a", 1])
except TypeError as e:
    print("TypeError:", e)
print(min([3, 1, 2], key=lambda x: -x), max("abc", key=ord), min([], default="empty"))
