# The less common posix functions: device numbers, fifos, positioned and
# scattered I/O, system limits, ids, scheduling, waits, extended attributes and
# path normalisation, with the errors their arguments raise.
import os
import posix
import shutil
import sys
import tempfile


def show(f, *args, **kwargs):
    try:
        r = f(*args, **kwargs)
    except Exception as e:
        print(f.__name__, type(e).__name__, e)
    else:
        print(f.__name__, type(r).__name__)
        return r


def err(f, *args, **kwargs):
    try:
        f(*args, **kwargs)
    except Exception as e:
        print(f.__name__, type(e).__name__, e, getattr(e, "errno", None))
    else:
        print(f.__name__, "no error")


# Device numbers
print(os.major(os.makedev(3, 4)), os.minor(os.makedev(3, 4)), os.makedev(3, 4))
print(os.makedev(-1, 0), os.major(2**64 - 1), os.minor(True))
err(os.major, -1)
err(os.major, 2**64)
err(os.minor, "x")
err(os.major, 1.0)
err(os.makedev, 2**32, 0)

# Signatures
for name in ["mkfifo", "mknod", "major", "pread", "pwritev", "sendfile", "memfd_create",
             "getxattr", "setxattr", "listxattr", "sched_setaffinity", "wait4", "waitid",
             "killpg", "setresuid", "getgrouplist", "_path_normpath", "sysconf", "pathconf"]:
    print(name, getattr(posix, name).__text_signature__)

# Constants
for name in ["CLD_EXITED", "CLD_CONTINUED", "EX_USAGE", "EX_CONFIG", "F_LOCK", "F_TEST",
             "MFD_CLOEXEC", "MFD_HUGE_16GB", "NGROUPS_MAX", "O_DIRECT", "O_FSYNC",
             "O_LARGEFILE", "POSIX_FADV_DONTNEED", "POSIX_SPAWN_DUP2", "PRIO_USER", "P_PIDFD",
             "RTLD_NOW", "RTLD_DEEPBIND", "RWF_APPEND", "SCHED_IDLE", "SCHED_RESET_ON_FORK",
             "ST_RELATIME", "ST_WRITE", "TMP_MAX", "XATTR_CREATE", "XATTR_SIZE_MAX"]:
    print(name, getattr(os, name))

# Fifos and nodes in a scratch directory
d = tempfile.mkdtemp()
try:
    fifo = os.path.join(d, "fifo")
    os.mkfifo(fifo)
    print("fifo", oct(os.stat(fifo).st_mode & 0o170000))
    err(os.mkfifo, fifo)
    os.mknod(os.path.join(d, "plain"), 0o600 | 0o100000)
    print("node", oct(os.stat(os.path.join(d, "plain")).st_mode & 0o170000))
    err(os.mkfifo, 5)
    err(os.mkfifo, "x", "a")
    err(os.mkfifo, "x", dir_fd="a")
    err(os.mknod, "x", 0o600, -1)
    err(os.mknod, "x", 0o600, "a")

    # Positioned and scattered I/O
    path = os.path.join(d, "data")
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    print(os.pwrite(fd, b"hello world", 0), os.pread(fd, 5, 6), os.lseek(fd, 0, 1))
    print(os.pwritev(fd, [b"ab", bytearray(b"cd")], 2))
    a, b = bytearray(3), bytearray(4)
    print(os.preadv(fd, [a, b], 0), a, b)
    os.lseek(fd, 0, 0)
    m = memoryview(bytearray(5))
    print(os.readv(fd, [m]), bytes(m))
    err(os.readv, fd, [b"x"])
    err(os.readv, fd, 5)
    err(os.preadv, fd, 5, 0)
    err(os.pwritev, fd, 5, 0)
    err(os.pwrite, fd, "x", 0)
    err(os.pread, fd, -1, 0)
    err(os.pread, fd, 2**63, 0)
    print(os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_NORMAL))
    print(os.posix_fallocate(fd, 0, 100), os.fstat(fd).st_size)
    print(os.lockf(fd, os.F_LOCK, 0), os.lockf(fd, os.F_ULOCK, 0))
    os.fchmod(fd, 0o640)
    print(oct(os.stat(path).st_mode & 0o777))
    os.fchown(fd, -1, -1)
    out = os.open(os.path.join(d, "copy"), os.O_WRONLY | os.O_CREAT, 0o600)
    print(os.sendfile(out, fd, 0, 5), os.sendfile(out, fd, None, 0))
    os.close(out)
    print(os.pathconf(path, "PC_NAME_MAX") > 0, os.fpathconf(fd, "PC_NAME_MAX") > 0)
    print(os.pathconf(fd, os.pathconf_names["PC_LINK_MAX"]) > 0)
    os.close(fd)
    err(os.pathconf, path, "NOPE")
    err(os.pathconf, path, 1.0)
    err(os.pathconf, "/nonexistent/x", "PC_NAME_MAX")
    err(os.pathconf, path, 99999)
    err(os.fpathconf, path, "PC_NAME_MAX")

    # Extended attributes: the scratch file system may not have them.
    try:
        os.setxattr(path, "user.krait", b"value")
    except OSError:
        print("xattr unsupported")
    else:
        print(os.getxattr(path, "user.krait"), "user.krait" in os.listxattr(path))
        print(os.listxattr(path.encode()) == os.listxattr(path))
        os.removexattr(path, b"user.krait")
        try:
            os.getxattr(path, "user.krait")
        except OSError as e:
            print(type(e).__name__, e.errno, e.filename == path)
    err(os.getxattr, "/nonexistent/x", "user.x")
    err(os.getxattr, 9999, "user.x")
    err(os.getxattr, 9999, "user.x", follow_symlinks=False)
    err(os.listxattr, 9999, follow_symlinks=False)
    err(os.getxattr, path, 5)
    err(os.setxattr, path, "user.x", "v")
    err(os.removexattr, "/nonexistent/x", "user.x")
    err(os.listxattr, "/nonexistent/x")
finally:
    shutil.rmtree(d)
print(os.path.exists(d))

# Pipes and memory files
r, w = os.pipe2(os.O_CLOEXEC)
print(os.get_inheritable(r), os.write(w, b"xy"), os.read(r, 2))
os.close(r)
os.close(w)
err(os.pipe2, -1)
fd = os.memfd_create("krait", 0)
print(os.write(fd, b"abc"), os.pread(fd, 3, 0), os.get_inheritable(fd))
os.close(fd)
err(os.memfd_create, 1)
err(os.memfd_create, "a\0b")
err(os.memfd_create, "x", 12345678)

# System limits
print(os.sysconf("SC_PAGESIZE") > 0, os.sysconf(os.sysconf_names["SC_OPEN_MAX"]) > 0)
print(len(os.sysconf_names), len(os.pathconf_names), os.sysconf_names["SC_ARG_MAX"])
err(os.sysconf, "NOPE")
err(os.sysconf, 1.0)
err(os.sysconf, 99999)
err(os.sysconf, 2**40)
print(type(os.getloadavg()), len(os.getloadavg()), {type(x) for x in os.getloadavg()})
print(os.ctermid())

# Ids
print(os.getresuid() == (os.getuid(), os.geteuid(), os.getresuid()[2]))
print(os.getresgid()[0] == os.getgid(), type(os.getgroups()))
print(os.getgid() in os.getgrouplist("root", os.getgid()))
os.setresuid(-1, -1, -1)
os.setresgid(-1, -1, -1)
os.seteuid(os.geteuid())
os.setegid(os.getegid())
for f, v in [(os.setuid, "x"), (os.setuid, -2), (os.setuid, 2**32), (os.setuid, 2**64),
             (os.setgid, 1.5), (os.setegid, 2**40)]:
    err(f, v)
err(os.setgroups, 5)
err(os.setgroups, [1, "a"])
err(os.setgroups, [0] * 70000)
err(os.getgrouplist, b"root", 0)
err(os.getgrouplist, "root", "x")
err(os.initgroups, 1, 0)
err(os.killpg, 0, 10**10)
err(os.killpg, "x", 0)
print(os.nice(0) == os.getpriority(os.PRIO_PROCESS, 0))
err(os.nice, 2**31)
err(os.getpriority, 99, 0)
err(os.setpriority, 99, 0, 0)
err(os.ttyname, 9999)
err(os.fchdir, 9999)
err(os.fchdir, "x")
err(os.fchmod, 9999, 0o644)
err(os.fchown, 9999, -1, -1)
err(os.fchmod, 1.0, 0)
err(os.chroot, "/nonexistent/x")
err(os.chroot, 5)
err(os.login_tty, 9999)
err(os.pidfd_open, -5)
err(os.pidfd_open, 1, -1)
err(os.pidfd_open, "x")
here = os.open(".", os.O_RDONLY)
os.fchdir(here)
os.close(here)
os.sync()

# Scheduling
print(os.sched_yield(), os.sched_getscheduler(0) in (os.SCHED_OTHER, os.SCHED_BATCH, os.SCHED_IDLE))
print(os.sched_get_priority_min(os.SCHED_FIFO), os.sched_get_priority_max(policy=os.SCHED_FIFO))
err(os.sched_get_priority_min, 99)
err(os.sched_get_priority_min, "x")
p = os.sched_getparam(0)
print(p, type(p).__module__, p.sched_priority, p[0], len(p), os.sched_param(3), os.sched_param(sched_priority=4))
print(os.sched_param(5).__reduce__())
err(os.sched_param)
err(os.sched_param, 1, 2)
print(os.sched_param.__doc__)
os.sched_setparam(0, os.sched_param(0))
os.sched_setscheduler(0, os.sched_getscheduler(0), os.sched_param(0))
err(os.sched_setparam, 0, 5)
err(os.sched_setparam, 0, (0,))
err(os.sched_setparam, 0, os.sched_param("x"))
err(os.sched_setparam, 0, os.sched_param(2**40))
err(os.sched_setscheduler, 0, 99, os.sched_param(0))
err(os.sched_getparam, 999999999)
print(type(os.sched_rr_get_interval(0)))
cpus = os.sched_getaffinity(0)
print(type(cpus), len(cpus) > 0, all(type(c) is int for c in cpus))
os.sched_setaffinity(0, cpus)
print(os.sched_getaffinity(0) == cpus)
err(os.sched_setaffinity, 0, [-1])
err(os.sched_setaffinity, 0, ["a"])
err(os.sched_setaffinity, 0, 5)
err(os.sched_setaffinity, 0, [])
err(os.sched_setaffinity, 0, [2**70])
err(os.sched_getaffinity, "x")

# Waits
sys.stdout.flush()
pid = os.fork()
if pid == 0:
    os._exit(7)
wpid, status, usage = os.wait4(pid, 0)
print(wpid == pid, os.waitstatus_to_exitcode(status), type(usage).__name__, type(usage.ru_utime))
pid = os.fork()
if pid == 0:
    os._exit(3)
wpid, status, usage = os.wait3(0)
print(wpid == pid, os.WEXITSTATUS(status), len(usage))
pid = os.fork()
if pid == 0:
    os._exit(5)
r = os.waitid(os.P_PID, pid, os.WEXITED)
print(type(r).__name__, r.si_pid == pid, r.si_status, r.si_code == os.CLD_EXITED, r.si_signo, len(r))
print(os.waitid_result.__doc__.splitlines()[0], os.waitid_result.n_fields)
err(os.wait3, os.WNOHANG)
err(os.wait4, -1, os.WNOHANG)
err(os.waitid, os.P_ALL, 0, os.WEXITED | os.WNOHANG)
err(os.waitid, 99, 0, 0)
err(os.wait3, "x")

# Path normalisation
for s in ["", "/", "//", "///", "a//b/./c/..", "../..", "/../a", "./", "//a/b/",
          "a/../..", ".", "a/b/../../../c", "a\0b/../c", "\0"]:
    print(repr(s), repr(posix._path_normpath(s)), repr(os.path.normpath(s)))
print(os.path.normpath(b"a/./b/../c//"))
err(posix._path_normpath, b"a")
err(posix._path_normpath, None)
print(posix._path_normpath.__doc__)
