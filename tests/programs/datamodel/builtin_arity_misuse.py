# Misuse of builtin methods: too few, too many, unexpected and duplicate
# arguments. Each call prints the TypeError CPython raises for it.
import _thread
import sys
import types
import weakref
import typing

T = typing.TypeVar("T")


class Sub(list):
    pass


def f():
    return x


class C:
    def m(self):
        pass


x = 1
obj = C()
gen = (i for i in ())


async def co():
    pass


coro = co()
cell = (lambda: x).__closure__ or f.__closure__ or (lambda y: (lambda: y))(1).__closure__[0]


# (method as text, a valid argument list, the first parameter's name or None)
METHODS = [
    # list
    ("[].__getitem__", (0,), None),
    ("[1].__setitem__", (0, 1), None),
    ("[1].__delitem__", (0,), None),
    ("[].__contains__", (1,), None),
    ("[].__add__", ([],), None),
    ("[].__iadd__", ([],), None),
    ("[].__mul__", (2,), None),
    ("[].__rmul__", (2,), None),
    ("[].__imul__", (2,), None),
    ("[].__iter__", (), None),
    ("[].__sizeof__", (), None),
    # object
    ("object().__format__", ("",), None),
    ("object().__eq__", (1,), None),
    ("object().__ne__", (1,), None),
    ("object().__repr__", (), None),
    ("object().__str__", (), None),
    ("object().__hash__", (), None),
    ("object().__setattr__", ("a", 1), None),
    ("object.__init_subclass__", (), None),
    # tuple
    ("(1,).__getitem__", (0,), None),
    ("(1,).__contains__", (1,), None),
    ("(1,).__add__", ((),), None),
    ("(1,).__mul__", (2,), None),
    ("(1,).__rmul__", (2,), None),
    ("(1,).__iter__", (), None),
    # str
    ("'a'.__add__", ("b",), None),
    ("'a'.__mul__", (2,), None),
    ("'a'.__rmul__", (2,), None),
    ("'%s'.__mod__", (1,), None),
    ("'a'.__rmod__", (1,), None),
    ("'a'.__contains__", ("a",), None),
    ("'a'.__getitem__", (0,), None),
    ("'a'.__iter__", (), None),
    # bytes and bytearray
    ("b'a'.__repr__", (), None),
    ("b'a'.__len__", (), None),
    ("b'a'.__lt__", (b"b",), None),
    ("b'a'.__eq__", (b"b",), None),
    ("b'a'.__add__", (b"b",), None),
    ("b'a'.__mul__", (2,), None),
    ("b'a'.__rmul__", (2,), None),
    ("b'%d'.__mod__", (1,), None),
    ("b'a'.__rmod__", (1,), None),
    ("b'a'.__contains__", (97,), None),
    ("b'a'.__getitem__", (0,), None),
    ("b'a'.__hash__", (), None),
    ("b'a'.__iter__", (), None),
    ("bytearray(b'a').__ge__", (b"b",), None),
    ("bytearray(b'a').__mul__", (2,), None),
    ("bytearray(b'a').__getitem__", (0,), None),
    ("bytearray(b'a').__setitem__", (0, 1), None),
    ("bytearray(b'a').__delitem__", (0,), None),
    ("bytearray(b'a').__iter__", (), None),
    ("bytearray(b'a').__iadd__", (b"b",), None),
    ("bytearray(b'a').__imul__", (2,), None),
    # dict
    ("{}.__len__", (), None),
    ("{}.__repr__", (), None),
    ("{1: 2}.__getitem__", (1,), None),
    ("{}.__setitem__", (1, 2), None),
    ("{1: 2}.__delitem__", (1,), None),
    ("{}.__contains__", (1,), None),
    ("{}.__iter__", (), None),
    ("{}.__eq__", ({},), None),
    ("{}.__ne__", ({},), None),
    ("{}.__or__", ({},), None),
    ("{}.__ior__", ({},), None),
    ("{}.__ror__", ({},), None),
    ("{}.update", ({},), None),
    ("{}.__init__", ({},), None),
    # GenericAlias, its iterator, UnionType, SimpleNamespace
    ("types.GenericAlias.__repr__", (list[int],), None),
    ("types.GenericAlias.__mro_entries__", (list[int], ()), None),
    ("types.GenericAlias.__eq__", (list[int], 1), None),
    ("types.GenericAlias.__hash__", (list[int],), None),
    ("types.GenericAlias.__getitem__", (list[T], int), None),
    ("types.GenericAlias.__iter__", (list[int],), None),
    ("list[int].__reduce__", (), None),
    ("types.GenericAlias.__or__", (list[int], int), None),
    ("types.GenericAlias.__ror__", (list[int], int), None),
    ("iter(list[int]).__next__", (), None),
    ("iter(list[int]).__iter__", (), None),
    ("iter(list[int]).__reduce__", (), None),
    ("list.__class_getitem__", (int,), None),
    ("Sub.__class_getitem__", (int,), None),
    ("dict.__class_getitem__", (int,), None),
    ("(int | str).__repr__", (), None),
    ("(int | str).__or__", (bytes,), None),
    ("(int | str).__ror__", (bytes,), None),
    ("(int | str).__eq__", (1,), None),
    ("(int | str).__hash__", (), None),
    ("(int | list[T]).__getitem__", (str,), None),
    ("int.__or__", (str,), None),
    ("int.__ror__", (str,), None),
    ("types.SimpleNamespace().__reduce__", (), None),
    ("types.SimpleNamespace().__repr__", (), None),
    ("types.SimpleNamespace().__eq__", (1,), None),
    ("types.SimpleNamespace().__init__", (), None),
    ("types.SimpleNamespace", (), None),
    # range
    ("range(3).__reduce__", (), None),
    ("range(3).__len__", (), None),
    ("range(3).__repr__", (), None),
    ("range(3).__iter__", (), None),
    ("range(3).__contains__", (1,), None),
    ("range(3).__getitem__", (1,), None),
    ("range(3).__eq__", (1,), None),
    ("range(3).__hash__", (), None),
    ("range(3).__bool__", (), None),
    # functions, methods, builtins and their descriptors
    ("f.__repr__", (), None),
    ("C().m.__reduce__", (), None),
    ("C().m.__repr__", (), None),
    ("C().m.__eq__", (1,), None),
    ("len.__repr__", (), None),
    ("len.__reduce__", (), None),
    ("[].append.__reduce__", (), None),
    ("list.append.__repr__", (), None),
    ("list.append.__reduce__", (), None),
    ("dict.fromkeys.__reduce__", (), None),
    ("(1).__add__.__repr__", (), None),
    ("(1).__add__.__reduce__", (), None),
    ("int.__add__.__repr__", (), None),
    ("int.__add__.__reduce__", (), None),
    ("cell.__repr__", (), None),
    # exceptions
    ("Exception('a').__str__", (), None),
    ("Exception('a').__repr__", (), None),
    ("KeyError('a').__str__", (), None),
    ("OSError(2, 'x').__str__", (), None),
    ("SyntaxError('a').__str__", (), None),
    ("UnicodeDecodeError('utf-8', b'x', 0, 1, 'bad').__str__", (), None),
    ("ExceptionGroup('a', [ValueError()]).__str__", (), None),
    # iterators and dict views
    ("iter([]).__iter__", (), None),
    ("iter([]).__next__", (), None),
    ("enumerate([]).__next__", (), None),
    ("{}.keys().__repr__", (), None),
    ("{}.keys().__and__", (set(),), None),
    ("{}.keys().__rand__", (set(),), None),
    ("{}.items().__sub__", (set(),), None),
    ("{}.items().__ror__", (set(),), None),
    ("{}.keys().isdisjoint", ((),), None),
    ("{}.items().isdisjoint", ((),), None),
    # weak references
    ("weakref.ref(C).__hash__", (), None),
    ("weakref.ref(C).__eq__", (1,), None),
    ("weakref.ref(C).__ne__", (1,), None),
    ("weakref.ref(C).__repr__", (), None),
    ("weakref.proxy(obj).__getattribute__", ("m",), None),
    ("weakref.proxy(obj).__setattr__", ("a", 1), None),
    # locks
    ("_thread.allocate_lock().release", (), None),
    ("_thread.allocate_lock().locked", (), None),
    ("_thread.allocate_lock()._at_fork_reinit", (), None),
    ("_thread.RLock()._is_owned", (), None),
    ("_thread.RLock().__exit__", (), None),
    # modules
    ("types.ModuleType('m').__dir__", (), None),
    ("types.ModuleType('m').__repr__", (), None),
    ("types.ModuleType", ("m",), "name"),
    # property, super, generators, coroutines
    ("property().getter", (None,), None),
    ("property().setter", (None,), None),
    ("property().deleter", (None,), None),
    ("super(C, obj).__repr__", (), None),
    ("gen.__iter__", (), None),
    ("gen.__repr__", (), None),
    ("coro.__await__", (), None),
    ("coro.__repr__", (), None),
    ("coro.__await__().__iter__", (), None),
    # code, frames, slices, struct sequences, bool
    ("f.__code__.co_lines", (), None),
    ("f.__code__.co_positions", (), None),
    ("f.__code__.__repr__", (), None),
    ("sys._getframe().clear", (), None),
    ("sys._getframe().__repr__", (), None),
    ("slice(1).__reduce__", (), None),
    ("slice(1).__repr__", (), None),
    ("sys.flags.__reduce__", (), None),
    ("sys.flags.__repr__", (), None),
    ("True.__repr__", (), None),
    ("True.__and__", (True,), None),
    ("True.__rand__", (True,), None),
    ("True.__or__", (True,), None),
    ("True.__ror__", (True,), None),
    ("True.__xor__", (True,), None),
    ("True.__rxor__", (True,), None),
    # numbers
    ("(2).__pow__", (2,), None),
    ("(2).__rpow__", (2,), None),
    ("(2).__divmod__", (2,), None),
    ("(2).__rdivmod__", (2,), None),
    ("(2.0).__pow__", (2,), None),
    ("(2.0).__rpow__", (2,), None),
    ("(2.0).__divmod__", (2,), None),
    ("(2.0).__hash__", (), None),
    ("(1j).__pow__", (2,), None),
    ("(1j).__add__", (2,), None),
    ("(1j).__rtruediv__", (2,), None),
    ("(1j).__hash__", (), None),
    # sets
    ("set().__or__", (set(),), None),
    ("set().__rand__", (set(),), None),
    ("frozenset().__sub__", (set(),), None),
    ("frozenset().__rxor__", (set(),), None),
    ("set().__ior__", (set(),), None),
    ("set().__iand__", (set(),), None),
    ("set().__isub__", (set(),), None),
    ("set().__ixor__", (set(),), None),
    ("set().__reduce__", (), None),
    ("frozenset().__reduce__", (), None),
    # sizes
    ("{}.__sizeof__", (), None),
    ("'a'.__sizeof__", (), None),
    ("bytearray().__sizeof__", (), None),
]


def attempt(text, args, kwargs):
    shown = ", ".join([repr(a) for a in args] + [f"{k}={v!r}" for k, v in kwargs.items()])
    try:
        eval(text)(*args, **kwargs)
        print(f"{text}({shown}) ok")
    except Exception as e:
        print(f"{text}({shown})", type(e).__name__, e)


# Keywords that dict() and update() take as items.
attempt("{}.update", ({}, {}), {})
attempt("{}.__init__", ({}, {}), {})
attempt("dict", ({}, {}), {})
d = {}
d.update(self=1, other=2)
d.__init__([(3, 4)], other=5)
print(sorted(d.items(), key=str))

print((int | list[T])[str], (int | str) | bytes)
print((2).__pow__(3, 5), (2).__rpow__(3, None), (2.0).__pow__(2, None), (1j).__pow__(2, None))
for bad in ["(2.0).__pow__(2, 3)", "(1j).__pow__(2, 3)", "int.__pow__(1.0, 2)", "float.__divmod__(1, 2)"]:
    try:
        eval(bad)
    except (TypeError, ValueError) as e:
        print(bad, type(e).__name__, e)
for args, kwargs in [((1, 2, 3), {}), ((), {"x": 1}), ((C, obj), {"y": 2}), ((1,), {})]:
    try:
        super(*args, **kwargs)
    except (TypeError, RuntimeError) as e:
        print("super", type(e).__name__, e)
print(types.ModuleType("m", doc="d").__doc__, types.ModuleType(name="n").__name__)
attempt("types.ModuleType", (1,), {})


class M(types.ModuleType):
    def __init__(self, a, b, c):
        super().__init__("sub")


print(M(1, 2, 3).__name__)
try:
    weakref.proxy(obj).__getattribute__(1)
except TypeError as e:
    print(e)
print(type(OSError(2, "x")).__name__, type(OSError(2)).__name__, OSError(2, "x", "f"))
e = Exception()
e.__init__(1, 2)
print(e.args, repr(e))
attempt("Exception().__init__", (1,), {"x": 1})
attempt("ImportError().__init__", (1,), {"name": "n"})
for bad in ["(int | str)[int]", "(int | list[T])[int, str]"]:
    try:
        eval(bad)
    except TypeError as e:
        print(bad, e)

for text, args, first in METHODS:
    if args:
        attempt(text, args[:-1], {})
    attempt(text, args + (None,), {})
    attempt(text, args, {"bogus": 1})
    if first is not None:
        attempt(text, args, {first: args[0]})
coro.close()
