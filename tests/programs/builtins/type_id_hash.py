# type, id and hash without printing unstable values.
a = [1]
b = a
c = [1]
print(id(a) == id(b), id(a) == id(c), type(id(a)).__name__)
print(hash(1) == hash(1.0) == hash(True), hash(0) == hash(0.0), hash(-1) == -2, hash(5))
print(hash((1, 2)) == hash((1, 2)), hash(2 ** 100) == hash(2 ** 100 % (2 ** 61 - 1)))
s = "abc"
print(hash(s) == hash("ab" + "c"), type(hash(s)).__name__)
print(type(1), type(1.0), type("a"), type([]), type(()), type({}), type(set()), type(None), type(len))
print(type(type), type(object), object.__name__, type.__name__)
