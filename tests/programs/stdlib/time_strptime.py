# time.strptime parses through _strptime, as CPython's does.
import time
t = time.strptime("2024-03-05 13:45:10", "%Y-%m-%d %H:%M:%S")
print(t, t.tm_yday)
print(time.strptime("Tue Mar  5 13:45:10 2024"))
for args in (("x", "%Y"), (), (1, "%Y")):
    try:
        time.strptime(*args)
    except (ValueError, TypeError) as e:
        print(type(e).__name__, e)
print(time.strptime.__doc__.splitlines()[0])
