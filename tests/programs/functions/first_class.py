# Functions are objects: attributes, passing, returning, storing.
def apply(fn, *args):
    return fn(*args)
def make_adder(n):
    def add(x):
        return x + n
    return add
ops = {"neg": lambda x: -x, "double": lambda x: 2 * x, "str": str}
print(apply(max, 3, 7), make_adder(5)(10), [ops[k](4) for k in ops])
def documented():
    "Returns nothing useful."
print(documented.__doc__, documented.__name__)
documented.custom = 42
print(documented.custom, callable(documented), callable(3))
print(type(documented).__name__, type(len).__name__, type(make_adder(1)).__name__)
print(make_adder(1).__qualname__)
