# Rich comparisons and their reflection.
class Version:
    def __init__(self, text):
        self.parts = tuple(int(p) for p in text.split("."))
    def __repr__(self):
        return "V" + ".".join(map(str, self.parts))
    def __eq__(self, other):
        return self.parts == other.parts
    def __lt__(self, other):
        print("lt", self, other)
        return self.parts < other.parts
    def __le__(self, other):
        return self.parts <= other.parts
a, b = Version("1.2"), Version("1.10")
print(a < b)
print(b > a)
print(a <= b, a >= a)
print(max([Version("0.9"), Version("2.0"), Version("1.5")]))
print(a != b, a == Version("1.2"))
