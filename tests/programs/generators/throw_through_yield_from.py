# throw() into a generator suspended in yield from goes to what it delegates to,
# whose result or exception the generator then goes on with (CPython's _gen_throw).
def f():
    try:
        yield 1
    except RuntimeError as e:
        print('inner caught', e)
        yield 2
    return 'f-result'
def g():
    r = yield from f()
    print('g got', r)
    yield 3
gen = g()
print(next(gen))
print(gen.throw(RuntimeError('boom')))
print(next(gen))
# inner finishes on throw: StopIteration value goes to g
def f2():
    try: yield 1
    except KeyError: return 'handled'
def g2():
    r = yield from f2()
    yield ('g2', r)
gen = g2(); next(gen); print(gen.throw(KeyError))
# inner does not handle: exception raised in g at the yield from
def g3():
    try:
        yield from f2()
    except ValueError as e:
        yield ('g3 caught', e)
gen = g3(); next(gen); print(gen.throw(ValueError('v')))
# delegate is an iterator without throw
class It:
    def __iter__(self): return self
    def __next__(self): return 'it'
def g4():
    try: yield from It()
    except ValueError: yield 'g4 caught'
gen = g4(); next(gen); print(gen.throw(ValueError))
# delegate with a throw method
class T:
    def __iter__(self): return self
    def __next__(self): return 't'
    def throw(self, *a): print('T.throw', [x.__name__ if isinstance(x, type) else x for x in a]); return 'from T'
def g5():
    yield from T()
gen = g5(); next(gen); print(gen.throw(IndexError))
# nested chain
def a():
    try: yield 'a'
    except LookupError: yield 'a caught'
def b(): yield from a()
def c(): yield from b()
gen = c(); next(gen); print(gen.throw(KeyError))
# close delegates GeneratorExit
def d():
    try: yield 1
    finally: print('d finally')
def e(): yield from d()
gen = e(); next(gen); gen.close(); print('closed')
import traceback
def fail_inner():
    yield 1
def h():
    yield from fail_inner()
gen = h(); next(gen)
try: gen.throw(ZeroDivisionError('z'))
except ZeroDivisionError as ex:
    print([ (f.name, f.lineno) for f in traceback.extract_tb(ex.__traceback__)])
