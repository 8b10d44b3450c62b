# Metaclasses with __new__ and __init__.
class Meta(type):
    def __new__(mcls, name, bases, ns, **kwargs):
        print("Meta.__new__", name, sorted(k for k in ns if not k.startswith("__")), kwargs)
        ns["added"] = "by meta"
        return super().__new__(mcls, name, bases, ns)
    def __init__(cls, name, bases, ns, **kwargs):
        print("Meta.__init__", name)
        super().__init__(name, bases, ns)
    def __call__(cls, *args):
        print("Meta.__call__", cls.__name__, args)
        return super().__call__(*args)
class Base(metaclass=Meta):
    def method(self):
        pass
class Child(Base, flag=True):
    x = 1
    def __init__(self, v):
        self.v = v
c = Child(3)
print(c.v, c.added, type(Child).__name__, isinstance(Child, Meta), type(type))
Dynamic = Meta("Dynamic", (), {"y": 2})
print(Dynamic.y, Dynamic.added)
class Registry(type):
    classes = []
    def __init__(cls, name, bases, ns):
        super().__init__(name, bases, ns)
        Registry.classes.append(name)
class P(metaclass=Registry): pass
class Q(P): pass
print(Registry.classes)
