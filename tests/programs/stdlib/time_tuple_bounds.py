# time.asctime and time.strftime read a time tuple's fields as C ints (CPython's
# messages for each overflow) and check their ranges, the day of week included.
import time
M = 2**31 - 1 + 1900
cases = [(1900, 0, 1, 0, 0, 0, 0, 1, -1), (1900, 13, 1, 0, 0, 0, 0, 1, -1), (1900, 1, -1, 0, 0, 0, 0, 1, -1),
         (1900, 1, 32, 0, 0, 0, 0, 1, -1), (1900, 1, 1, 24, 0, 0, 0, 1, -1), (1900, 1, 1, 0, 0, 62, 0, 1, -1),
         (1900, 1, 1, 0, 0, 0, -2, 1, -1), (1900, 1, 1, 0, 0, 0, 0, -1, -1), (1900, 1, 1, 0, 0, 0, 0, 367, -1),
         (1900, 1, 1, 0, 0, 0, 0, 366, -1), (1900, 1, 1, 0, 0, 0, -1, 1, -1), (1900, 1, 1, 0, 0, 0, 0, 0, -1),
         (M, 6, 1, 0, 0, 0, 0, 0, 0), (M + 1, 0, 0, 0, 0, 0, 0, 0, 0), (-2**31 + 1900 - 1, 0, 0, 0, 0, 0, 0, 0, 0),
         (2**63, 0, 0, 0, 0, 0, 0, 0, 0), (1900, 1, 1, 0, 0, 0, 2**40, 1, -1)]
for f in (time.asctime, lambda t: time.strftime('%Y %a %j', t)):
    for c in cases:
        try:
            print(repr(f(c)))
        except Exception as e:
            print(type(e).__name__, e)
