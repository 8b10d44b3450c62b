# except* splits an exception group among its clauses.
def boom():
    raise ExceptionGroup("batch", [ValueError("v1"), TypeError("t"), ValueError("v2")])
try:
    boom()
except* ValueError as e:
    print("values", repr(e))
except* TypeError as e:
    print("types", repr(e))
try:
    try:
        boom()
    except* ValueError:
        print("handled values")
except ExceptionGroup as e:
    print("rest", repr(e), [type(x).__name__ for x in e.exceptions])
try:
    raise KeyError("k")
except* KeyError as e:
    print("naked", repr(e))
eg = ExceptionGroup("m", [ValueError(1), ExceptionGroup("inner", [TypeError(2), ValueError(3)])])
match, rest = eg.split(ValueError)
print(repr(match))
print(repr(rest))
print(repr(eg.subgroup(lambda e: isinstance(e, TypeError))))
print(type(BaseExceptionGroup("x", [ValueError()])).__name__, type(BaseExceptionGroup("x", [KeyboardInterrupt()])).__name__)
try:
    ExceptionGroup("x", [KeyboardInterrupt()])
except TypeError as e:
    print(type(e).__name__, e)
