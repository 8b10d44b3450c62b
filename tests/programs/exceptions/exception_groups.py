# ExceptionGroup and except* (new in 3.11).
eg = ExceptionGroup("several", [ValueError("v1"), TypeError("t1"), ValueError("v2")])
print(repr(eg), str(eg), len(eg.exceptions))
match_v, rest = eg.split(ValueError)
print(repr(match_v), repr(rest))
try:
    raise eg
except* ValueError as group:
    print("values:", [str(e) for e in group.exceptions])
except* TypeError as group:
    print("types:", [str(e) for e in group.exceptions])
try:
    try:
        raise ExceptionGroup("outer", [KeyError("k"), OSError("o")])
    except* KeyError:
        print("handled KeyError part")
except ExceptionGroup as leftover:
    print("left over:", repr(leftover))
try:
    ExceptionGroup("bad", [])
except ValueError as e:
    print(type(e).__name__, e)
print(issubclass(ExceptionGroup, BaseExceptionGroup), issubclass(ExceptionGroup, Exception))
