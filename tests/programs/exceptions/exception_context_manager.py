# Exceptions and with blocks: exit sees the exception, then it propagates.
class Recorder:
    def __enter__(self):
        return self
    def __exit__(self, exc_type, exc, tb):
        print("exit with", exc_type.__name__ if exc_type else None, tb is not None)
        return isinstance(exc, KeyError)
with Recorder():
    raise KeyError("suppressed")
try:
    with Recorder():
        raise IndexError("not suppressed")
except IndexError as e:
    print("outside", e)
class FailingExit:
    def __enter__(self):
        return "entered"
    def __exit__(self, *args):
        raise RuntimeError("exit failed")
try:
    with FailingExit():
        raise ValueError("original")
except RuntimeError as e:
    print(repr(e), repr(e.__context__))
class NoEnter:
    pass
try:
    with NoEnter():
        pass
except (TypeError, AttributeError) as e:
    print(type(e).__name__, e)
