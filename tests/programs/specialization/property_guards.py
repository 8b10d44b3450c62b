# Property getters run as frames of the loop once a LOAD_ATTR site has seen them;
# every change to the class, the property or the getter must still be honoured.


class Shape:
    def __init__(self, w):
        self.w = w

    @property
    def side(self):
        return self.w * 2


def read(s):
    return s.side


shapes = [Shape(i) for i in range(20)]
print([read(s) for s in shapes][-3:])

# The property is replaced by another, by a plain attribute, and deleted.
Shape.side = property(lambda self: "new getter")
print(read(shapes[0]))
Shape.side = "plain class attribute"
print(read(shapes[0]))
del Shape.side
shapes[0].side = "instance attribute"
print(read(shapes[0]))


# The getter's code is replaced after warm-up, with one that needs more arguments.
class Box:
    @property
    def size(self):
        return 1


def size(b):
    return b.size


b = Box()
print([size(b) for _ in range(5)])


def two(self, extra=10):
    return extra


Box.size.fget.__code__ = two.__code__
try:
    print(size(b))
except TypeError as e:
    print("TypeError", e)
Box.size.fget.__defaults__ = (5,)
print(size(b))


def gen(self):
    yield 1


Box.size.fget.__code__ = gen.__code__
print(type(size(b)).__name__)


# A property subclass with its own __get__, and a getter that is not a function.
class Logged(property):
    def __get__(self, obj, owner=None):
        return ("logged", super().__get__(obj, owner))


class Other:
    value = Logged(lambda self: 42)
    length = property(len)

    def __len__(self):
        return 7


o = Other()
print([o.value for _ in range(3)], [o.length for _ in range(3)])


# A getter that raises, and one that recurses through itself.
class Faulty:
    @property
    def bad(self):
        return 1 / 0

    @property
    def forever(self):
        return self.forever


f = Faulty()
for i in range(3):
    try:
        f.bad
    except ZeroDivisionError as e:
        print("ZeroDivisionError", e)
try:
    f.forever
except RecursionError as e:
    print("RecursionError", e)


# __getattribute__ and __getattr__ appear on the class after warm-up.
class Late:
    @property
    def p(self):
        return "property"


late = Late()
print([late.p for _ in range(3)])
Late.__getattribute__ = lambda self, name: "intercepted " + name
print(late.p)
del Late.__getattribute__
print(late.p)


# A property whose getter raises AttributeError falls back to __getattr__.
class Fallback:
    @property
    def missing(self):
        raise AttributeError("no")

    def __getattr__(self, name):
        return "fallback " + name


print([Fallback().missing for _ in range(3)])

# The traceback of an error in a getter shows its frame.
print(Faulty().bad)
