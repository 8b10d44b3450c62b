# math.floor, math.ceil and int() of floats at the edges: signs, zeros, values near
# the machine-int limits and beyond, NaN and the infinities.
import math
vals = [1.5, -1.5, 0.0, -0.0, 2.0, -2.0, 0.999999, -0.999999, 1e18, -1e18, 9.3e18, -9.3e18, 1e300, 4503599627370495.5, -4503599627370495.5, 2.5e-300, -2.5e-300]
for v in vals:
    print(v, math.floor(v), math.ceil(v), int(v))
for bad in [float('nan'), float('inf'), -float('inf')]:
    for f in (math.floor, math.ceil, int):
        try: f(bad)
        except (ValueError, OverflowError) as e: print(type(e).__name__, e)
