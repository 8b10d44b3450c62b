# The singletons' types take no arguments; format() checks its spec's type.
for f in (lambda: type(None)(1), lambda: type(None)(x=1), lambda: type(NotImplemented)(1), lambda: type(...)(1), lambda: format(3, 1), lambda: format(object(), 'x'), lambda: dir(1, 2)):
    try:
        print(repr(f()))
    except TypeError as e:
        print('TypeError:', e)
print(bool.__new__(bool, 1))
class D:
    def __dir__(self): return 7
try:
    dir(D())
except TypeError as e: print('TypeError:', e)
