# Comparing structures that contain themselves ends in RecursionError, as in
# CPython, for every operator and container kind.
import copy, operator

x = []
x.append(x)
y = copy.deepcopy(x)
for op in (operator.eq, operator.ne, operator.lt, operator.le, operator.gt, operator.ge):
    try:
        op(y, x)
        print(op.__name__, "no error")
    except RecursionError as e:
        print(op.__name__, "RecursionError", e)
d = {}
d[1] = d
e = {1: {1: {}}}
e[1][1][1] = e
try:
    print(d == e)
except RecursionError as err:
    print("dict RecursionError")
print(x == x, y[0] is y, len(y))
