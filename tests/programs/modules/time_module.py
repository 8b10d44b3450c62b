# The time module: types and monotonic behaviour only, never the values.
import time
t = time.time()
print(type(t).__name__, t > 1_600_000_000)
a = time.perf_counter()
total = sum(range(100000))
b = time.perf_counter()
print(type(a).__name__, b >= a, total)
m1 = time.monotonic()
time.sleep(0.01)
m2 = time.monotonic()
print(m2 - m1 >= 0.005)
print(type(time.time_ns()).__name__, type(time.perf_counter_ns()).__name__)
