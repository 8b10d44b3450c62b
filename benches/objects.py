# Classes: instance attributes, method calls, properties and inheritance.
class Shape:
    def __init__(self, name):
        self.name = name

    def area(self):
        return 0.0

    def describe(self):
        return self.name


class Rect(Shape):
    def __init__(self, w, h):
        super().__init__("rect")
        self.w = w
        self.h = h

    def area(self):
        return self.w * self.h


class Square(Rect):
    def __init__(self, side):
        super().__init__(side, side)

    @property
    def side(self):
        return self.w


def run(n):
    total = 0.0
    count = 0
    for i in range(n):
        s = Square(i % 10) if i % 2 else Rect(i % 7, 3)
        total += s.area()
        if s.describe() == "rect":
            count += 1
        if isinstance(s, Square):
            total += s.side
    return total, count


print(run(800000))
