# None, Ellipsis and NotImplemented.
print(None, repr(None), type(None).__name__, ...)
print(Ellipsis is ..., type(...).__name__, NotImplemented)
def nothing():
    pass
print(nothing(), nothing() is None)
x = None
print(x == None, x is None, bool(x))
print([None] * 3)
