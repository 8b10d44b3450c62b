# How `with` calls `__enter__` and `__exit__`: Python methods of every shape
# (defaults, *args, **kwargs, generators as context managers), builtin ones,
# errors raised by either, suppression, nesting, recursion and tracing.
import sys


class Plain:
    def __enter__(self):
        print("enter", type(self).__name__)
        return "value"

    def __exit__(self, kind, value, tb):
        print("exit", kind.__name__ if kind else None, value)
        return False


class WithDefaults:
    def __enter__(self, extra=5):
        return extra

    def __exit__(self, *exc):
        print("exit with", len(exc), "arguments:", exc[0] is None)


class Keywords:
    def __enter__(self, **kw):
        return kw

    def __exit__(self, kind=None, *rest, **kw):
        print("exit keywords", kind, rest[0], len(rest), kw)
        return True


class Raising:
    def __enter__(self):
        raise ValueError("from enter")

    def __exit__(self, *exc):
        print("never called")


class Suppressing:
    def __enter__(self):
        return self

    def __exit__(self, kind, value, tb):
        print("suppressing", kind.__name__)
        return True


class BadExit:
    def __enter__(self):
        return 1

    def __exit__(self):
        return False


class StaticEnter:
    @staticmethod
    def __enter__():
        return "static"

    def __exit__(self, *exc):
        return None


class Counted:
    depth = 0

    def __enter__(self):
        Counted.depth += 1
        with Counted():
            pass

    def __exit__(self, *exc):
        return False


with Plain() as v:
    print("body", v)
with WithDefaults() as v:
    print("default", v)
with Keywords() as v:
    print("kw", v)
    raise KeyError("swallowed")
try:
    with Raising():
        print("not reached")
except ValueError as e:
    print("caught", e)
with Suppressing():
    1 / 0
print("after suppression")
try:
    with Plain():
        raise RuntimeError("inside")
except RuntimeError as e:
    print("propagated", e)
try:
    with BadExit():
        pass
except TypeError as e:
    print("TypeError:", e)
try:
    with StaticEnter() as v:
        print(v)
except TypeError as e:
    print("TypeError:", e)
with Plain() as a, Suppressing() as b, WithDefaults() as c:
    print("three", a, type(b).__name__, c)
try:
    with Counted():
        pass
except RecursionError:
    print("recursion stopped, depth over 100:", Counted.depth > 100)


def loop_result():
    for i in range(3):
        with Plain() as v:
            if i == 1:
                return v + str(i)


print(loop_result())

with open(__file__) as f:
    print(f.readline().strip())


def tracer(frame, event, arg):
    if event in ("call", "return") and frame.f_code.co_name.startswith("__e"):
        print("trace", event, frame.f_code.co_name, arg if event == "return" else "")
    return tracer


sys.settrace(tracer)
with Plain():
    pass
sys.settrace(None)
