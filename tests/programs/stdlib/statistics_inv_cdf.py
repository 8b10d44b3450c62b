# statistics.NormalDist.inv_cdf through the _statistics accelerator: the same
# floats as CPython's for probabilities across both tails and the centre, and
# its errors; NaN passes through.
import math
import statistics
import _statistics

f = _statistics._normal_dist_inv_cdf
print(f.__module__, statistics._normal_dist_inv_cdf is f)
ps = [1e-300, 1e-50, 1e-10, 1e-5, 0.001, 0.01, 0.0749, 0.075, 0.1, 0.25, 0.4, 0.5,
      0.6, 0.75, 0.9, 0.925, 0.99, 0.999, 1 - 1e-10, 1 - 2**-53]
for p in ps:
    print(repr(p), repr(f(p, 0.0, 1.0)), repr(f(p, 10, 2.5)))
print(math.isnan(f(math.nan, 0, 1)), math.isnan(f(0.3, 0, math.nan)))
for args in ((0.0, 0, 1), (1.0, 0, 1), (0.5, 0, 0), (0.5, 0, -1), (-1, 0, 1)):
    try:
        f(*args)
    except ValueError as e:
        print("ValueError", e)
for args in ((0.5, 0), ("x", 0, 1), (0.5, 0, 1, 2)):
    try:
        f(*args)
    except TypeError as e:
        print("TypeError", e)
nd = statistics.NormalDist(100, 15)
print([round(nd.inv_cdf(p), 10) for p in (0.1, 0.5, 0.9)], nd.quantiles(4))
