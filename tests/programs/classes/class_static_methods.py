# classmethod and staticmethod.
class Temperature:
    count = 0
    def __init__(self, celsius):
        self.celsius = celsius
        Temperature.count += 1
    @classmethod
    def from_fahrenheit(cls, f):
        return cls((f - 32) * 5 / 9)
    @staticmethod
    def is_valid(c):
        return c >= -273.15
    def __repr__(self):
        return f"{type(self).__name__}({self.celsius:.1f})"
class Kelvinish(Temperature):
    pass
print(Temperature.from_fahrenheit(212), Kelvinish.from_fahrenheit(32))
print(Temperature.is_valid(-300), Temperature(0).is_valid(5), Temperature.count)
print(type(Temperature.__dict__["is_valid"]).__name__, type(Temperature.__dict__["from_fahrenheit"]).__name__)
