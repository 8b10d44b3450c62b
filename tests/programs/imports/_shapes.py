# Helper module for the import tests.
print("_shapes is being imported as", __name__)
PI = 3.14159
def area(r):
    return round(PI * r * r, 3)
class Square:
    def __init__(self, side):
        self.side = side
    def area(self):
        return self.side ** 2
_private = "hidden"
