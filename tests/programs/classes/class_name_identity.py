# A class's __name__ and __qualname__ read back as the same object (inspect's
# classify_class_attrs tells where an attribute lives by identity).
import enum, inspect
class Color(enum.Enum):
    CYAN = 1
for a in sorted(inspect.classify_class_attrs(Color), key=lambda a: a.name):
    if a.name in ('__name__', '__qualname__', 'name'):
        print(a.name, a.kind, a.defining_class)
print(type.__dict__['__name__'].__get__(Color) is type.__dict__['__name__'].__get__(Color))
try:
    print(type.__getattr__)
except AttributeError as e: print(e)
class A: pass
print(A.__name__ is A.__name__, A.__qualname__ is A.__qualname__)
