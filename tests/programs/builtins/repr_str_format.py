# repr, str, format and ascii builtins.
class Both:
    def __repr__(self):
        return "Both()"
class OnlyRepr:
    def __repr__(self):
        return "OnlyRepr!"
print(str(Both()), repr(Both()), str(OnlyRepr()), [OnlyRepr()])
print(repr("x"), str("x"), repr(1.0), str(1.0), repr([1, "2"]), str((1,)))
print(format(3.5), format(3.5, ".3f"), format("s", ">4"), format(10, "x"), format(True), format(None))
print(ascii("ü"), ascii(["é"]), repr("ü"))
try:
    format(1, "z")
except ValueError as e:
    print(type(e).__name__, e)
class BadRepr:
    def __repr__(self):
        return 5
try:
    repr(BadRepr())
except TypeError as e:
    print(type(e).__name__, e)
