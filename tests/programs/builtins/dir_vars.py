# dir and vars of simple objects.
class Thing:
    kind = "thing"
    def __init__(self):
        self.a = 1
        self.b = 2
    def method(self):
        pass
t = Thing()
print([n for n in dir(t) if not n.startswith("__")])
print(vars(t), sorted(k for k in vars(Thing) if not k.startswith("__")))
print("__init__" in dir(Thing), "append" in dir([]), "upper" in dir(str))
def f():
    local_x = 1
    local_y = 2
    return sorted(dir())
print(f())
try:
    vars(5)
except TypeError as e:
    print(type(e).__name__, e)
import math
print([n for n in dir(math) if n in ("pi", "sqrt", "floor")])
