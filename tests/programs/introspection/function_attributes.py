# Function attributes: defaults, kwdefaults, closure, globals, names, module.
def f(a, b=2, *, c=3, d):
    return a
print(f.__defaults__, f.__kwdefaults__, f.__closure__, f.__globals__ is globals())
print(f.__name__, f.__qualname__, f.__module__, f.__doc__)
def make():
    value = "captured"
    other = [1]
    def inner():
        return value, other
    return inner
g = make()
print(len(g.__closure__), [c.cell_contents for c in g.__closure__], g.__code__.co_freevars)
print(g.__qualname__, type(g.__closure__[0]).__name__)
class K:
    def method(self):
        "Method doc."
    class Inner:
        def deep(self):
            pass
print(K.method.__qualname__, K.Inner.deep.__qualname__, K.method.__doc__, K.Inner.__qualname__)
f.__defaults__ = (20,)
print(f(1, d=0), f.__defaults__)
def nodefaults():
    pass
print(nodefaults.__defaults__, nodefaults.__kwdefaults__, nodefaults.__dict__)
