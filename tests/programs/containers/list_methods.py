# list methods.
xs = [3, 1, 2]
xs.append(5)
xs.extend([8, 13])
xs.insert(0, 0)
xs.insert(100, 21)
xs.insert(-1, 99)
print(xs)
print(xs.pop(), xs.pop(0), xs.pop(-2), xs)
xs.remove(99)
print(xs, xs.index(2), xs.count(1), [1, 1, 2].count(1))
xs.reverse()
print(xs)
xs.sort()
print(xs)
ys = xs.copy()
ys.clear()
print(xs, ys)
try:
    xs.remove(42)
except ValueError as e:
    print(type(e).__name__, e)
try:
    [].pop()
except IndexError as e:
    print(type(e).__name__, e)
try:
    xs.index(42)
except ValueError as e:
    print(type(e).__name__, e)
