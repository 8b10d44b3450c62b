def describe(point, cmd):
    match point:
        case (0, 0):
            return "origin"
        case (0, y) | (y, 0) if y > 0:
            return y
        case [x, y, *rest]:
            return x, y, rest
        case [_, *_]:
            return "seq"
        case {"x": 1, "y": yy, **others}:
            return yy, others
        case {"k": _}:
            return "mapping"
        case Point(x=0, y=py) as pt:
            return pt, py
        case Point(1, 2):
            return "p12"
        case None | True | False:
            return "singleton"
        case -1 | 1.5 | "s" | b"b" | 2j | Color.RED:
            return "value"
        case str() | bytes():
            return "str"
        case _:
            return "other"
    match cmd.split():
        case [action]:
            pass
        case [action, obj]:
            pass
        case other:
            print(other)
    match cmd:
        case _:
            pass
