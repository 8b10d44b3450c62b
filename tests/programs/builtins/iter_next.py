# iter() with one or two arguments and next() with a default.
it = iter([1, 2])
print(next(it), next(it), next(it, "default"))
try:
    next(it)
except StopIteration:
    print("StopIteration")
values = [3, 2, 1, 0, 5]
def pop_front():
    return values.pop(0)
print(list(iter(pop_front, 0)), values)
count = 0
def tick():
    global count
    count += 1
    return count
print(list(iter(tick, 4)))
s = iter("ab")
print(list(s), list(s))
print(type(iter([])).__name__, type(iter(())).__name__, type(iter("")).__name__, type(iter({})).__name__)
try:
    next(5)
except TypeError as e:
    print(type(e).__name__, e)
