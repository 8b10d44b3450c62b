# Comparisons, binary operators, tuple/list displays and comprehension adds that
# call Python code: errors, handlers, frame positions and tracing started inside
# the called code must all be as CPython has them.
import sys


class Loud:
    def __init__(self, v):
        self.v = v

    def __eq__(self, other):
        print("eq at line", sys._getframe(1).f_lineno)
        return self.v == getattr(other, "v", other)

    def __lt__(self, other):
        if other is None:
            raise ValueError("no order with None")
        return self.v < other.v

    def __add__(self, other):
        return Loud(self.v + other.v)

    def __hash__(self):
        return hash(self.v)

    def __repr__(self):
        return f"Loud({self.v})"


a, b = Loud(1), Loud(2)
print(a == b, a != b, a == 1, 1 == a)
print(a < b, b < a, (a + b).v)
try:
    a < None
except ValueError as exc:
    print("caught", exc)
for i in range(3):
    try:
        print(i == 1, i != 1, [i] == [1], (i, a) == (1, a))
    except Exception as exc:
        print("unexpected", exc)

# Errors from the general paths.
for left, right in [(1, "x"), ([1], (2,)), ("a", 1), (None, None)]:
    try:
        print(left + right)
    except TypeError as exc:
        print("TypeError:", exc)
    try:
        print(left < right)
    except TypeError as exc:
        print("TypeError:", exc)

# Lists, tuples and sets built and combined.
xs = [1, 2]
print(xs + [3], (1,) + (2, 3), [xs, xs], (xs, (xs,)), xs * 2)
print({x % 3 for x in range(10)}, {x: x * x for x in range(4)})
print({Loud(1), Loud(1), Loud(2)} == {Loud(2), Loud(1)})


class BadHash:
    def __hash__(self):
        raise RuntimeError("no hash")


try:
    {BadHash() for _ in range(2)}
except RuntimeError as exc:
    print("set comprehension:", exc)
try:
    {BadHash(): 1 for _ in range(2)}
except RuntimeError as exc:
    print("dict comprehension:", exc)

# Tracing started from inside a comparison reaches the rest of the caller.
events = []


def tracer(frame, event, arg):
    if frame.f_code.co_name == "compare_then_more":
        events.append((event, frame.f_lineno - first_line))
    return tracer


class StartsTracing:
    def __eq__(self, other):
        sys.settrace(tracer)
        return True


def compare_then_more():
    r = StartsTracing() == 1
    s = [r, r]
    return s


first_line = compare_then_more.__code__.co_firstlineno
print(compare_then_more())
sys.settrace(None)
print(events)


def fails_in_add():
    x = [1]
    return x + 1


try:
    fails_in_add()
except TypeError as exc:
    tb = exc.__traceback__
    while tb.tb_next:
        tb = tb.tb_next
    print(exc, tb.tb_lineno - fails_in_add.__code__.co_firstlineno)
print(Loud(3) + Loud(4) == Loud(7))
