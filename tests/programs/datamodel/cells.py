# Cell objects: made directly, compared by contents, an empty cell first.
import types

cell = types.CellType
print(cell(1).cell_contents)
empty = cell()
try:
    empty.cell_contents
except ValueError as e:
    print("ValueError", e)
for args, kwargs in [((1, 2), {}), ((), {"contents": 1})]:
    try:
        cell(*args, **kwargs)
    except TypeError as e:
        print("TypeError", e)
print(cell(2) < cell(3), cell(3) <= cell(2))
print(cell() < cell("x"), cell() == cell(), cell() != cell())
print(cell(-36) == cell(-36.0), cell(True) > cell())
print(cell(1) == 1, cell(1).__eq__(1))
try:
    cell(1) < cell("a")
except TypeError as e:
    print("TypeError", e)
c = cell()
c.cell_contents = 5
print(c.cell_contents)
del c.cell_contents
print(repr(c).endswith("empty>"))


def f():
    x = [1]

    def g():
        return x

    return g


print(f().__closure__[0] == cell([1]))
