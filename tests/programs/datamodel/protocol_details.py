# Smaller protocol details: __complex__ on complex subclasses, iterator pickling
# state, length hints that ask the sequence, class __annotations__, object's
# constructor messages, eval() of closures, exception group notes.
import operator
import pickle


def attempt(label, action):
    try:
        print(label, action())
    except Exception as e:
        print(label, type(e).__name__, e)


class Complex42(complex):
    def __complex__(self):
        return 42j


class ComplexInt(complex):
    def __complex__(self):
        return 42


class ComplexPlain(complex):
    pass


attempt("complex42", lambda: complex(Complex42(1j)))
attempt("complexint", lambda: complex(ComplexInt(1j)))
attempt("plain", lambda: complex(ComplexPlain(3j)))


class Counter:
    def __init__(self):
        self.i = 0

    def __call__(self):
        self.i += 1
        return self.i


it = iter(Counter(), 4)
next(it)
copy = pickle.loads(pickle.dumps(it))
print(list(copy), list(it), it.__reduce__()[1])


class MyEnum(enumerate):
    pass


e = MyEnum("abc", 5)
next(e)
copy = pickle.loads(pickle.dumps(e))
print(type(copy).__name__, list(copy))


class MyMap(map):
    pass


print(type(pickle.loads(pickle.dumps(MyMap(abs, [-1, -2])))).__name__)


class Seq:
    def __len__(self):
        return 3

    def __getitem__(self, i):
        if i >= 3:
            raise IndexError
        return i


r = reversed(Seq())
s = iter(Seq())
print(operator.length_hint(r), operator.length_hint(s))
Seq.__len__ = lambda self: 1 // 0
attempt("reversed hint", lambda: operator.length_hint(r))
attempt("iter hint", lambda: operator.length_hint(s))
del Seq.__len__
print(operator.length_hint(s, -1), s.__length_hint__())


class NoAnnotations:
    pass


class Annotated:
    x: int


class Child(Annotated):
    pass


print(NoAnnotations.__annotations__, Annotated.__annotations__, Child.__annotations__)
print("__annotations__" in NoAnnotations.__dict__)
Child.__annotations__ = {"y": str}
print(Child.__annotations__)
del Child.__annotations__
attempt("del again", lambda: delattr(Child, "__annotations__"))
attempt("int annotations", lambda: int.__annotations__)
attempt("set int annotations", lambda: setattr(int, "__annotations__", {}))


class C:
    pass


class WithNew:
    def __new__(cls, *args):
        return super().__new__(cls)


class WithInit:
    def __init__(self, *args):
        super().__init__(*args)


attempt("C(1)", lambda: C(1))
attempt("C().__init__(1)", lambda: C().__init__(1))
attempt("object.__init__(C(), 1)", lambda: object.__init__(C(), 1))
attempt("WithNew().__init__(1)", lambda: WithNew().__init__(1))
attempt("WithInit(1)", lambda: WithInit(1))


def outer():
    x = 1
    return (lambda: x + 1).__code__


attempt("eval closure", lambda: eval(outer()))
attempt("exec closure", lambda: exec(outer()))

eg = ExceptionGroup("eg", [ValueError(1), TypeError(2)])
eg.add_note("note1")
match, rest = eg.split(ValueError)
print(match.__notes__, match.__notes__ is eg.__notes__, rest.__notes__)
eg.__notes__ = 42
match, rest = eg.split(ValueError)
print(hasattr(match, "__notes__"), hasattr(rest, "__notes__"))

deep = TypeError(1)
for i in range(2000):
    deep = ExceptionGroup("eg", [deep])
attempt("deep split", lambda: deep.split(TypeError))
attempt("deep subgroup", lambda: deep.subgroup(TypeError))
