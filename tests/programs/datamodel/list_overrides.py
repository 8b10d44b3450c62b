# Protocols on a list subclass call the subclass's special methods.

class L(list):
    def __getitem__(self, i):
        return ("item", i)

    def __len__(self):
        return 42

    def __iter__(self):
        return iter(["a", "b"])

    def __contains__(self, x):
        return x == "yes"

    def __setitem__(self, i, v):
        print("setitem", i, v)

    def __delitem__(self, i):
        print("delitem", i)

    def __bool__(self):
        return False

    def __repr__(self):
        return "L-repr"

    def __eq__(self, other):
        return "eq"

    __hash__ = None

    def __add__(self, other):
        return "add"

    def __iadd__(self, other):
        return "iadd"

    def __mul__(self, other):
        return "mul"

    def __rmul__(self, other):
        return "rmul"


x = L([1, 2, 3])
print(x[0], x[1:2], len(x))
print(list(x), tuple(x), sorted(x), [*x], set(x))
a, b = x
print(a, b)
print("yes" in x, 1 in x)
x[0] = 5
del x[1]
print(bool(x), not x, "T" if x else "F")
print(repr(x), str(x), f"{x!r}", [x])
print(x == [1], x != [1])
try:
    hash(x)
except TypeError as e:
    print("TypeError:", e)
print(x + [1], [1] + x, x * 2, 2 * x)
y = x
y += [9]
print(y)
print(min(x), max(x), sum(L([1]), "") if False else "", "".join(x))
print(dict.fromkeys(x), {k: 1 for k in x})
print(list(enumerate(x)), list(zip(x, x)), list(map(str.upper, x)))
print(any(x), all(x), list(reversed(L([1, 2]))))


# A subclass that overrides nothing still behaves as a list.
class Plain(list):
    pass


p = Plain([3, 1, 2])
print(p[0], len(p), list(p), 1 in p, p + [4], p * 2, bool(p), repr(p), p == [3, 1, 2])
p[0] = 7
del p[1]
p += [8]
print(p, type(p).__name__, sorted(p))


# Only some methods overridden: the rest come from list.
class OnlyLen(list):
    def __len__(self):
        return 0


o = OnlyLen([1, 2])
print(len(o), bool(o), list(o), o[1])
