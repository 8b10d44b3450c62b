# PEP 475: a read or write interrupted by a signal runs the Python handler, then is
# retried; a handler that raises ends the call with its exception.
import io
import os
import signal

r, w = os.pipe()


def feed(signum, frame):
    print("handler ran")
    os.write(w, b"bar")


signal.signal(signal.SIGALRM, feed)
rio = io.open(r, "rb", closefd=False)
os.write(w, b"foo")
signal.setitimer(signal.ITIMER_REAL, 0.2)
print(rio.read(6))
signal.setitimer(signal.ITIMER_REAL, 0.2)
print(os.read(r, 3))
rio.close()


def fail(signum, frame):
    raise ZeroDivisionError("from the handler")


signal.signal(signal.SIGALRM, fail)
wio = io.open(w, "wb", closefd=False)
signal.setitimer(signal.ITIMER_REAL, 0.2)
try:
    wio.write(b"x" * (1 << 22))
except ZeroDivisionError as e:
    print("write ended by", repr(e))
os.close(r)
os.close(w)
