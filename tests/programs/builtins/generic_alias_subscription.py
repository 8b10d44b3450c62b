# types.GenericAlias as PEP 585/646 have it: type-variable substitution, unpacking
# with *, subclasses (collections.abc.Callable), pickling and the errors.
from typing import TypeVar, TypeVarTuple, ParamSpec
T=TypeVar('T'); S=TypeVar('S'); Ts=TypeVarTuple('Ts'); P=ParamSpec('P')
import collections.abc as c
print(list[T][int], dict[T, list[S]][str, int], dict[str, T].__parameters__, tuple[*Ts], tuple[int, *Ts][str, float], *tuple[int, ...])
print([*tuple[int]], (*tuple[int],)[0].__unpacked__, tuple[int].__typing_unpacked_tuple_args__, (*tuple[int],)[0].__typing_unpacked_tuple_args__)
for f in (lambda: list[int][int], lambda: dict[T,S][int], lambda: isinstance([], list[int]), lambda: issubclass(list, list[int])):
    try: f()
    except TypeError as e: print(e)
print(list[int].__reduce__(), list[int].append, tuple[()], c.Callable[[int], str], c.Callable[P, T][[int], str])
import pickle; print(pickle.loads(pickle.dumps(list[T])), list[int] == list[int], hash(list[int]) == hash(list[int]), list[int] | None)
print(list[int]([1,2]), type(list[int]).__name__, pickle.loads(pickle.dumps((*tuple[int],)[0])))
