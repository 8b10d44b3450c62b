# time.sleep converts its length to nanoseconds in 64 bits as CPython does: too
# large a length is an OverflowError, not a sleep of a billion seconds.
import time

print(time._STRUCT_TM_ITEMS)
for v in (2**62, 9.3e9, float("nan"), float("inf"), -1, -0.5, 2**70, -2**70, 0, 0.001):
    try:
        time.sleep(v)
        print("slept", v)
    except (OverflowError, ValueError) as e:
        print(v, type(e).__name__, e)
