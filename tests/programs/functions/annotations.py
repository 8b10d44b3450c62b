# Function annotations are evaluated and stored.
def f(a: int, b: "str" = "x", *args: float, c: list = None, **kw: dict) -> bool:
    return True
print(f.__annotations__)
def g(x, y):
    pass
print(g.__annotations__)
def h() -> None:
    pass
print(h.__annotations__)
print(f(1))
