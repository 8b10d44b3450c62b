# Function attributes: what each setter accepts, with CPython's messages.
import types


def f(a, b=1, *, c=2):
    "doc"
    return a


def attempt(label, action):
    try:
        action()
        print(label, "ok")
    except Exception as e:
        print(label, type(e).__name__, e)


attempt("name 7", lambda: setattr(f, "__name__", 7))
attempt("del name", lambda: delattr(f, "__name__"))
attempt("qualname b''", lambda: setattr(f, "__qualname__", b"x"))
attempt("defaults list", lambda: setattr(f, "__defaults__", [1]))
attempt("defaults None", lambda: setattr(f, "__defaults__", None))
print(f.__defaults__)
f.__defaults__ = (5,)
print(f(0), f.__defaults__)
attempt("del defaults", lambda: delattr(f, "__defaults__"))
print(f.__defaults__)
attempt("kwdefaults tuple", lambda: setattr(f, "__kwdefaults__", ()))
attempt("kwdefaults dict", lambda: setattr(f, "__kwdefaults__", {"c": 3}))
print(f.__kwdefaults__)
attempt("annotations list", lambda: setattr(f, "__annotations__", []))
attempt("annotations None", lambda: setattr(f, "__annotations__", None))
print(f.__annotations__)
attempt("doc 5", lambda: setattr(f, "__doc__", 5))
print(f.__doc__)
del f.__doc__
print(f.__doc__)
attempt("module 5", lambda: setattr(f, "__module__", 5))
print(f.__module__)
attempt("dict list", lambda: setattr(f, "__dict__", []))
attempt("del dict", lambda: delattr(f, "__dict__"))
attempt("dict dict", lambda: setattr(f, "__dict__", {"x": 1}))
print(f.x, f.__dict__)
attempt("globals", lambda: setattr(f, "__globals__", {}))
attempt("builtins", lambda: setattr(f, "__builtins__", {}))
attempt("closure", lambda: setattr(f, "__closure__", ()))


def outer():
    x = 1

    def inner():
        return x

    return inner


g = outer()
attempt("code free vars", lambda: setattr(g, "__code__", f.__code__))
attempt("code to free", lambda: setattr(f, "__code__", g.__code__))
attempt("code 1", lambda: setattr(f, "__code__", 1))
attempt("del code", lambda: delattr(f, "__code__"))


def h(a):
    return -a


f.__code__ = h.__code__
print(f(4))

# The builtins a function sees are its globals' own, or the running frame's.
ns = {}
k = types.FunctionType(h.__code__, ns)
print(k.__builtins__ is __builtins__.__dict__ if isinstance(__builtins__, types.ModuleType) else k.__builtins__ is __builtins__)
exec("def m(): pass", ns)
print(type(ns["__builtins__"]).__name__, ns["m"].__builtins__ is ns["__builtins__"])

# static and class methods keep a writable __dict__ too
sm = staticmethod(None)
print(sm.__dict__)
sm.__dict__ = {"y": 2}
print(sm.y)
attempt("del sm dict", lambda: delattr(sm, "__dict__"))
