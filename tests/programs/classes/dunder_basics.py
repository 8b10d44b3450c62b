# __repr__, __str__, __eq__, __hash__, __lt__ and friends.
class Point:
    def __init__(self, x, y):
        self.x, self.y = x, y
    def __repr__(self):
        return f"Point({self.x}, {self.y})"
    def __str__(self):
        return f"({self.x}, {self.y})"
    def __eq__(self, other):
        if not isinstance(other, Point):
            return NotImplemented
        return (self.x, self.y) == (other.x, other.y)
    def __hash__(self):
        return hash((self.x, self.y))
    def __lt__(self, other):
        return (self.x, self.y) < (other.x, other.y)
p, q = Point(1, 2), Point(1, 2)
print(p, repr(p), [p], str(p), f"{p!r}")
print(p == q, p != q, p is q, p == (1, 2), len({p, q}))
print(sorted([Point(2, 0), Point(1, 5), Point(1, 1)]))
print(Point(0, 1) > Point(0, 0))
try:
    Point(0, 0) <= Point(1, 1)
except TypeError as e:
    print(type(e).__name__, e)
class NoHash:
    def __eq__(self, other):
        return True
try:
    hash(NoHash())
except TypeError as e:
    print(type(e).__name__, e)
print(NoHash.__hash__)
