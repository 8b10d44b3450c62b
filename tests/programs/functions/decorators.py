# Decorators: plain, with arguments, stacked, and preserving names by hand.
def trace(fn):
    def wrapper(*args, **kwargs):
        print("call", fn.__name__, args, kwargs)
        result = fn(*args, **kwargs)
        print("return", result)
        return result
    wrapper.__name__ = fn.__name__
    return wrapper
def repeat(times):
    def decorate(fn):
        def wrapper(*args):
            return [fn(*args) for _ in range(times)]
        return wrapper
    return decorate
def bold(fn):
    return lambda *a: "<b>" + fn(*a) + "</b>"
def italic(fn):
    return lambda *a: "<i>" + fn(*a) + "</i>"
@trace
def add(a, b=0):
    return a + b
add(2, b=3)
print(add.__name__)
@repeat(3)
def hello(name):
    return "hi " + name
print(hello("x"))
@bold
@italic
def text(s):
    return s
print(text("stacked"))
registry = []
def register(fn):
    registry.append(fn.__name__)
    return fn
@register
def one():
    pass
@register
def two():
    pass
print(registry, one is not None)
