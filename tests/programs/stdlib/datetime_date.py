# date: construction, calendar arithmetic, ISO calendar and formats, strftime,
# comparisons, pickling and derived classes.
import pickle
from datetime import date, timedelta, datetime, MINYEAR, MAXYEAR


def show(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, type(e).__name__, e)


print(MINYEAR, MAXYEAR, date.min, date.max, date.resolution)
for args in [(2020, 1, 2), (1, 1, 1), (9999, 12, 31), (2000, 2, 29), (1900, 2, 29),
             (0, 1, 1), (10000, 1, 1), (2020, 13, 1), (2020, 0, 1), (2020, 4, 31),
             (2020, 1, 0), ("2020", 1, 1), (2020.0, 1, 1), (2 ** 40, 1, 1)]:
    show(f"date{args}", lambda: date(*args))
show("kw", lambda: date(year=2001, month=2, day=3))
show("missing", lambda: date(2001, 2))

d = date(2021, 3, 14)
for name, f in [("fields", lambda: (d.year, d.month, d.day)), ("str", lambda: str(d)),
                ("ordinal", lambda: d.toordinal()), ("weekday", lambda: (d.weekday(), d.isoweekday())),
                ("isocal", lambda: d.isocalendar()), ("isocal fields", lambda: d.isocalendar().week),
                ("iso", lambda: d.isoformat()), ("ctime", lambda: d.ctime()),
                ("timetuple", lambda: d.timetuple()),
                ("strftime", lambda: d.strftime("%Y-%m-%d %a %b %j %U %W %z|%Z|%f %%")),
                ("format", lambda: (format(d, ""), format(d, "%d/%m/%Y"), f"{d:%A}")),
                ("replace", lambda: d.replace(day=1)), ("replace bad", lambda: d.replace(month=2, day=30)),
                ("add", lambda: d + timedelta(days=400, hours=23)), ("radd", lambda: timedelta(1) + d),
                ("sub", lambda: d - timedelta(days=1)), ("diff", lambda: d - date(2000, 1, 1)),
                ("overflow", lambda: date.max + timedelta(1)), ("underflow", lambda: date.min - timedelta(1)),
                ("cmp", lambda: (d < date(2021, 3, 15), d == date(2021, 3, 14), d != 5, d == "x")),
                ("lt int", lambda: d < 5),
                ("hash", lambda: hash(d) == hash(date(2021, 3, 14))),
                ("reduce", lambda: d.__reduce__()),
                ("fromordinal", lambda: date.fromordinal(737863)),
                ("fromordinal 0", lambda: date.fromordinal(0)),
                ("fromisocalendar", lambda: date.fromisocalendar(2020, 53, 7)),
                ("fromisocalendar bad", lambda: date.fromisocalendar(2019, 53, 1)),
                ("fromisocalendar day", lambda: date.fromisocalendar(2019, 1, 8)),
                ("fromtimestamp type", lambda: date.fromtimestamp("x")),
                ("date eq datetime", lambda: d == datetime(2021, 3, 14)),
                ("date.__eq__(datetime)", lambda: d.__eq__(datetime(2021, 3, 14))),
                ("date lt datetime", lambda: d < datetime(2021, 3, 14))]:
    show(name, f)

for text in ["2021-03-14", "20210314", "2021-W10", "2021W107", "2021-W10-7", "2021-03",
             "2021-0314", "2021-02-30", "2021-03-14T00", "", "2021-W54-1", "２０２１-03-14"]:
    show(f"fromisoformat({text!r})", lambda: date.fromisoformat(text))
show("fromisoformat int", lambda: date.fromisoformat(5))

for y in [2004, 2005, 2008, 2009, 2010, 2020]:
    print(y, date(y, 1, 1).isocalendar(), date(y, 12, 31).isocalendar())


class MyDate(date):
    def __new__(cls, year, month, day, extra="x"):
        self = super().__new__(cls, year, month, day)
        self.extra = extra
        return self


m = MyDate(2020, 5, 17, "y")
for name, f in [("repr", lambda: m), ("extra", lambda: m.extra),
                ("add", lambda: (type(m + timedelta(1)).__name__, (m + timedelta(1)).extra)),
                ("replace", lambda: type(m.replace(day=1)).__name__),
                ("fromordinal", lambda: type(MyDate.fromordinal(5)).__name__),
                ("fromisoformat", lambda: MyDate.fromisoformat("2020-01-01")),
                ("diff", lambda: m - date(2020, 5, 1))]:
    show(name, f)

for proto in range(pickle.HIGHEST_PROTOCOL + 1):
    show(f"pickle{proto}", lambda: pickle.loads(pickle.dumps(d, proto)))
show("pickle sub", lambda: pickle.loads(pickle.dumps(m)))
show("state", lambda: date(b"\x07\xe5\x03\x0e"))
show("bad state", lambda: date(b"\x07\xe5\x0d\x0e"))
show("str year", lambda: date("2020"))
show("missing month", lambda: date(2020, day=1))
