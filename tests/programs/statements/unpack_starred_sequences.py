# Starred assignment from tuples, lists, their subclasses and other iterables:
# the items on each side, the middle always a new list, and the errors when
# too few items are given.
class L(list):
    def __iter__(self):
        print("L.__iter__")
        return super().__iter__()


class T(tuple):
    pass


for seq in [(1, 2, 3, 4, 5), [1, 2, 3, 4, 5], (1, 2), [1, 2], L([1, 2, 3]), T((1, 2, 3)),
            range(6), "abcdef", iter([7, 8, 9]), {1: "a", 2: "b"}]:
    first, *middle, last = seq
    print(type(seq).__name__, first, middle, last)
    *init, tail = seq
    head, *rest = seq
    print("  ", init, tail, head, rest)

source = [1, 2, 3]
a, *b = source
b.append(99)
print(source, a, b)
t = (1, [2], 3)
x, *y, z = t
print(y[0] is t[1])

for bad in [(1,), [1], (), "a"]:
    try:
        p, q, *r, s = bad
    except ValueError as e:
        print(repr(bad), e)
try:
    a, *b = 5
except TypeError as e:
    print(e)


def gen():
    yield 1
    yield 2
    yield 3


a, *b, c, d = gen()
print(a, b, c, d)
