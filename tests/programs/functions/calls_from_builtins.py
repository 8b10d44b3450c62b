# Python functions called by builtins (map, filter, sorted's key, min/max, dunders
# run for operators): exact positional calls take the short way in; everything
# else (defaults, keyword-only parameters, *args, generators, bound methods) must
# behave the same.

def ident(x):
    return x

def with_default(x, y=10):
    return x + y

def kwonly(x, *, k=5):
    return x * k

def star(*args):
    return len(args)

def gen(x):
    yield x

class Box:
    def __init__(self, v):
        self.v = v

    def get(self):
        return self.v

    def __lt__(self, other):
        return self.v < other.v

    def __add__(self, other):
        return Box(self.v + other.v)

    def __repr__(self):
        return f"Box({self.v})"

print(list(map(ident, range(5))))
print(list(map(with_default, range(3))))
print(list(map(kwonly, range(3))))
print(list(map(star, range(3))))
print([list(g) for g in map(gen, range(3))])
print(list(map(Box.get, [Box(1), Box(2)])))
print(list(map(lambda a, b: a * b, range(4), range(10, 14))))
print(sorted([Box(3), Box(1), Box(2)]))
print(sorted([3, 1, 2], key=lambda v: -v), min([3, 1, 2], key=ident), max("abc", key=ord))
print(Box(1) + Box(2), sum([Box(1), Box(2)], Box(0)))

# A function that raises: the error propagates, the iterator goes on afterwards.
def fragile(x):
    if x == 2:
        raise ValueError("two")
    return x

m = map(fragile, range(5))
out = []
while True:
    try:
        out.append(next(m))
    except ValueError as e:
        out.append(f"error {e}")
    except StopIteration:
        break
print(out)

# Exhausted stays exhausted.
m = map(ident, [1])
print(list(m), list(m), next(m, "done"))

# The function advances the same map while it runs.
source = iter(range(10))
def greedy(x):
    return (x, next(m2, None))
m2 = map(greedy, source)
print(list(m2))

# Wrong arity reports as CPython does.
try:
    list(map(ident, [1], [2]))
except TypeError as e:
    print("TypeError:", e)
try:
    sorted([1, 2], key=with_default.__get__(1))
except TypeError as e:
    print("TypeError:", e)

# Deep recursion through map is a RecursionError, not a crash.
def deep(n):
    return list(map(deep, [n - 1])) if n else []
import sys
sys.setrecursionlimit(200)
try:
    deep(10_000)
except RecursionError as e:
    print("RecursionError:", e)
