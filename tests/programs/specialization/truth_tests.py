# Truth tests in conditions, `not`, `and` and `or`: scalars, builtin containers,
# plain instances, classes with __bool__ or __len__ (called, and their errors
# raised), and objects freed by the test itself (their __del__ runs).
class Plain:
    pass


class WithBool:
    def __init__(self, value):
        self.value = value

    def __bool__(self):
        print("bool called")
        return self.value


class WithLen:
    def __len__(self):
        print("len called")
        return 0


class BadBool:
    def __bool__(self):
        return "yes"


class Dying:
    def __del__(self):
        print("deleted")


class ListSub(list):
    def __len__(self):
        print("sub len")
        return 1


def show(x):
    return type(x).__name__ if isinstance(x, (Plain, WithBool, WithLen)) else x


values = [0, 1, 0.0, 2.5, None, True, False, "", "x", [], [0], (), (0,), {}, {1: 2},
          set(), {1}, frozenset(), Plain(), WithBool(False), WithLen(), ListSub(), 10**30]
for v in values:
    r = []
    if v:
        r.append("if")
    r.append(not v)
    r.append(show(v and "and"))
    r.append(show(v or "or"))
    while v:
        r.append("while")
        break
    print(type(v).__name__, r)

try:
    if BadBool():
        pass
except TypeError as exc:
    print("TypeError:", exc)
try:
    not BadBool()
except TypeError as exc:
    print("TypeError:", exc)
try:
    BadBool() and 1
except TypeError as exc:
    print("TypeError:", exc)

if [Dying()]:
    print("after the list")
print(not [Dying()])
print([Dying()] and "and")
print("end")
