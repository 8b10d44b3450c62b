# Calls with keyword arguments to Python functions: bound in place where the
# call shape allows, by the general binder otherwise; results and errors must
# not depend on which.


def f(a, b, c=3, *, d=4, e):
    return (a, b, c, d, e)


print(f(1, 2, e=5))
print(f(1, b=2, e=5))
print(f(a=1, b=2, c=30, d=40, e=50))
print(f(e=5, b=2, a=1))
print(f(1, 2, 3, e=5, d=6))


class C:
    def m(self, x, y=2, *, z=3):
        return (type(self).__name__, x, y, z)

    @staticmethod
    def s(p, q=1):
        return (p, q)


c = C()
print(c.m(1, z=9))
print(c.m(x=1))
print(C.m(c, 1, y=5))
bound = c.m
print(bound(y=7, x=8))
print(c.s(q=2, p=1))


def closure_param(a, b):
    def inner():
        return a + b
    return inner()


print(closure_param(b=10, a=5))


def many(a=0, b=0, c=0, d=0, e=0, f=0, g=0, h=0, i=0, j=0):
    return a + b + c + d + e + f + g + h + i + j


print(many(a=1, b=2, c=3, d=4, e=5, f=6, g=7, h=8, i=9, j=10))
print(many(j=1))


def posonly(a, b, /, c):
    return (a, b, c)


print(posonly(1, 2, c=3))


def gen(n, *, step=1):
    yield from range(0, n, step)


print(list(gen(10, step=3)))


def kwdefaults_changed(a, *, b=1):
    return a, b


kwdefaults_changed.__kwdefaults__ = {"b": 99}
print(kwdefaults_changed(a=1))
kwdefaults_changed.__defaults__ = None


def defaults_changed(a, b=1):
    return a, b


defaults_changed.__defaults__ = (7,)
print(defaults_changed(a=1))

for call in (
    lambda: f(1, 2, x=3, e=1),
    lambda: f(1, 2, a=1, e=1),
    lambda: f(1, 2),
    lambda: f(1, e=2),
    lambda: posonly(1, b=2, c=3),
    lambda: c.m(z=1),
    lambda: kwdefaults_changed(1, c=2),
    lambda: many(1, a=2),
    lambda: f(1, 2, 3, 4, e=5),
):
    try:
        call()
    except TypeError as e:
        print("TypeError:", e)

# A loop, so that the calls are made after any warm-up.
total = 0
for i in range(300):
    total += f(i, b=1, e=2)[0] + c.m(x=i, z=1)[1]
print(total)
