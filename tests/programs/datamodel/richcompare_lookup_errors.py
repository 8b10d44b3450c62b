# A comparison method whose lookup fails (a property that raises) counts as
# missing; errors of the method's call pass.
def booh(self):
    raise AttributeError("booh")
class E:
    __eq__ = property(booh)
    __lt__ = property(booh)
e = E()
print(e == e, E() == E(), e != e)
try: E() < E()
except TypeError as x: print("TypeError", x)
class F:
    def __eq__(self, other): raise ValueError("from eq")
try: F() == F()
except ValueError as x: print("ValueError", x)
class G:
    __eq__ = staticmethod(lambda a, b: "static")
print(G() == 1)
