# Deleting an instance __dict__ (a class statement's instances allow it, a
# function does not) and __abstractmethods__, which type itself pretends not to have.
try: type.__abstractmethods__
except AttributeError as e: print('AE1', e)
class meta(type): pass
try: meta.__abstractmethods__
except AttributeError as e: print('AE2', e)
class X: pass
try: del X.__abstractmethods__
except AttributeError as e: print('AE3', e)
class C: pass
a = C()
a.__dict__ = {'b': 1}
del a.__dict__
print(a.__dict__)
class C: pass
a = C(); a.x = 1
del a.__dict__
print(hasattr(a, "x"), a.__dict__)
a.y = 2
print(a.y, a.__dict__)
del a.__dict__
a.z = 3
print(vars(a))
class S:
    __slots__ = ("q", "__dict__")
s = S(); s.q = 1; s.w = 2
del s.__dict__
print(s.q, hasattr(s, "w"))
def f(): pass
try: del f.__dict__
except TypeError as e: print(e)
try: a.__dict__ = 5
except TypeError as e: print(e)
