# type's repr and the | of classes, aliases and unions are native slots.
print(int | str, int | None, None | int, list[int] | str, int | list[int], (int | str) | bytes, int | int, type(int | str).__name__)
print(repr(int), repr(type), repr(type('X', (), {})), str(int))
import typing
print(int | typing.List[int] if hasattr(typing.List[int], '__or__') else '')
for e in ["int | 1", "1 | int", "type.__or__(int, 3)"]:
    try: print(e, '->', eval(e))
    except Exception as x: print(e, '!!', type(x).__name__, x)
class M(type):
    def __repr__(cls): return 'M!'
class A(metaclass=M): pass
print(repr(A), A | int, type(type.__or__).__name__, type.__ror__(int, str))
