# args, str() and repr() of exceptions.
for e in [ValueError(), ValueError("msg"), ValueError("a", 1), KeyError("k"), KeyError(),
          OSError(2, "No such file"), IndexError(None), Exception(["list"])]:
    print(type(e).__name__, e.args, "|", str(e), "|", repr(e))
e = ValueError("first")
e.args = ("changed",)
print(e)
try:
    raise TypeError
except TypeError as err:
    print(repr(err), err.args)
err = RuntimeError("x")
print(err.__cause__, err.__context__, err.__suppress_context__, err.__traceback__)
