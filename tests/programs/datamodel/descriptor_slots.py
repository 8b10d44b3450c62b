class P(property):
    def __get__(self, obj, owner=None):
        return 'over-get'
    def __set__(self, obj, value):
        print('over-set', value)
class C:
    @P
    def x(self): return 1
c = C()
print(c.x)
c.x = 5
class CM(classmethod):
    def __get__(self, obj, owner=None):
        return 'cm-get'
class D:
    @CM
    def f(cls): return cls
print(D.f, D().f)
class S(staticmethod):
    def __get__(self, obj, owner=None):
        return ('sm', obj is None)
class E:
    @S
    def g(): pass
print(E.g, E().g)
print(type(len).__dict__.get('__get__'))
f = lambda self: self
print(f.__get__(1)(), )
try: f.__get__()
except TypeError as e: print(e)
try: f.__get__(None, None)
except TypeError as e: print(e)
print(property.__get__, property.__set__, property.__delete__)
print(type(f).__get__)
print(str.upper.__get__('abc')())
print(dict.fromkeys.__get__ if hasattr(dict.fromkeys,'__get__') else None)
try: str.upper.__get__(None, None)
except TypeError as e: print(e)
try: property().__get__()
except TypeError as e: print(e)
try: property().__get__(1,2,3)
except TypeError as e: print(e)
try: property().__set__(1)
except TypeError as e: print(e)
class Desc:
    def __get__(self, o, t): return ('desc', o, t)
class F:
    d = Desc()
print(F.d, F().d[0])
Desc.__set__ = lambda self, o, v: print('late set', v)
F.__dict__  # noqa
fi = F(); fi.__dict__["d"] = "inst"; print(fi.d[0])
fi.d = 3
del Desc.__set__
print(fi.d)
for t,n in [(property,'__get__'),(property,'__set__'),(property,'__delete__'),(object,'__setattr__'),(object,'__delattr__'),(object,'__getattribute__'),(list,'__setitem__'),(list,'__delitem__'),(int,'__add__'),(int,'__radd__'),(int,'__pow__'),(int,'__rpow__'),(object,'__repr__'),(list,'__contains__'),(list,'__getitem__'),(dict,'__getitem__'),(object,'__eq__'),(int,'__divmod__'),(list,'__iadd__'),(tuple,'__getitem__'),(classmethod,'__get__'),(staticmethod,'__get__'),(type(len),'__call__')]:
  print(t.__name__,n,getattr(t,n).__text_signature__)

# A class gains __get__ after its instances are already class attributes.
class Late:
    pass
class Holder:
    attr = Late()
print(type(Holder.attr).__name__)
Late.__get__ = lambda self, obj, owner: ('late get', obj is None, owner.__name__)
print(Holder.attr, Holder().attr[:2])
del Late.__get__
print(type(Holder.attr).__name__)

# A subclass of a data descriptor type keeps the data-descriptor precedence.
class RO(property):
    pass
class K:
    @RO
    def v(self): return 'prop'
k = K()
k.__dict__['v'] = 'instance'
print(k.v)
try:
    k.v = 1
except AttributeError as e:
    print(e)

# __delete__ alone makes a data descriptor; __set__ missing then raises.
class OnlyDelete:
    def __get__(self, obj, owner): return 'od-get'
    def __delete__(self, obj): print('od-delete')
class M:
    d = OnlyDelete()
m = M()
m.__dict__['d'] = 'shadow'
print(m.d)
del m.d
try:
    m.d = 1
except AttributeError as e:
    print('AttributeError', e)

# Builtin descriptors called through their slot wrappers.
class T:
    def meth(self): return 'meth'
    @classmethod
    def cm(cls): return cls.__name__
    @staticmethod
    def sm(): return 'sm'
t = T()
print(T.__dict__['meth'].__get__(t, T)())
print(T.__dict__['cm'].__get__(None, T)(), T.__dict__['cm'].__get__(t)())
print(T.__dict__['sm'].__get__(t)(), T.__dict__['sm'].__get__(None, T)())
print(list.append.__get__([1])(2))
print(dict.__dict__['fromkeys'].__get__(None, dict)('ab'))
getset = type(T.__dict__['__dict__'])
print(getset.__name__, getset.__get__.__text_signature__, getset.__set__.__text_signature__)
print(T.__dict__['__dict__'].__get__(t) == t.__dict__)
class WithSlots:
    __slots__ = ('a',)
ws = WithSlots()
WithSlots.__dict__['a'].__set__(ws, 5)
print(WithSlots.__dict__['a'].__get__(ws), ws.a)
WithSlots.__dict__['a'].__delete__(ws)
try:
    ws.a
except AttributeError as e:
    print(e)
try:
    type(T.__dict__['meth']).__get__(T.__dict__['meth'], None, None)
except TypeError as e:
    print(e)
