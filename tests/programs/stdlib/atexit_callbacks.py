import atexit
print(sorted(n for n in dir(atexit) if not n.startswith('__')))
def f(*a, **k):
    print('f', a, k)
class Failing:
    def __repr__(self):
        return '<Failing>'

    def __call__(self):
        raise ValueError('boom')


g = Failing()
def h():
    print('h should not run')
atexit.register(f, 1, x=2)
atexit.register(g)
atexit.register(h)
atexit.unregister(h)
print(atexit.register(print, 'last registered runs first') is print, atexit._ncallbacks())
try:
    atexit.register(5)
except TypeError as e:
    print(e)
@atexit.register
def decorated():
    print('decorated')
print('main done')
