# match statements: literal, capture, sequence, mapping, class, or, guard patterns.
class Point:
    __match_args__ = ("x", "y")
    def __init__(self, x, y):
        self.x, self.y = x, y
def describe(value):
    match value:
        case 0 | 1:
            return "bit"
        case int(n) if n < 0:
            return f"negative {n}"
        case str() as s:
            return f"string {s!r}"
        case [x, y]:
            return f"pair {x} {y}"
        case [first, *rest]:
            return f"list starting {first} with {len(rest)} more"
        case {"kind": "circle", "r": r}:
            return f"circle {r}"
        case {"kind": kind, **others}:
            return f"shape {kind} {sorted(others)}"
        case Point(0, 0):
            return "origin"
        case Point(x=0, y=y):
            return f"on y axis at {y}"
        case Point(x, y):
            return f"point {x},{y}"
        case None:
            return "nothing"
        case _:
            return "something else"
for v in [0, 1, -5, "hi", [1, 2], [1, 2, 3], (4,), {"kind": "circle", "r": 2},
          {"kind": "square", "side": 3, "color": "red"}, Point(0, 0), Point(0, 7),
          Point(2, 3), None, 3.5, {"other": 1}]:
    print(describe(v))
class NoArgs:
    pass
try:
    match NoArgs():
        case NoArgs(1):
            pass
except TypeError as e:
    print(type(e).__name__, e)
match {"a": 1}:
    case {"a": 1, "b": 2}:
        print("no")
    case {"a": 1}:
        print("partial mapping matches")
