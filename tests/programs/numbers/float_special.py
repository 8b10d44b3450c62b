# inf and nan behaviour.
inf = float("inf")
nan = float("nan")
print(inf, -inf, nan, repr(inf), str(-nan))
print(inf + 1, inf * -1, inf * 0, inf / inf, 1 / inf, -1 / inf)
print(inf == inf, nan == nan, nan is nan, [nan] == [nan])
print(max(1, inf), min(-inf, 0), sorted([3, inf, -inf, 0]))
print(float("Infinity"), float("-INF"), float("NaN"))
import math
print(math.isinf(inf), math.isnan(nan), math.isfinite(1.0), math.isfinite(inf))
print(int(1e18), int(-2.5e10))
