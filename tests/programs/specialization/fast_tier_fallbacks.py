# The eval loop's fast tier runs the common case of each instruction and leaves
# everything else to the general path; these take the general path mid-loop.
import sys


def unbound_after_fast_work():
    x = 1
    y = x + 2
    if y > 10:
        z = 5
    return z


try:
    unbound_after_fast_work()
except UnboundLocalError as e:
    print("UnboundLocalError:", e, "line", e.__traceback__.tb_next.tb_lineno)


def mixed_numbers():
    out = []
    values = [1, 2.5, 2**62, True, 3 + 0j, -7, 0.0, 10**20]
    for a in values:
        for b in values:
            out.append(a + b)
            out.append(a * b)
            out.append(a - b)
            if not isinstance(a, complex) and not isinstance(b, complex):
                out.append(a < b)
                out.append(a >= b)
    return out


res = mixed_numbers()
print(len(res), res[:6], res[-6:])

# Overflow of machine ints in every fast operation.
n = 2**62
for i in range(4):
    n = n + n
    print(n, n * 3, -n - n, n // 7, n % 1000, n >> 3, n << 2)

# Conditions that are not bools.
for cond in [0, 1, "", "x", [], [0], None, 0.0, 2**70]:
    if cond:
        print("true", repr(cond))
    else:
        print("false", repr(cond))
    while cond:
        cond = None
    print("is None:", cond is None, cond is not None)

# Iteration over lists that change, ranges, and other iterators.
items = [1, 2, 3]
for x in items:
    if len(items) < 6:
        items.append(x * 10)
print(items)
for x in range(3, -9, -4):
    print("range", x)
for ch in "abc":
    print("str", ch)
for k in {"a": 1, "b": 2}:
    print("dict", k)


# Globals shadowing builtins, then removed, while a loop keeps reading them.
def use_len():
    return [len("abc") for _ in range(3)]


print(use_len())
len = lambda s: -1  # noqa: E731
print(use_len())
del len
print(use_len())


# A finaliser that runs at a backward jump.
class Noisy:
    def __init__(self, n):
        self.n = n

    def __del__(self):
        print("del", self.n)


for i in range(3):
    obj = Noisy(i)
obj = None


# Tracing switched on in the middle of a loop, and off again.
def tracer(frame, event, arg):
    if event == "line" and frame.f_code.co_name == "traced_loop":
        print("line", frame.f_lineno - frame.f_code.co_firstlineno)
    return tracer


def traced_loop():
    total = 0
    for i in range(4):
        if i == 1:
            sys.settrace(tracer)
            sys._getframe().f_trace = tracer
        total += i
        if i == 2:
            sys.settrace(None)
    return total


print(traced_loop())
sys.settrace(None)


# A caller's line number as a callee sees it.
def where():
    return sys._getframe(1).f_lineno


def caller():
    a = 1
    b = a + 1
    return where() - sys._getframe().f_code.co_firstlineno


print("caller line offset", caller())


# Attribute and subscript errors leave a traceback at the right line.
class Point:
    __slots__ = ("x", "y")


def attrs():
    p = Point()
    p.x = 1
    total = p.x + 1
    return total + p.y


try:
    attrs()
except AttributeError as e:
    print("AttributeError:", e, "line", e.__traceback__.tb_next.tb_lineno)

try:
    [1, 2][5]
except IndexError as e:
    print("IndexError:", e)

try:
    d = {}
    d[[1]] = 2
except TypeError as e:
    print("TypeError:", e)
