# __class__ and zero-argument super() read a cell that type.__new__ fills from
# the namespace's __classcell__; __build_class__ checks that it was.


class Meta(type):
    def __new__(mcls, name, bases, ns, **kw):
        print(name, "__classcell__" in ns)
        return super().__new__(mcls, name, bases, ns)


class WithRef(metaclass=Meta):
    def f(self):
        return __class__


class Without(metaclass=Meta):
    pass


print(WithRef().f() is WithRef, hasattr(WithRef, "__classcell__"))
print(WithRef.f.__closure__[0].cell_contents is WithRef)

# The cell is filled before a custom mro() runs.
seen = []


class MroMeta(type):
    def mro(cls):
        seen.append(cls.__dict__["f"]())
        return super().mro()


class Early(metaclass=MroMeta):
    def f():
        return __class__


print(seen[0] is Early)

# A metaclass may build the class from the namespace later, elsewhere.
saved = None


class Delay(type):
    def __new__(mcls, name, bases, ns):
        global saved
        saved = ns
        return None


class Delayed(metaclass=Delay):
    @staticmethod
    def f():
        return __class__


print(Delayed)
Real = type("Real", (), saved)
print(Real.f() is Real)


class Dropping(type):
    def __new__(mcls, name, bases, ns):
        ns.pop("__classcell__", None)
        return super().__new__(mcls, name, bases, ns)


class Fine(metaclass=Dropping):
    pass


try:
    class Missing(metaclass=Dropping):
        def f(self):
            return __class__
except RuntimeError as e:
    print("RuntimeError", e)


class Overwrite(type):
    def __new__(mcls, name, bases, ns, cell):
        ns["__classcell__"] = cell
        return super().__new__(mcls, name, bases, ns)


for bad in (None, 0, "", object()):
    try:
        class Bad(metaclass=Overwrite, cell=bad):
            def f(self):
                return __class__
    except TypeError as e:
        print("TypeError", e)


class Twice(type):
    def __new__(mcls, name, bases, ns):
        cls = super().__new__(mcls, name, bases, ns)
        type("Second", (), ns)
        return cls


try:
    class SetTwice(metaclass=Twice):
        def f(self):
            return __class__
except (TypeError, RuntimeError) as e:
    print(type(e).__name__, e)


class Wrong(type):
    def __new__(mcls, name, bases, ns):
        class Other:
            def g(self):
                return __class__
        ns["__classcell__"] = Other.g.__closure__[0]
        return super().__new__(mcls, name, bases, ns)


try:
    class WrongCell(metaclass=Wrong):
        def f(self):
            return __class__
except (TypeError, RuntimeError) as e:
    print(type(e).__name__, e)
