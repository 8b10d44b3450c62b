# Abstract-method patterns without the abc module, and NotImplemented fallbacks.
class Shape:
    def area(self):
        raise NotImplementedError(f"{type(self).__name__} must define area")
    def describe(self):
        return f"{type(self).__name__} with area {self.area():.2f}"
class Rect(Shape):
    def __init__(self, w, h):
        self.w, self.h = w, h
    def area(self):
        return self.w * self.h
class Blob(Shape):
    pass
print(Rect(2, 3.5).describe())
try:
    Blob().describe()
except NotImplementedError as e:
    print(type(e).__name__, e)
class Left:
    def __eq__(self, other):
        print("Left.__eq__")
        return NotImplemented
class Right:
    def __eq__(self, other):
        print("Right.__eq__")
        return NotImplemented
print(Left() == Right())
print(Left() != Right())
