# min() and max() of generators: numbers are taken from the generator a batch at
# a time while the best so far is a builtin number; the generator's side effects,
# ties, NaNs, big ints, errors from mixed items, defaults and keys behave as when
# items are taken one at a time.
import sys


def noisy(items):
    for x in items:
        print("yield", repr(x))
        yield x


print(max(x * x % 17 for x in range(50)), min(x * x % 17 for x in range(50)))
print(max(noisy([3, 1.0, 3.0, True, 2])), min(noisy([1, True, 1.0, 0.5, 0.5])))
nan = float("nan")
print(max(x for x in [nan, 1, 2]), max(x for x in [1, nan, 2]), min(x for x in [2, nan, 1]))
print(max(x for x in [2**70, 5, 2**80, 7]), min(x for x in [5, 2**70, -2**90, 3]))
print(max((x for x in []), default="empty"), min((x for x in [4, 2]), default=0))
try:
    max(noisy([1, 2, "a", 3]))
except TypeError as e:
    print("TypeError:", e)
try:
    min(noisy(["a", 1]))
except TypeError as e:
    print("TypeError:", e)
try:
    max(x for x in [])
except ValueError as e:
    print("ValueError:", e)
print(max((x for x in range(-5, 5)), key=abs), min((x for x in "banana"), key=ord))
print(max(noisy(["b", "a", "c"])), min(x for x in [(2, 1), (1, 9)]))


def stops_early():
    yield 1
    yield 2
    raise KeyError("from the generator")


try:
    max(stops_early())
except KeyError as e:
    print("KeyError:", e)
g = (x for x in range(3000))
print(max(g), list(g))
print(max(i * 0.5 for i in range(2500)), min(-i for i in range(2500)))


def tracer(frame, event, arg):
    if event == "return" and frame.f_code.co_name == "counted":
        print("return from counted", arg)
    return tracer


def counted(n):
    for i in range(n):
        yield i


sys.settrace(tracer)
print(max(counted(3)))
sys.settrace(None)
