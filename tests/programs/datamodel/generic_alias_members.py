# types.GenericAlias keeps its state in read-only members (no __dict__) and reads
# every attribute but its own from the origin, as CPython's ga_getattro.
import types, pickle, copy, typing
x = list[int]
for action in (lambda: setattr(x, 'foo', 1), lambda: setattr(x, '__origin__', 1), lambda: x.foo):
    try:
        print(action())
    except AttributeError as e:
        print('AttributeError:', e)
print(x.__origin__, x.__args__, x.__parameters__, x.__name__, x.__qualname__, x.__module__)
print(x.__doc__ == list.__doc__, x.append, x.__class__, type(x))
T = typing.TypeVar('T')
y = dict[str, T]
print(y, y.__parameters__, y[int], y[int] == dict[str, int], hash(y[int]) == hash(dict[str, int]))
print(pickle.loads(pickle.dumps(y)) == y, copy.copy(y) == y, copy.deepcopy(y) == y)
print(types.GenericAlias(tuple, (int,)), *tuple[int, str], list[int](range(3)))
print(types.GenericAlias.__origin__, list[int].__mro_entries__(()))
class G(types.GenericAlias): pass
g = G(list, int)
try:
    g.extra = 5
    print(g.extra)
except AttributeError as e:
    print("AttributeError:", e)
print(g, type(g).__name__)
print(x.__unpacked__, (*tuple[int],)[0].__unpacked__)
print(isinstance(x, types.GenericAlias), dir(x) == dir(list))
u = int | str
for action in (lambda: setattr(u, 'foo', 1), lambda: setattr(u, '__args__', ()), lambda: u.__dict__):
    try:
        print(action())
    except AttributeError as e:
        print('AttributeError:', e)
print(u.__args__, u.__parameters__, (list[T] | None).__parameters__, u == (str | int))
