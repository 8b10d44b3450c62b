# types.MethodType(function, instance) binds a callable to an instance (contextlib
# and unittest.mock build methods this way); sys.*_coroutine_origin_tracking_depth.
import sys, types

class C:
    pass

c = C()
m = types.MethodType(lambda self, x: (self is c, x), c)
print(m(3), m.__self__ is c, type(m) is types.MethodType)
print(types.MethodType(len, [1, 2])())
for args in ((1, c), (len, None), (), (len,)):
    try:
        types.MethodType(*args)
    except TypeError as e:
        print(e)
print(sys.get_coroutine_origin_tracking_depth())
sys.set_coroutine_origin_tracking_depth(3)
print(sys.get_coroutine_origin_tracking_depth())
try:
    sys.set_coroutine_origin_tracking_depth(-1)
except ValueError as e:
    print(e)
sys.set_coroutine_origin_tracking_depth(0)
