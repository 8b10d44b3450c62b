# Class decorators.
def add_repr(cls):
    def __repr__(self):
        fields = ", ".join(f"{k}={v!r}" for k, v in vars(self).items())
        return f"{cls.__name__}({fields})"
    cls.__repr__ = __repr__
    return cls
def singleton(cls):
    instances = {}
    def get(*args):
        if cls not in instances:
            instances[cls] = cls(*args)
        return instances[cls]
    return get
@add_repr
class Pair:
    def __init__(self, a, b):
        self.a, self.b = a, b
print(Pair(1, "x"))
@singleton
class Conn:
    def __init__(self, url):
        self.url = url
print(Conn("one").url, Conn("two").url, Conn("x") is Conn("y"))
def tagged(tag):
    def apply(cls):
        cls.tag = tag
        return cls
    return apply
@tagged("t1")
@add_repr
class T:
    pass
print(T.tag, T())
