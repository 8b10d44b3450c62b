# super() with zero and two arguments.
class Base:
    def __init__(self, value):
        self.value = value
    def describe(self):
        return f"Base({self.value})"
    @classmethod
    def create(cls):
        return cls.__name__
class Mid(Base):
    def __init__(self, value):
        super().__init__(value * 2)
    def describe(self):
        return "Mid/" + super(Mid, self).describe()
    @classmethod
    def create(cls):
        return "Mid:" + super().create()
class Leaf(Mid):
    def describe(self):
        return "Leaf/" + super().describe()
    def skip(self):
        return super(Mid, self).describe()
leaf = Leaf(5)
print(leaf.value, leaf.describe(), leaf.skip(), Leaf.create())
print(super(Leaf, leaf).describe())
