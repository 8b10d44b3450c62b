# Method calls through super(): zero-argument and explicit forms, class and
# static methods, properties, builtins found past the class, diamonds, and a
# call site that sees both super objects and plain instances.


class Base:
    def __init__(self, name):
        self.name = name

    def greet(self, suffix="!"):
        return f"Base.greet({self.name}){suffix}"

    @classmethod
    def make(cls):
        return f"Base.make for {cls.__name__}"

    @staticmethod
    def util(x):
        return x * 2

    @property
    def label(self):
        return "label:" + self.name


class Child(Base):
    def __init__(self, name):
        super().__init__(name.upper())

    def greet(self, suffix="?"):
        return "Child>" + super().greet(suffix)

    @classmethod
    def make(cls):
        return "Child>" + super().make()

    def util_twice(self):
        return super().util(3), super(Child, self).util(4)

    def label_of(self):
        return super().label


c = Child("ann")
print(c.name, c.greet(), c.greet("."), Child.make(), c.make(), c.util_twice(), c.label_of())
print(super(Child, c).greet(), super(Child, Child).make(), super(Child, Child).greet(c))


# A diamond: each class's super() goes on along the instance's MRO.
class A:
    def who(self):
        return ["A"]


class B(A):
    def who(self):
        return ["B"] + super().who()


class C(A):
    def who(self):
        return ["C"] + super().who()


class D(B, C):
    def who(self):
        return ["D"] + super().who()


print(D().who(), B().who())


# Builtin methods found past the class, and the instance's own attributes that
# super() does not see.
class MyList(list):
    def append(self, x):
        super().append(x * 10)
        return len(self)


m = MyList()
print(m.append(1), m.append(2), m)


class Shadow(Base):
    def greet(self, suffix=""):
        return "Shadow>" + super().greet(suffix)


s = Shadow("s")
s.greet = lambda: "instance attribute"
print(s.greet(), Shadow.greet(s))


# One call site, alternately a super object and plain instances of different classes.
def call_greet(obj):
    return obj.greet()


class Plain:
    def greet(self):
        return "Plain.greet"


for obj in [c, super(Child, c), Plain(), super(Child, c), c, Plain()]:
    print(call_greet(obj))


# A subclass of super with its own attribute lookup is used as it says.
class LoudSuper(super):
    def __getattribute__(self, name):
        if name == "greet":
            return lambda: "LoudSuper intercepted"
        return super().__getattribute__(name)


print(LoudSuper(Child, c).greet())

# super() where the attribute is not a method, and errors.
class NoMethod(Base):
    def missing(self):
        return super().nothing_here()


try:
    NoMethod("x").missing()
except AttributeError as e:
    print("AttributeError:", e)


def not_in_class():
    return super().greet()


try:
    not_in_class()
except RuntimeError as e:
    print("RuntimeError:", e)

print(super(Child, c).__class__, super().__class__ if False else None)
