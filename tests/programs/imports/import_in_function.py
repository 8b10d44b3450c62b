# import statements inside functions bind local names.
def use_math():
    import math
    from math import floor as fl
    return math.sqrt(81), fl(2.7), "math" in locals()
print(use_math())
try:
    math
except NameError as e:
    print(type(e).__name__, e)
def lazy():
    from _shapes import area
    return area(3)
print(lazy())
