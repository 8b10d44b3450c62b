# Metaclasses with their own mro(): the order they return is the one lookups
# follow, checked as CPython checks it, and recomputed when __bases__ changes.


class Reversed(type):
    def mro(cls):
        order = super().mro()
        print("mro() of", cls.__name__, "sees __mro__", cls.__mro__)
        return [order[0]] + order[1:-1][::-1] + [order[-1]]


class A:
    def who(self):
        return "A"


class B:
    def who(self):
        return "B"


class C(A, B, metaclass=Reversed):
    pass


print([k.__name__ for k in C.__mro__], C().who())
print([k.__name__ for k in C.mro()])


def attempt(label, make):
    try:
        make()
        print(label, "made")
    except Exception as e:
        print(label, type(e).__name__, e)


class NonClass(type):
    def mro(cls):
        return [cls, 1, object]


attempt("non-class", lambda: NonClass("X", (), {}))


class Empty(type):
    def mro(cls):
        return []


attempt("empty", lambda: Empty("X", (), {}))


class NotIterable(type):
    def mro(cls):
        return 5


attempt("not iterable", lambda: NotIterable("X", (), {}))


class Layout(type):
    def mro(cls):
        return [cls, int, object]


attempt("layout", lambda: Layout("X", (), {}))
attempt("layout ok", lambda: Layout("X", (int,), {}))


class Forgetful(type):
    def mro(cls):
        return [object]


attempt("without itself", lambda: Forgetful("X", (), {}))


class Raising(type):
    def mro(cls):
        raise LookupError("no order")


attempt("raising", lambda: Raising("X", (), {}))

# A custom mro() runs again when __bases__ changes; a failure leaves the old
# bases and MRO in place.
calls = []


class Watch(type):
    fail = False

    def mro(cls):
        calls.append(cls.__name__)
        if Watch.fail:
            raise ValueError("refused")
        return super().mro()


class Base1:
    pass


class Base2:
    x = 2


class W(Base1, metaclass=Watch):
    pass


class WChild(W):
    pass


calls.clear()
W.__bases__ = (Base2,)
print(calls, WChild.x, [k.__name__ for k in WChild.__mro__])
Watch.fail = True
try:
    W.__bases__ = (Base1,)
except ValueError as e:
    print("ValueError", e)
print([k.__name__ for k in W.__bases__], [k.__name__ for k in WChild.__mro__])

# Assigning bases that would make a cycle is refused.
try:
    Base2.__bases__ = (W,)
except TypeError as e:
    print("TypeError", e)
Watch.fail = False


class Incomplete(type):
    def mro(cls):
        if cls.__name__ == "Outer":
            try:
                class Inner(cls):
                    pass
            except TypeError as e:
                print("TypeError", e)
        return super().mro()


class Outer(metaclass=Incomplete):
    pass


print(Outer.__mro__[0].__name__)
print(type.mro(int), type.mro(bool))
