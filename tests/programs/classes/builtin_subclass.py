# Subclassing builtin types.
class MyList(list):
    def sum(self):
        return sum(self)
class UpperDict(dict):
    def __setitem__(self, key, value):
        super().__setitem__(key.upper(), value)
class Celsius(float):
    def __repr__(self):
        return f"{float(self)}°C"
class Name(str):
    def shout(self):
        return self.upper() + "!"
ml = MyList([1, 2, 3])
ml.append(4)
print(ml, ml.sum(), type(ml).__name__, isinstance(ml, list), ml[1:], type(ml[1:]).__name__)
ud = UpperDict()
ud["key"] = 1
print(ud)
print(Celsius(21.5), Celsius(1) + 1)
print(Name("ann").shout(), Name("x") == "x", len(Name("abc")))
class Strict(int):
    def __new__(cls, v):
        if v < 0:
            raise ValueError("negative")
        return super().__new__(cls, v)
print(Strict(5) + 1, type(Strict(5)).__name__)
try:
    Strict(-1)
except ValueError as e:
    print(e)
