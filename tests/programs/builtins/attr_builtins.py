# getattr, setattr, hasattr, delattr and callable.
class Box:
    size = 1
    def method(self):
        return "m"
b = Box()
print(getattr(b, "size"), getattr(b, "nope", "default"), hasattr(b, "size"), hasattr(b, "nope"))
setattr(b, "color", "red")
print(b.color, getattr(b, "method")())
delattr(b, "color")
print(hasattr(b, "color"))
try:
    getattr(b, "nope")
except AttributeError as e:
    print(type(e).__name__, e)
try:
    delattr(b, "nope")
except AttributeError as e:
    print(type(e).__name__, e)
try:
    getattr(b, 5)
except TypeError as e:
    print(type(e).__name__, e)
print(callable(b), callable(Box), callable(b.method), callable(print), callable(None))
setattr(Box, "added", 7)
print(b.added)
try:
    setattr(5, "x", 1)
except AttributeError as e:
    print(type(e).__name__, e)
