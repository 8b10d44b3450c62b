# Exception groups are generic classes, as annotations in libraries write them
# (`BaseExceptionGroup[BaseExcT_co]`); the alias is a types.GenericAlias.
import types
from typing import Generic, TypeVar

E = TypeVar("E", bound=BaseException)

alias = BaseExceptionGroup[ValueError]
print(alias, type(alias) is types.GenericAlias, alias.__origin__, alias.__args__)
print(ExceptionGroup[int], ExceptionGroup[E].__parameters__)
print(BaseExceptionGroup.__class_getitem__.__self__ is BaseExceptionGroup)
print("__class_getitem__" in vars(BaseExceptionGroup), "__class_getitem__" in vars(ExceptionGroup))


class Matcher(Generic[E]):
    pass


class GroupMatcher(Matcher[BaseExceptionGroup[E]]):
    pass


print(GroupMatcher.__orig_bases__, GroupMatcher[KeyError])
try:
    BaseExceptionGroup[int, str, 1]()
except TypeError as e:
    print("TypeError:", e)
