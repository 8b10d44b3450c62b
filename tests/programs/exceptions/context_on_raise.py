# A raise makes the handled exception the raised one's __context__, replacing an
# older one, and cuts the chain where it would form a cycle (CPython's _PyErr_SetObject).
class A(Exception): pass
class B(Exception): pass
class C(Exception): pass
try:
    try:
        raise A
    except A as a_:
        a = a_
        try:
            raise B
        except B as b_:
            b = b_
            try:
                raise C
            except C as c_:
                c = c_
                raise a
except A as e:
    exc = e
print(exc is a, a.__context__ is c, c.__context__ is b, b.__context__)
def cycle():
    try:
        raise ValueError(1)
    except ValueError as ex:
        ex.__context__ = ex
        raise TypeError(2)
try: cycle()
except Exception as e: exc = e
print(type(exc).__name__, type(exc.__context__).__name__, exc.__context__.__context__ is exc.__context__)
def cycle3():
    try:
        a1 = Exception(1); a2 = Exception(2); a3 = Exception(3)
        try: raise a1
        except Exception as e1:
            try: raise a2
            except Exception as e2:
                try: raise a3
                except Exception as e3:
                    a1.__context__ = a3
                    raise Exception(4)
    except Exception as z: return z
z = cycle3()
print(z, z.__context__, z.__context__.__context__, z.__context__.__context__.__context__)
# re-raising an object with an older context replaces it
err = None
try:
    try: raise KeyError('k')
    except KeyError:
        try: raise ValueError('v')
        except ValueError as v: err = v
except Exception: pass
print(repr(err.__context__))
try:
    try: raise IndexError('i')
    except IndexError: raise err
except ValueError as e: print(repr(e.__context__))
try: raise err
except ValueError as e: print(repr(e.__context__))
def gen():
    try: raise KeyError('in gen')
    except KeyError:
        yield 1
        raise ValueError('from gen')
g = gen(); next(g)
try:
    try: raise IndexError('outer')
    except IndexError: next(g)
except ValueError as e: print(repr(e.__context__))
