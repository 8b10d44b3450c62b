# Attributes of types and instances.
class Base:
    pass
class Child(Base):
    attr = 1
    def __init__(self):
        self.inst = 2
c = Child()
print(c.__class__, c.__class__.__name__, Child.__base__, Child.__bases__, Child.__mro__)
print(c.__dict__, sorted(k for k in Child.__dict__ if not k.startswith("__")))
print(Child.__module__, Child.__qualname__, type(Child.__dict__).__name__)
print(Base.__subclasses__(), int.__mro__, bool.__bases__)
print(type(c.__init__).__name__, type(Child.__init__).__name__, type(len).__name__, type([].append).__name__)
print(object.__bases__, type.__mro__, type(object.__init__).__name__)
