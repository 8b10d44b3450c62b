# __import__ and __build_class__ used directly.
import builtins
m = __import__("math")
print(m.sqrt(16), m.__name__)
sys_mod = __import__("sys")
print(sys_mod is __import__("sys"))
class Base:
    def hello(self):
        return "hello from " + type(self).__name__
Made = __build_class__(lambda: None, "Made", Base)
print(Made.__name__, Made.__bases__[0].__name__, type(Made).__name__, Made().hello())
print(builtins.len is len, builtins.__name__, builtins.__build_class__ is __build_class__)
