import weakref, itertools, collections, functools, operator, _thread, types, sys
def g(): yield
for o in [itertools.count(), itertools.chain(), collections.deque(), collections.defaultdict(), functools.partial(print), operator.itemgetter(1), _thread.allocate_lock(), _thread.RLock(), iter([]), range(3), g(), set(), frozenset(), types.SimpleNamespace(), object(), len, [].append, (lambda:0), int, property(), staticmethod(len), classmethod(len), super(int, 1), slice(1), memoryview(b''), weakref.ref(int), types.ModuleType('m'), (lambda:0).__code__, bytearray(), iter(range(2)), enumerate([]), zip(), map(len, []), reversed([]), NotImplemented, 1.5, 1j, b'', ..., None, True, ValueError(), sys, list.append, int.__add__, (1).__add__, [], {}, (), 'x', 10**30]:
    try:
        weakref.ref(o); r = 'yes'
    except TypeError as e:
        r = str(e)
    print(type(o).__name__, r)
class I(int): pass
class T(tuple): pass
class S(str): pass
class L(list): pass
class D(dict): pass
class NS: __slots__ = ('a',)
class WS: __slots__ = ('a', '__weakref__')
class Sub(NS): pass
class SubS(NS): __slots__ = ()
class B(bytes): pass
class F(float): pass
class E(Exception): pass
for c in [I, T, S, L, D, NS, WS, Sub, SubS, B, F, E]:
    try:
        weakref.ref(c()); r = 'yes'
    except TypeError as e:
        r = str(e)
    print(c.__name__, r, '__weakref__' in dir(c), '__weakref__' in c.__dict__)
for bases, slots in [((int,), ('__weakref__',)), ((WS,), ('__weakref__',)), ((), ('__weakref__', '__weakref__'))]:
    try:
        type('X', bases, {'__slots__': slots})
        print('ok')
    except TypeError as e:
        print(e)
print(WS.__weakref__.__name__, type(WS.__weakref__).__name__)
class WSlot:
    __slots__ = ('a',)
print(WSlot.a, WSlot.a.__name__, WSlot.a.__qualname__, WSlot.a.__objclass__ is WSlot)
print(int.real, int.real.__name__, int.real.__qualname__, int.real.__objclass__)
print(type.__dict__['__name__'], type(int.real).__name__)
import os
print(os.stat_result.st_mode)
try:
    class X(int): __slots__ = ('__dict__',)
except TypeError as e:
    print(e)
