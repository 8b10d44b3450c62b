# __call__, __bool__ and __len__ truthiness.
class Adder:
    def __init__(self, n):
        self.n = n
    def __call__(self, x):
        return x + self.n
add5 = Adder(5)
print(add5(10), callable(add5), callable(Adder), list(map(add5, [1, 2])))
class Empty:
    def __len__(self):
        return 0
class Falsy:
    def __bool__(self):
        return False
    def __len__(self):
        return 10
class Default:
    pass
print(bool(Empty()), bool(Falsy()), bool(Default()), len(Falsy()))
if not Empty():
    print("empty is falsy")
class BadBool:
    def __bool__(self):
        return 1
try:
    bool(BadBool())
except TypeError as e:
    print(type(e).__name__, e)
class BadLen:
    def __len__(self):
        return -1
try:
    len(BadLen())
except ValueError as e:
    print(type(e).__name__, e)
