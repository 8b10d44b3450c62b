# The time module: clocks move forward, calendar conversions in UTC, strftime, errors.
import time
def show(f):
    try:
        r = f()
    except Exception as e:
        print(type(e).__name__, e)
    else:
        print(repr(r))
a, b = time.perf_counter(), time.perf_counter()
print(b >= a, type(time.time()).__name__, type(time.time_ns()).__name__, time.monotonic_ns() > 0)
start = time.process_time()
total = 0
for i in range(200000):
    total += i * i
print(time.process_time() >= start, type(time.process_time_ns()).__name__, type(time.thread_time()).__name__)
t0 = time.monotonic()
time.sleep(0.01)
print(time.monotonic() - t0 >= 0.009)
g = time.gmtime(1234567890)
print(g)
print(g.tm_year, g.tm_mon, g.tm_mday, g.tm_hour, g.tm_min, g.tm_sec, g.tm_wday, g.tm_yday, g.tm_isdst, g.tm_zone, g.tm_gmtoff)
print(tuple(g), g[0], g[-1], len(g), g[:3], type(g).__name__, isinstance(g, tuple))
print(time.gmtime(0), time.gmtime(-86400.5)[:6], time.gmtime(951782400).tm_yday)
print(time.strftime("%Y-%m-%d %H:%M:%S %j %a %A %b %B %p %%", g))
print(time.strftime("%y|%d|%I|%w|%U", (2024, 2, 29, 13, 5, 9, 3, 60, 0)))
print(time.asctime(g), time.asctime((2000, 1, 1, 0, 0, 0, 5, 1, 0)))
print(time.strftime("", g) == "", time.mktime(time.localtime(1000000)) == 1000000.0)
print(time.localtime(86400 * 365).tm_year, time.ctime(0)[-4:])
print(time.struct_time((2020, 1, 2, 3, 4, 5, 6, 7, 0)))
show(lambda: time.struct_time((1, 2, 3)))
show(lambda: time.strftime("%Y", (2020, 13, 1, 0, 0, 0, 0, 1, 0)))
show(lambda: time.strftime("%Y", (2020, 1, 1, 25, 0, 0, 0, 1, 0)))
show(lambda: time.strftime("%Y", (2020, 1)))
show(lambda: time.strftime(5))
show(lambda: time.gmtime("x"))
show(lambda: time.gmtime(float("nan")))
show(lambda: time.gmtime(10 ** 30))
show(lambda: time.sleep(-1))
show(lambda: time.sleep("1"))
show(lambda: g.__setattr__("tm_year", 5))
print(time.clock_gettime(time.CLOCK_REALTIME) > 1e9, type(time.clock_gettime_ns(time.CLOCK_MONOTONIC)).__name__)
print(time.clock_getres(time.CLOCK_MONOTONIC), time.tzset(), time.CLOCK_PROCESS_CPUTIME_ID)
