# __getattr__, __getattribute__, __setattr__ and __delattr__.
class Lazy:
    def __init__(self):
        self.real = "real value"
    def __getattr__(self, name):
        print("getattr", name)
        if name.startswith("x"):
            return name.upper()
        raise AttributeError(name)
l = Lazy()
print(l.real, l.xyz)
try:
    l.missing
except AttributeError as e:
    print(type(e).__name__, e)
print(getattr(l, "nothing", "dflt"))
class Logged:
    def __getattribute__(self, name):
        if not name.startswith("__"):
            print("getattribute", name)
        return object.__getattribute__(self, name)
    def __setattr__(self, name, value):
        print("setattr", name, value)
        object.__setattr__(self, name, value * 2)
    def __delattr__(self, name):
        print("delattr", name)
        object.__delattr__(self, name)
g = Logged()
g.v = 21
print(g.v)
del g.v
print(hasattr(g, "v"))
class Plain:
    pass
try:
    Plain().nope
except AttributeError as e:
    print(type(e).__name__, e)
