# time functions called with the wrong arguments: CPython's exact TypeErrors.
import time
def show(f):
    try:
        r = f()
    except Exception as e:
        print(type(e).__name__, e)
    else:
        print(repr(r))
show(lambda: time.sleep())
show(lambda: time.sleep(1, 2))
show(lambda: time.gmtime(1, 2))
show(lambda: time.localtime(1, 2))
show(lambda: time.strftime())
show(lambda: time.strftime("%Y", (2000,) * 9, 3))
show(lambda: time.mktime())
show(lambda: time.mktime(1))
show(lambda: time.asctime(1, 2))
show(lambda: time.ctime(1, 2))
show(lambda: time.time(1))
show(lambda: time.perf_counter(1))
show(lambda: time.monotonic_ns(1))
show(lambda: time.process_time(x=1))
show(lambda: time.asctime((2000, 1, 1, 0, 0, 0, 0, 1)))
show(lambda: time.asctime((2000, 1, 1, 0, 0, 0, -1, 1, 0)))
show(lambda: time.strftime("%Y %m", (99999, 1, 1, 0, 0, 0, 0, 1, 0)))
show(lambda: time.strftime("%Y", ("x", 1, 1, 0, 0, 0, 0, 1, 0)))
