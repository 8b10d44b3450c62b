# comb and perm keep k in a C long: past it they raise OverflowError at once.
import math
for f, a in [(math.comb, (10**20, 10**19)), (math.comb, (10**20, 10**20 - 3)), (math.perm, (10**20, 10**19)), (math.perm, (10**20, 3)), (math.comb, (10**20, 3)), (math.perm, (5, 10**20)), (math.comb, (5, 10**20)), (math.comb, (10**19, 10**19 - 2))]:
    try: print(f(*a))
    except Exception as e: print(type(e).__name__, e)
