# sum, any and all.
print(sum([1, 2, 3]), sum([], 10), sum(range(101)), sum([0.1] * 3), sum([[1], [2]], []), sum([1, 2], start=5))
print(any([]), any([0, "", None]), any([0, 1]), all([]), all([1, "a"]), all([1, 0]))
def loud(v):
    print("check", v)
    return v
print(any(loud(x) for x in [0, 2, 3]), all(loud(x) for x in [1, 0, 3]))
try:
    sum(["a", "b"], "")
except TypeError as e:
    print(type(e).__name__, e)
print(sum((x * x for x in range(4)), 0.5))
