# GET_ITER and LIST_APPEND as the eval loop runs them in place (exact list,
# tuple, range of small ints; a comprehension's own list) beside the general
# paths: subclasses with their own __iter__, big and empty ranges, negative
# steps, ranges near the ends of 64-bit ints, and many iterations (so that
# collections run between them).
import sys


class MyList(list):
    def __iter__(self):
        yield "overridden"


class MyTuple(tuple):
    pass


def comprehensions(n):
    out = []
    for i in range(n):
        out = [x * 2 for x in range(i % 7)]
        out += [y for y in (i, i + 1)] + [z for z in [i]]
    return out


print(comprehensions(5000))
print([x for x in MyList([1, 2])], [x for x in MyTuple((3, 4))])
print(list(range(10, 0, -3)), [x for x in range(0)], [x for x in range(5, 1)])
big = sys.maxsize
print([x - big for x in range(big - 3, big)])
print([x + big for x in range(-big - 1, -big + 2)])
print([x for x in range(big - 2, big + 2)][-1] - big)
print(len([x for x in range(2**70, 2**70 + 5)]), len(range(2**62)) == 2**62)
print(bool(range(0)), bool(range(-5, 5, 4)), len(range(-5, 5, 4)), len(range(5, -5, -4)))
print([(a, b) for a in range(3) for b in "ab" if a != 1])
print({x: [y for y in range(x)] for x in range(4)})
it = iter([1, 2, 3])
print([x for x in it], [x for x in it])


class Appender:
    def __iter__(self):
        return iter((10, 20))


print([v for v in Appender()], sum(x for x in range(100)))

# UNPACK_SEQUENCE in place for an exact tuple of the right length; the rest
# (lists, subclasses, wrong lengths, iterators) through the general path.


class Pair(tuple):
    def __iter__(self):
        return iter(("sub", "class"))


pairs = [(1, 2), [3, 4], Pair((5, 6)), iter((7, 8)), "ab"]
for p in pairs:
    a, b = p
    print(a, b)
for bad in [(1, 2, 3), (1,), [1]]:
    try:
        a, b = bad
    except ValueError as e:
        print(type(e).__name__, e)
total = 0
for i in range(3000):
    x, y = (i, -i)
    total += x * 2 + y
print(total)
