# timedelta: construction, normalisation, arithmetic, rounding, reprs, errors, pickling.
import pickle
from datetime import timedelta


def show(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, type(e).__name__, e)


for args, kw in [((), {}), ((1,), {}), ((0, 1, 1), {}), ((-1,), {}),
                 ((), {"hours": -1.5}), ((), {"weeks": 1, "minutes": 30}),
                 ((), {"microseconds": 0.5}), ((), {"microseconds": 1.5}),
                 ((), {"microseconds": -0.5}), ((), {"seconds": 1e-7}),
                 ((), {"days": 0.1, "seconds": 0.2}), ((), {"milliseconds": 1.0001})]:
    show(f"timedelta{args}{kw}", lambda: timedelta(*args, **kw))

for bad in [lambda: timedelta(days=10**9), lambda: timedelta(days=-10**9),
            lambda: timedelta("1"), lambda: timedelta(seconds=float("nan")),
            lambda: timedelta(days=1e20), lambda: timedelta.max + timedelta(1),
            lambda: timedelta(1) / 0, lambda: timedelta(1) // 0,
            lambda: timedelta(1) % timedelta(0), lambda: timedelta(1) * 1.5j]:
    show("error", bad)

a, b = timedelta(days=3, hours=5, microseconds=7), timedelta(hours=-7, seconds=13)
for name, f in [("a+b", lambda: a + b), ("a-b", lambda: a - b), ("-a", lambda: -a),
                ("+b", lambda: +b), ("abs(b)", lambda: abs(b)), ("a*3", lambda: a * 3),
                ("2*b", lambda: 2 * b), ("a*0.1", lambda: a * 0.1), ("a/b", lambda: a / b),
                ("a//b", lambda: a // b), ("a%b", lambda: a % b), ("divmod", lambda: divmod(a, b)),
                ("a/3", lambda: a / 3), ("a/2.5", lambda: a / 2.5), ("a//7", lambda: a // 7),
                ("total", lambda: b.total_seconds()), ("cmp", lambda: (a < b, a == a, a != b, a >= b)),
                ("bool", lambda: (bool(timedelta(0)), bool(b))), ("eq-int", lambda: a == 1),
                ("str", lambda: (str(a), str(b), str(-timedelta(microseconds=1)), str(timedelta(days=-2)))),
                ("fields", lambda: (b.days, b.seconds, b.microseconds)),
                ("minmax", lambda: (timedelta.min, timedelta.max, timedelta.resolution)),
                ("hash", lambda: hash(timedelta(1)) == hash(timedelta(hours=24))),
                ("reduce", lambda: a.__reduce__()),
                ("lt-int", lambda: a < 1)]:
    show(name, f)


class Sub(timedelta):
    pass


s = Sub(days=1)
show("sub repr", lambda: s)
show("sub add type", lambda: type(s + s).__name__)
show("sub neg type", lambda: type(-s).__name__)
for proto in range(pickle.HIGHEST_PROTOCOL + 1):
    show(f"pickle{proto}", lambda: pickle.loads(pickle.dumps(a, proto)) == a)
show("pickle sub", lambda: type(pickle.loads(pickle.dumps(s))).__name__)
