# Errors raised from C errno values carry (errno, strerror) as their args.
import time
try:
    2.0 ** 5000
except OverflowError as e:
    print(e, e.args, repr(e))
try:
    time.clock_gettime(99)
except OSError as e:
    print(e, e.args, e.errno, e.strerror, repr(e))
