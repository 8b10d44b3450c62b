# datetime and timezone: construction, arithmetic across zones, comparisons and
# hashing with fold, isoformat/fromisoformat, strftime, timestamps in a fixed TZ,
# astimezone, combine, strptime, pickling and derived classes.
import os
import pickle
import time as _time
from datetime import date, datetime, time, timedelta, timezone, tzinfo, UTC

os.environ["TZ"] = "EST+05EDT,M3.2.0,M11.1.0"
_time.tzset()


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

    def __reduce__(self):
        return (Fixed, (self.offset // timedelta(minutes=1), self.name))


print(datetime.min, datetime.max, datetime.resolution, UTC is timezone.utc)
for args, kw in [((2020, 1, 2), {}), ((2020, 1, 2, 3, 4, 5, 6), {}), ((2020, 1, 2, 3, 4, 5), {}),
                 ((2020, 1, 2, 3), {"tzinfo": timezone.utc}), ((2020, 1, 2), {"fold": 1}),
                 ((2020, 1, 2, 24), {}), ((2020, 2, 30), {}), ((2020, 1), {}),
                 ((2020, 1, 2), {"tzinfo": 1}), ((2020, 1, 2), {"fold": -1})]:
    show(f"datetime{args}{kw}", lambda: datetime(*args, **kw))

dt = datetime(2021, 3, 14, 1, 59, 26, 535897, Fixed(-300, "EST"))
u = datetime(2021, 3, 14, 6, 59, 26, 535897, timezone.utc)
n = datetime(2021, 3, 14, 1, 59, 26)
for name, f in [("str", lambda: str(dt)), ("fields", lambda: (dt.hour, dt.minute, dt.second, dt.microsecond, dt.fold)),
                ("tz", lambda: (dt.utcoffset(), dt.dst(), dt.tzname())),
                ("date/time", lambda: (dt.date(), dt.time(), dt.timetz())),
                *[(f"iso {spec}", lambda spec=spec: dt.isoformat(" ", spec))
                  for spec in ["auto", "hours", "minutes", "seconds", "milliseconds", "microseconds", "x"]],
                ("iso sep", lambda: n.isoformat(sep="\u2603")),
                ("iso bad sep", lambda: n.isoformat("ab")),
                ("ctime", lambda: dt.ctime()),
                ("strftime", lambda: dt.strftime("%Y-%m-%d %H:%M:%S.%f %z %Z %j %a %%f")),
                ("strftime bad", lambda: dt.strftime(5)),
                ("format", lambda: (format(dt, ""), f"{dt:%H}")),
                ("timetuple", lambda: dt.timetuple()), ("utctimetuple", lambda: dt.utctimetuple()),
                ("naive timetuple", lambda: n.timetuple()),
                ("eq zones", lambda: (dt == u, hash(dt) == hash(u), dt - u)),
                ("lt zones", lambda: (dt < u + timedelta(microseconds=1), dt > u)),
                ("naive aware eq", lambda: n == u), ("naive aware lt", lambda: n < u),
                ("naive aware sub", lambda: n - u),
                ("dt vs date", lambda: (n == date(2021, 3, 14), n != date(2021, 3, 14))),
                ("dt lt date", lambda: n < date(2021, 3, 14)),
                ("add", lambda: dt + timedelta(days=1, hours=23)), ("radd", lambda: timedelta(1) + n),
                ("sub td", lambda: n - timedelta(microseconds=1)), ("sub dt", lambda: n - datetime(2000, 1, 1)),
                ("overflow", lambda: datetime.max + timedelta(microseconds=1)),
                ("replace", lambda: dt.replace(year=2000, tzinfo=None, fold=1)),
                ("astimezone utc", lambda: dt.astimezone(timezone.utc)),
                ("astimezone fixed", lambda: u.astimezone(Fixed(60, "CET"))),
                ("astimezone same", lambda: dt.astimezone(dt.tzinfo) is dt),
                ("astimezone local", lambda: u.astimezone()),
                ("astimezone naive", lambda: n.astimezone(timezone.utc)),
                ("astimezone bad", lambda: n.astimezone(5)),
                ("timestamp aware", lambda: u.timestamp()),
                ("timestamp naive", lambda: (n.timestamp(), datetime(2021, 11, 7, 1, 30).timestamp(),
                                             datetime(2021, 11, 7, 1, 30, fold=1).timestamp(),
                                             datetime(2021, 3, 14, 2, 30).timestamp())),
                ("fromtimestamp", lambda: (datetime.fromtimestamp(1636263000), datetime.fromtimestamp(1636266600))),
                ("fromtimestamp tz", lambda: datetime.fromtimestamp(1615705166.535897, timezone.utc)),
                ("fromtimestamp fixed", lambda: datetime.fromtimestamp(0, Fixed(90, "X"))),
                ("utcfromtimestamp", lambda: (datetime.utcfromtimestamp(0), datetime.utcfromtimestamp(-1.5),
                                              datetime.utcfromtimestamp(1e9 + 0.0000005))),
                ("fromtimestamp bad", lambda: datetime.fromtimestamp("0")),
                ("fromtimestamp nan", lambda: datetime.fromtimestamp(float("nan"))),
                ("date.fromtimestamp", lambda: date.fromtimestamp(86400 * 365)),
                ("combine", lambda: datetime.combine(date(2020, 1, 1), time(1, 2, tzinfo=timezone.utc))),
                ("combine tz", lambda: datetime.combine(date(2020, 1, 1), time(1, 2), Fixed(5))),
                ("combine bad", lambda: datetime.combine(1, time())),
                ("strptime", lambda: datetime.strptime("2021-03-14 01:59:26.5 +0130", "%Y-%m-%d %H:%M:%S.%f %z")),
                ("strptime bad", lambda: datetime.strptime("x", "%Y")),
                ("fromordinal", lambda: datetime.fromordinal(737863)),
                ("fromisocalendar", lambda: datetime.fromisocalendar(2021, 10, 7)),
                ("reduce", lambda: (dt.__reduce__(), n.replace(fold=1).__reduce_ex__(4)))]:
    show(name, f)

for text in ["2021-03-14", "2021-03-14T01:59:26", "2021-03-14 01:59:26.535897+05:30",
             "20210314T015926Z", "2021-W10-7T12", "2021W107T1230", "2021-W10T12", "2021-03-14\u260312:00",
             "2021-03-14T", "2021-03-14T25:00", "2021-03-14T12:00+24:00", "2021-03-14T12:00-00:00",
             "2021-03-1412:00", "2021-03-14T12:00:00.1234567", "2021-03-14T12:00+05", ""]:
    show(f"fromisoformat({text!r})", lambda: datetime.fromisoformat(text))

for args in [(timedelta(hours=5, minutes=30),), (timedelta(hours=-5), "EST"), (timedelta(0),),
             (timedelta(hours=24),), (timedelta(seconds=1.5),), (5,), (timedelta(1, 0), 5)]:
    show(f"timezone{args}", lambda: timezone(*args))
tz = timezone(timedelta(hours=-5, minutes=-30), "X%Y")
for name, f in [("str", lambda: (str(tz), str(timezone(timedelta(0))), str(timezone(timedelta(hours=1, seconds=3))))),
                ("methods", lambda: (tz.utcoffset(None), tz.dst(None), tz.tzname(None))),
                ("bad arg", lambda: tz.utcoffset(5)),
                ("fromutc", lambda: tz.fromutc(datetime(2020, 1, 1, tzinfo=tz))),
                ("fromutc naive", lambda: tz.fromutc(datetime(2020, 1, 1))),
                ("eq hash", lambda: (tz == timezone(timedelta(hours=-5.5)), hash(timezone.utc) == hash(timezone(timedelta(0))))),
                ("strftime Z", lambda: datetime(2020, 1, 1, tzinfo=tz).strftime("%Z %z")),
                ("getinitargs", lambda: (tz.__getinitargs__(), timezone.utc.__getinitargs__())),
                ("minmax", lambda: (timezone.min, timezone.max, timezone.utc)),
                ("tzinfo base", lambda: tzinfo().utcoffset(None)),
                ("tzinfo reduce", lambda: tzinfo().__reduce__())]:
    show(name, f)


class MyDT(datetime):
    pass


m = MyDT(2020, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
for name, f in [("repr", lambda: m), ("add", lambda: type(m + timedelta(1)).__name__),
                ("sub", lambda: type(m - m).__name__), ("replace", lambda: type(m.replace(hour=1)).__name__),
                ("now type", lambda: type(MyDT.now()).__name__),
                ("fromisoformat", lambda: MyDT.fromisoformat("2020-01-01T00:00")),
                ("combine", lambda: type(MyDT.combine(date(2020, 1, 1), time())).__name__),
                ("astimezone", lambda: type(m.astimezone(Fixed(60))).__name__)]:
    show(name, f)
for proto in range(pickle.HIGHEST_PROTOCOL + 1):
    show(f"pickle{proto}", lambda: pickle.loads(pickle.dumps(dt.replace(fold=1), proto)))
show("pickle utc", lambda: pickle.loads(pickle.dumps(u)).tzinfo is timezone.utc)
show("pickle tz", lambda: pickle.loads(pickle.dumps(tz)))
show("pickle sub", lambda: pickle.loads(pickle.dumps(m)))
show("pickle base tzinfo", lambda: type(pickle.loads(pickle.dumps(tzinfo()))).__name__)
for ts in [1e18, -1e18, 2 ** 63, float("inf"), -62135596801, 253402300800]:
    show(f"utcfromtimestamp({ts!r})", lambda: datetime.utcfromtimestamp(ts))
    show(f"fromtimestamp({ts!r}, utc)", lambda: datetime.fromtimestamp(ts, timezone.utc))
for ts in [86399.9999999, -0.0000001, -1.5, 1.0000005, -1e-7, 1.9999995, 2.0 ** 63, -2.0 ** 63, True]:
    show(f"utcfromtimestamp({ts!r})", lambda: datetime.utcfromtimestamp(ts))
    show(f"date.fromtimestamp({ts!r})", lambda: date.fromtimestamp(ts))
