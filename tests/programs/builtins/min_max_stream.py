# min() and max() consume one iterable as they go: an iterator that fails part-way
# raises after the items before it were compared, and nothing is held whole.
def items():
    yield 3
    yield 9
    raise ValueError("stop")


try:
    max(items())
except ValueError as e:
    print("ValueError", e)

seen = []


def key(x):
    seen.append(x)
    return -x


print(min(iter([4, 2, 9]), key=key), seen)
print(max(x % 1000 for x in range(200000)))
print(max((), default="empty"), min([5]), max("b", "a", key=str.upper))
try:
    max(iter([]))
except ValueError as e:
    print("ValueError", e)
