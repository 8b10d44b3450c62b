# Calling a class whose __init__ is a Python function runs __init__ as a frame of the
# loop; every way such a call can differ from the plain case must still behave.
class A:
    def __init__(self, x, y=2):
        self.x = x; self.y = y
class B(A):
    pass
class R:
    def __init__(self):
        return 5
class G:
    def __init__(self, *a):
        self.a = a
def f():
    a = A(1)
    b = B(3, 4)
    print(a.x, a.y, b.x, b.y, G(1,2).a)
    try:
        R()
    except TypeError as e:
        print(e)
    try:
        A()
    except TypeError as e:
        print(e)
    class E:
        def __init__(self):
            raise ValueError("in init")
    try:
        E()
    except ValueError as e:
        print("caught", e)
    import abc
    class Ab(abc.ABC):
        def __init__(self): self.v = 1
    print(Ab().v)
    class Meta(type):
        def __call__(cls, *a):
            print("meta call"); return super().__call__(*a)
    class M(metaclass=Meta):
        def __init__(self, q): self.q = q
    print(M(7).q)
f()


# __init__ replaced, deleted and given __new__ after warm-up; recursion inside.
class P:
    def __init__(self, v):
        self.v = v


print([P(i).v for i in range(5)])
P.__init__ = lambda self, v: setattr(self, "v", -v)
print(P(3).v)
del P.__init__
try:
    P(3)
except TypeError as e:
    print(e)
P.__new__ = lambda cls, v: "from __new__"
print(P(1))


class Tree:
    def __init__(self, depth):
        self.children = [Tree(depth - 1) for _ in range(2)] if depth else []


def count(t):
    return 1 + sum(count(c) for c in t.children)


print(count(Tree(8)))


class Deep:
    def __init__(self, n):
        self.next = Deep(n - 1) if n else None


try:
    Deep(100000)
except RecursionError as e:
    print("RecursionError", e)


# An error raised in __init__ shows the __init__ frame in the traceback.
class Fails:
    def __init__(self):
        1 / 0


Fails()
