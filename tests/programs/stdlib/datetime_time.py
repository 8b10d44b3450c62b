# time: construction, isoformat/fromisoformat, strftime, tz-aware comparisons and
# hashing, fold, pickling and derived classes.
import pickle
from datetime import time, timedelta, timezone, tzinfo


def show(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, type(e).__name__, e)


class Fixed(tzinfo):
    def __init__(self, minutes=0, name="F"):
        self.offset = timedelta(minutes=minutes)
        self.name = name

    def utcoffset(self, dt):
        return self.offset

    def tzname(self, dt):
        return self.name

    def dst(self, dt):
        return timedelta(0)

    def __repr__(self):
        return f"Fixed({self.offset}, {self.name!r})"


print(time.min, time.max, time.resolution)
for args, kw in [((), {}), ((1,), {}), ((1, 2, 3, 4), {}), ((23, 59, 59, 999999), {}),
                 ((24,), {}), ((0, 60), {}), ((0, 0, 60), {}), ((0, 0, 0, 10 ** 6), {}),
                 ((1,), {"fold": 1}), ((1,), {"fold": 2}), ((1, 2, 3, 4, "x"), {}),
                 ((12, 30), {"tzinfo": timezone.utc}), ((12, 30), {"tzinfo": Fixed(-90, "X")})]:
    show(f"time{args}{kw}", lambda: time(*args, **kw))

t = time(12, 34, 56, 789012, Fixed(330, "IST"))
for name, f in [("str", lambda: str(t)), ("fields", lambda: (t.hour, t.minute, t.second, t.microsecond, t.fold)),
                ("tz", lambda: (t.utcoffset(), t.dst(), t.tzname())),
                ("naive tz", lambda: (time(1).utcoffset(), time(1).tzname(), time(1).dst())),
                *[(f"iso {spec}", lambda spec=spec: t.isoformat(spec))
                  for spec in ["auto", "hours", "minutes", "seconds", "milliseconds", "microseconds", "bad"]],
                ("iso kw", lambda: time(1, 2).isoformat(timespec="minutes")),
                ("strftime", lambda: t.strftime("%H:%M:%S.%f %z %Z %p %%")),
                ("strftime naive", lambda: time(3, 4).strftime("%H %z|%Z|%Y")),
                ("format", lambda: (format(t, ""), format(t, "%H"))),
                ("replace", lambda: t.replace(hour=1, tzinfo=None)),
                ("replace fold", lambda: t.replace(fold=1)),
                ("cmp aware", lambda: (t == time(7, 4, 56, 789012, timezone.utc), t < time(8, tzinfo=timezone.utc))),
                ("cmp naive", lambda: (time(1) < time(2), time(1) == time(1, fold=1))),
                ("cmp mixed eq", lambda: time(1) == time(1, tzinfo=timezone.utc)),
                ("cmp mixed lt", lambda: time(1) < time(1, tzinfo=timezone.utc)),
                ("cmp other", lambda: time(1) < 1),
                ("hash", lambda: (hash(time(1)) == hash(time(1, fold=1)),
                                  hash(t) == hash(time(7, 4, 56, 789012, timezone.utc)))),
                ("bool", lambda: (bool(time(0)), bool(time(0, tzinfo=Fixed(60))))),
                ("reduce", lambda: t.__reduce__()),
                ("reduce_ex", lambda: (time(1, fold=1).__reduce_ex__(2), time(1, fold=1).__reduce_ex__(4)))]:
    show(name, f)

for text in ["12", "12:30", "1230", "12:30:45", "123045", "12:30:45.5", "12:30:45,123456789",
             "T12:30", "12:30Z", "12:30+05:30", "12:30-0530", "12:30:45.123+05:30:15.5",
             "12:3", "12:30:", "24:00", "12:30+", "12:30Zx", "12:30+05:30x", "", "12:30:45.123456 "]:
    show(f"fromisoformat({text!r})", lambda: time.fromisoformat(text))


class MyTime(time):
    pass


m = MyTime(1, 2, 3)
show("sub repr", lambda: m)
show("sub replace", lambda: type(m.replace(hour=5)).__name__)
show("sub fromisoformat", lambda: MyTime.fromisoformat("01:02"))
for proto in range(pickle.HIGHEST_PROTOCOL + 1):
    show(f"pickle{proto}", lambda: pickle.loads(pickle.dumps(time(1, 2, 3, 4, timezone.utc, fold=1), proto)))
show("pickle sub", lambda: pickle.loads(pickle.dumps(m)))
show("pickle tz", lambda: pickle.loads(pickle.dumps(t)))
show("bad tzinfo state", lambda: time(b"\x01\x02\x03\x00\x00\x01", "x"))
