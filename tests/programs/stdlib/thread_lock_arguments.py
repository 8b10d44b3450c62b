# lock.acquire reads `blocking` as a C int and `timeout` as seconds, as CPython's
# _thread does; an RLock has no `locked`; a timed wait for a held lock fails.
import _thread
import time


class Index:
    def __index__(self):
        return 0


def show(label, call):
    try:
        print(label, "->", call())
    except Exception as e:
        print(label, "!!", type(e).__name__, e)


lock = _thread.allocate_lock()
for label, call in [
    ("acquire(None)", lambda: lock.acquire(None)),
    ("acquire(timeout=None)", lambda: lock.acquire(timeout=None)),
    ("acquire(1.5)", lambda: lock.acquire(1.5)),
    ("acquire(2**40)", lambda: lock.acquire(2**40)),
    ("acquire(-2**40)", lambda: lock.acquire(-2**40)),
    ("acquire(2**80)", lambda: lock.acquire(2**80)),
    ("acquire(False, 1)", lambda: lock.acquire(False, 1)),
    ("acquire(False, -1)", lambda: (lock.acquire(False, -1), lock.release())[0]),
    ("acquire(timeout=-2)", lambda: lock.acquire(timeout=-2)),
    ("acquire(timeout=nan)", lambda: lock.acquire(timeout=float("nan"))),
    ("acquire(timeout=1e300)", lambda: lock.acquire(timeout=1e300)),
    ("acquire(timeout='1')", lambda: lock.acquire(timeout="1")),
    ("acquire(Index())", lambda: (lock.acquire(Index()), lock.release())[0]),
]:
    show(label, call)

print(lock.acquire(), lock.locked())
start = time.monotonic()
print("timed wait on a held lock:", lock.acquire(timeout=0.05))
print("waited long enough:", time.monotonic() - start >= 0.04)
print("non-blocking on a held lock:", lock.acquire(False))
lock.release()

print("RLock.locked:", hasattr(_thread.RLock, "locked"))
r = _thread.RLock()
show("RLock acquire(timeout=None)", lambda: r.acquire(timeout=None))
print(r.acquire(), r.acquire(timeout=0.01), r._is_owned())

# time.sleep takes the same seconds: ints with __index__ too.
time.sleep(Index())
show("sleep(None)", lambda: time.sleep(None))
show("sleep(nan)", lambda: time.sleep(float("nan")))
show("sleep(2**70)", lambda: time.sleep(2**70))
show("sleep(-1)", lambda: time.sleep(-1))
