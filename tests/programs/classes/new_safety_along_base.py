# T.__new__(S) checks S's nearest builtin ancestor along __base__ (the layout chain),
# not the MRO: a plain mixin before a str subclass does not make str.__new__ unsafe
# (email.headerregistry builds its header classes so).
class BaseHeader(str):
    def __new__(cls, value):
        return str.__new__(cls, value.upper())
class Mixin:
    pass
class Combined(Mixin, BaseHeader):
    pass
print(repr(Combined("abc")), type(Combined("x")).__mro__)
class Plain:
    def __init__(self, *a): pass
class Other(Plain, int):
    pass
print(int.__new__(Other, 5))
def attempt(f, *a):
    try: print(repr(f(*a)))
    except TypeError as e: print("TypeError:", e)
class D(dict): pass
attempt(str.__new__, D)
attempt(object.__new__, D)
attempt(int.__new__, Combined)
attempt(str.__new__, Combined, "q")
class WithNew(Mixin, int):
    def __new__(cls, v):
        return int.__new__(cls, v + 1)
class Sub(WithNew):
    pass
attempt(Sub, 1)
attempt(int.__new__, Sub, 7)
attempt(object.__new__, Sub)
class Deep(Combined, Mixin): pass
attempt(str.__new__, Deep, "d")
attempt(Deep, "e")
import email.headerregistry, email.message
m = email.message.EmailMessage()
m["content-type"] = "text/plain; charset=UTF-8"
print(m["content-type"], type(m["content-type"]).__name__, m["content-type"].params)
