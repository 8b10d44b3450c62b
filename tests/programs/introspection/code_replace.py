# code.replace makes a changed copy of a code object.
def f(a, b=2):
    x = a + b
    return x
c = f.__code__
c2 = c.replace(co_name='g', co_flags=c.co_flags | 0x100)
print(c2.co_name, c2.co_flags & 0x100, c.co_flags & 0x100, c2.co_varnames, c2.co_code == c.co_code)
f.__code__ = c.replace(co_consts=(None, 'replaced'))
print(f.__code__.co_consts)
def h():
    return 'old'
h.__code__ = h.__code__.replace(co_consts=(None, 'new'))
print(h())
print(c.replace(co_varnames=('p', 'q', 'r')).co_varnames)
for bad in (dict(co_name=3), dict(co_consts=[1]), dict(co_code='x'), dict(co_varnames=('a',))):
    try:
        c.replace(**bad)
    except (TypeError, ValueError) as e:
        print(type(e).__name__)
try:
    c.replace(1)
except TypeError as e:
    print(e)
import types
@types.coroutine
def gen():
    yield 1
print(gen.__code__.co_flags & 0x100 != 0)
import time, sys
print(time.get_clock_info('monotonic').monotonic, time.get_clock_info('time').adjustable)
try:
    time.get_clock_info('nope')
except ValueError as e:
    print(e)
print(sys.get_asyncgen_hooks(), sys.is_finalizing())
sys.set_asyncgen_hooks(firstiter=print)
print(sys.get_asyncgen_hooks().firstiter is print)
try:
    sys.set_asyncgen_hooks(finalizer=3)
except TypeError as e:
    print(e)
