# Evaluation order of assignment targets and expressions.
log = []
def v(x):
    log.append(x)
    return x
class Rec:
    def __setattr__(self, name, value):
        log.append("set " + name)
        object.__setattr__(self, name, value)
r = Rec()
r.a = r.b = v("value")
print(log)
log.clear()
d = {}
d[v("k1")] = d[v("k2")] = v("val")
print(log, d)
log.clear()
x = [v(1), v(2)][v(0)]
print(log, x)
log.clear()
print(v(1) + v(2) * v(3), log)
log.clear()
def f(*args, **kwargs):
    return args
f(v(1), v(2), key=v(3))
print(log)
