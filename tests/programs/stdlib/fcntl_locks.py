# fcntl: descriptor flags, buffer arguments, flock/lockf and the errors.
import fcntl
import os
import struct
import tempfile

r, w = os.pipe()
flags = fcntl.fcntl(r, fcntl.F_GETFL)
print("nonblock before:", bool(flags & os.O_NONBLOCK))
fcntl.fcntl(r, fcntl.F_SETFL, flags | os.O_NONBLOCK)
print("nonblock after:", bool(fcntl.fcntl(r, fcntl.F_GETFL) & os.O_NONBLOCK))
print("cloexec:", fcntl.fcntl(w, fcntl.F_GETFD) & fcntl.FD_CLOEXEC)
print("pipe size:", fcntl.fcntl(r, fcntl.F_GETPIPE_SZ) > 0)


class HasFileno:
    def fileno(self):
        return w


print("fileno object:", fcntl.fcntl(HasFileno(), fcntl.F_GETFD) == fcntl.fcntl(w, fcntl.F_GETFD))
os.close(r)
os.close(w)

with tempfile.TemporaryFile() as f:
    fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
    fcntl.flock(f.fileno(), fcntl.LOCK_UN)
    fcntl.lockf(f, fcntl.LOCK_SH)
    fcntl.lockf(f, fcntl.LOCK_UN)
    lock = struct.pack("hhqqi", fcntl.F_WRLCK, 0, 0, 0, 0)
    result = fcntl.fcntl(f, fcntl.F_GETLK, lock)
    print("F_GETLK:", type(result).__name__, len(result), struct.unpack("hhqqi", result)[0] == fcntl.F_UNLCK)
    print("lockf bad cmd:", end=" ")
    try:
        fcntl.lockf(f, 16)
    except ValueError as e:
        print(e)

for call in (
    lambda: fcntl.fcntl(-1, fcntl.F_GETFD),
    lambda: fcntl.fcntl("x", fcntl.F_GETFD),
    lambda: fcntl.fcntl(0, fcntl.F_GETFD, "x" * 2000),
    lambda: fcntl.fcntl(0, fcntl.F_GETFD, 1.5),
    lambda: fcntl.flock(9999, fcntl.LOCK_SH),
):
    try:
        call()
    except (ValueError, TypeError, OSError) as e:
        print(type(e).__name__, e)
print(fcntl.LOCK_EX, fcntl.F_SETLKW, fcntl.DN_MULTISHOT)
