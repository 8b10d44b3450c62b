# __new__ controls instance creation.
class Cached:
    _cache = {}
    def __new__(cls, key):
        if key not in cls._cache:
            print("creating", key)
            cls._cache[key] = super().__new__(cls)
        return cls._cache[key]
    def __init__(self, key):
        print("init", key)
        self.key = key
a = Cached("a")
b = Cached("a")
print(a is b, a.key)
class Other:
    def __new__(cls):
        return 42
print(Other())
class Ignored:
    def __init__(self):
        return None
print(type(Ignored()).__name__)
class BadInit:
    def __init__(self):
        return 1
try:
    BadInit()
except TypeError as e:
    print(type(e).__name__, e)
