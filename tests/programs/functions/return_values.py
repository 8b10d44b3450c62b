# Multiple return values, early return and implicit None.
def min_max(xs):
    if not xs:
        return
    return min(xs), max(xs)
print(min_max([3, 1, 4]), min_max([]))
lo, hi = min_max([9, 2])
print(lo, hi)
def find(xs, target):
    for i, x in enumerate(xs):
        if x == target:
            return i
    return -1
print(find("abc", "c"), find("abc", "z"))
def no_return():
    x = 1
print(no_return())
def early(n):
    if n < 0:
        return "negative"
    elif n == 0:
        return "zero"
    return "positive"
print([early(n) for n in (-1, 0, 1)])
