# Functions of sys, gc, time, math and posix bind their arguments through declared
# signatures, with CPython's messages for each way a call can go wrong, and show
# CPython's __text_signature__.
import gc
import math
import posix
import sys
import time


def attempt(text):
    try:
        print(text, '->', repr(eval(text)))
    except Exception as e:
        print(text, '->', type(e).__name__, e)


for text in [
    'sys.intern()', 'sys.intern(string="x")', 'sys.intern(1)', 'sys.getrefcount(1, 2)',
    'sys.setrecursionlimit(limit=5)', 'sys.exit(1, 2)', 'sys.exit(x=1)',
    'sys._getframe(1, 2)', 'sys._getframe(depth=1)', 'sys.displayhook(1, 2)',
    'sys.set_int_max_str_digits()', 'sys.set_int_max_str_digits(1, 2)',
    'sys.set_int_max_str_digits(x=1)', 'sys.displayhook is sys.__displayhook__',
    'gc.collect(1, 2)', 'gc.collect(x=1)', 'gc.collect(generation=5)', 'gc.collect(1.5)',
    'gc.enable(1)', 'gc.get_count(1)', 'gc.set_threshold()', 'gc.set_threshold(1, 2, 3, 4)',
    'gc.set_threshold(x=1)', 'gc.set_threshold(2**40)', 'gc.is_tracked()',
    'gc.is_tracked(obj=1)', 'gc.is_tracked([])',
    'time.time(1)', 'time.time(x=1)', 'time.get_clock_info()', 'time.get_clock_info(1)',
    'time.get_clock_info(name="x")', 'time.sleep()', 'time.sleep(secs=1)',
    'time.clock_gettime()', 'time.clock_gettime(x=1)', 'time.clock_getres(x=1)',
    'time.tzset(1)', 'time.gmtime(1, 2)', 'time.gmtime(x=1)', 'time.localtime(1, 2)',
    'time.mktime()', 'time.mktime(t=1)', 'time.strftime()', 'time.strftime("x", 1, 2)',
    'time.strftime(format="x")', 'time.strftime(1)', 'time.asctime(1, 2)',
    'time.asctime(t=1)', 'time.ctime(1, 2)', 'time.ctime(secs=1)', 'time.gmtime(0)[:6]',
    'math.sqrt()', 'math.sqrt(x=1)', 'math.sqrt(1, 2)', 'math.log()', 'math.log(1, 2, 3)',
    'math.log(x=1)', 'math.log(8, 2)', 'math.hypot(x=1)', 'math.hypot(3, 4)',
    'math.gcd(x=1)', 'math.gcd(12, 18)', 'math.lcm(a=1)', 'math.dist(1)',
    'math.dist(p=1, q=2)', 'math.isclose(1)', 'math.isclose(1, 2, 3)',
    'math.isclose(1, 2, x=3)', 'math.isclose(a=1, b=1.0000000001)', 'math.prod()',
    'math.prod([], x=1)', 'math.prod([2, 3], start=2)', 'math.perm()', 'math.perm(1, 2, 3)',
    'math.comb(1)', 'math.ldexp(1)', 'math.pow(1)', 'math.atan2(1)', 'math.trunc()',
    'math.floor(x=1)', 'math.fsum()', 'math.frexp()',
    'posix.getcwd(1)', 'posix.getcwd(x=1)', 'posix.chdir()', 'posix.chdir(1, 2)',
    'posix.chdir(x=1)', 'posix.listdir(1, 2)', 'posix.listdir(path=None, x=1)',
    'posix.mkdir("x", 1, 2)', 'posix.rmdir("x", 1)', 'posix.stat()',
    'posix.stat("x", None)', 'posix.stat("x", y=1)', 'posix.open("x")', 'posix.read(1)',
    'posix.read(fd=1, length=2)', 'posix.lseek(1, 2)', 'posix.dup2(1)', 'posix.kill(1)',
    'posix.kill(pid=1)', 'posix.utime()', 'posix.lchown("x", 1, 2, 3)',
    'posix.chown("x", 1)', 'posix.system()', 'posix.WIFEXITED(x=1)', 'posix._exit()',
    'posix.strerror()', 'posix.putenv("a")', 'posix.unsetenv()', 'posix.uname(1)',
    'posix.get_terminal_size(1, 2)', 'posix.umask()', 'posix.isatty()', 'posix.urandom()',
    'posix.truncate("x")', 'posix.access("x")', 'posix.link("a")',
    'posix.symlink("a", "b", True, 3)', 'posix.close()', 'posix.write(1)',
    'posix.ftruncate(1)', 'posix.fsync()', 'posix.chmod("x")', 'posix.readlink()',
    'posix.rename("a")', 'posix.replace("a", "b", "c")', 'posix.waitstatus_to_exitcode()',
    'posix.getpid(1)', 'posix.cpu_count(1)', 'posix.pipe(1)', 'posix.getpgrp(x=1)',
    'posix.dup()', 'posix.WEXITSTATUS(status=256)',
]:
    attempt(text)

for module, names in [
    (sys, 'set_int_max_str_digits getrefcount intern displayhook exit setrecursionlimit '
          '_getframe excepthook'),
    (gc, 'collect enable disable isenabled get_count get_threshold set_threshold '
         'is_tracked freeze unfreeze get_freeze_count'),
    (time, 'time time_ns perf_counter monotonic process_time get_clock_info sleep '
           'clock_gettime tzset gmtime localtime mktime strftime asctime ctime'),
    (math, 'sqrt floor trunc log log2 pow atan2 hypot dist isclose gcd lcm factorial '
           'isqrt comb perm fsum prod modf frexp ldexp'),
    (posix, 'getcwd chdir listdir mkdir rmdir rename symlink access stat lstat fstat '
            'open close read write lseek truncate dup2 kill chmod link utime chown '
            'lchown system WIFEXITED get_terminal_size umask _exit putenv uname'),
]:
    for name in names.split():
        print(module.__name__, name, repr(getattr(module, name).__text_signature__))
