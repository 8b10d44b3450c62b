# staticmethod and classmethod objects: the repr CPython prints, and only a static
# method is callable.
c = classmethod(len); s = staticmethod(len)
print(repr(c), repr(s), s([1, 2]), callable(s), callable(c), '__call__' in classmethod.__dict__, '__call__' in staticmethod.__dict__)
try: c(1)
except TypeError as e: print(e)
class K:
    @staticmethod
    def f(x): return x * 2
    @classmethod
    def g(cls): return cls.__name__
print(K.f(2), K().f(3), K.g(), K().g(), repr(K.__dict__['f'])[:25], type(K.__dict__['g']).__name__)
class MyStatic(staticmethod): pass
print(repr(MyStatic(abs)), MyStatic(abs)(-3))
print(type(staticmethod.__call__).__name__, staticmethod.__call__.__text_signature__, staticmethod.__repr__.__qualname__)
