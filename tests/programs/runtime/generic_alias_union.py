# list[int], int | str and friends: the objects type hints are made of.
print(list[int], dict[str, list[int]], tuple[int, ...], type[int])
print(list[int].__origin__, list[int].__args__, list[int](), type(list[int]).__name__)
print(list[int] == list[int], hash(list[int]) == hash(list[int]), repr(list["X"]))
class A: pass
print(list[A], dict[A, None])
print(int | str, (int | str).__args__, int | None, None | int)
print((int | str) == (str | int), int | int, type(int | str).__name__)
print(isinstance(3, int | str), isinstance(3.0, int | str))
def f(x: list[int] | None = None) -> dict[str, int]:
    return {}
print(f.__annotations__)
