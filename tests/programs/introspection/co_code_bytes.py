# The bytecode of small functions matches CPython 3.11 byte for byte.
def empty():
    pass
def add(a, b):
    return a + b
def const():
    return 7
def branch(x):
    if x:
        return 1
    return 2
def loop(n):
    total = 0
    for i in range(n):
        total += i
    return total
def call_global():
    return len("abc")
def attr(o):
    return o.value
def build():
    return [1, 2], {"k": 3}, (4,)
def compare(a, b):
    return a < b and b <= 10
for fn in [empty, add, const, branch, loop, call_global, attr, build, compare]:
    print(fn.__name__, list(fn.__code__.co_code))
    print("  stacksize", fn.__code__.co_stacksize, "consts", fn.__code__.co_consts, "names", fn.__code__.co_names)
