# os.utime takes exact tuples for times and ns, as CPython checks them.
import os, tempfile
class T(tuple): pass
fd, p = tempfile.mkstemp()
os.close(fd)
for label, kw in [("times tuple", dict(times=(1, 2))), ("times subclass", dict(times=T((1, 2)))),
                  ("ns subclass", dict(ns=T((1, 2)))), ("times list", dict(times=[1, 2])), ("ns list", dict(ns=[1, 2])),
                  ("times 3", dict(times=(1, 2, 3))), ("both", dict(times=(1, 2), ns=(1, 2)))]:
    try:
        os.utime(p, **kw)
        print(label, "ok", os.stat(p).st_mtime_ns)
    except Exception as e:
        print(label, type(e).__name__, e)
os.unlink(p)
