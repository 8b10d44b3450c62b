# dir() asks the object's type for __dir__: a metaclass's __dir__ answers for its
# classes (enum's does), type.__dir__ merges the namespaces of a class and its
# bases; the result is sorted as sorted() sorts, duplicates kept.
import enum


class Meta(type):
    def __dir__(cls):
        return ["b", "a", "b"]


class WithMeta(metaclass=Meta):
    x = 1


class Plain:
    def __dir__(self):
        return (3, 1, 2)


class Mixed:
    def __dir__(self):
        return ["a", 1]


print(dir(WithMeta), dir(Plain()))
try:
    dir(Mixed())
except TypeError as e:
    print("TypeError", e)


class Base:
    base_attr = 1


class Child(Base):
    child_attr = 2


print([n for n in dir(Child) if not n.startswith("__")])
print(sorted(type.__dir__(Child)) == dir(Child), len(dir(int)))


class Color(enum.IntEnum):
    RED = 1
    GREEN = 2

    def describe(self):
        return self.name


print(dir(Color))
print([n for n in dir(Color.RED) if not n.startswith("__")][:12])


class Instance:
    def __init__(self):
        self.x = 1
        self.__eq__ = None


names = dir(Instance())
print(dir(object()) == dir(Ellipsis), len(names) == len(set(names)), names[-1], "__eq__" in names)
