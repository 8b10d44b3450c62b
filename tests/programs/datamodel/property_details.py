# property: docstrings copied from getters (into a subclass instance's own
# __dict__), copies through getter/setter/deleter, error wording, abstractness,
# and class methods wrapping properties.
import abc


class PropertySub(property):
    """This is a subclass of property"""


class PropertySubSlots(property):
    """This is a subclass of property that defines __slots__"""
    __slots__ = ()


class Foo:
    @PropertySub
    def spam(self):
        """spam wrapped in property subclass"""
        return 1

    @spam.setter
    def spam(self, value):
        """this docstring is ignored"""


print(Foo.spam.__doc__, Foo().spam)
print(Foo.spam.__dict__)

try:
    class Bar:
        @PropertySubSlots
        def spam(self):
            """cannot be copied"""
except AttributeError as e:
    print("AttributeError", e)


class Base:
    @property
    def getter(self):
        "Base.getter"

    @property
    def documented(self):
        pass


class Sub(Base):
    @Base.getter.getter
    def getter(self):
        "Sub.getter"


print(Sub.getter.__doc__)
p = property(lambda s: 1, doc="given")
print(p.getter(lambda s: 2).__doc__)
q = property(Base.getter.fget)
print(q.getter(lambda s: 2).__doc__, q.setter(lambda s, v: None).__doc__)


class Copied(property):
    def __init__(self, *args):
        print("Copied.__init__", len(args))
        super().__init__(*args)


c = Copied(lambda s: 1)
print(type(c.setter(lambda s, v: None)).__name__)


class Named:
    x = property()
    y = property(lambda s: 1)


for action in [lambda o: o.x, lambda o: setattr(o, "x", 1), lambda o: delattr(o, "x"),
               lambda o: setattr(o, "y", 2)]:
    try:
        action(Named())
    except AttributeError as e:
        print("AttributeError", e)

anon = property()
class Later:
    pass
Later.z = anon
try:
    Later().z
except AttributeError as e:
    print("AttributeError", e)
print(Named.__dict__["y"].__get__(None, Named) is Named.__dict__["y"])

for val in (True, False, [], [1], "", "1"):
    def foo(self):
        pass
    foo.__isabstractmethod__ = val
    print(repr(val), property(foo).__isabstractmethod__, property(None, foo).__isabstractmethod__)


class NotBool:
    def __bool__(self):
        raise ValueError("no truth")


def bad(self):
    pass


bad.__isabstractmethod__ = NotBool()
try:
    property(bad).__isabstractmethod__
except ValueError as e:
    print("ValueError", e)


class Abstract(abc.ABC):
    @property
    @abc.abstractmethod
    def value(self):
        pass


try:
    Abstract()
except TypeError as e:
    print("TypeError", e)


class WithClassProperty:
    @classmethod
    @property
    def __doc__(cls):
        return "A doc for %r" % cls.__name__

    @classmethod
    @property
    def kind(cls):
        return cls.__name__.lower()


class Derived(WithClassProperty):
    pass


print(WithClassProperty.__doc__, Derived.__doc__)
print(WithClassProperty.kind, Derived().kind)

for t in (type(None), type(...), type(NotImplemented)):
    print(t.__name__, t.__doc__, "__doc__" in t.__dict__)
print(None.__doc__)
