# Range iterators as CPython's: `range_iterator` where everything fits a machine
# word, `longrange_iterator` beyond, each with its exact length hint, pickling
# state (the range and an index from its start) and `__setstate__`.
import pickle

RANGES = [
    range(10), range(0), range(-2**63, 10), range(0, 2**63 - 1, 2),
    range(2**63 - 10, 2**63 - 1), range(2**64, 2**64 + 5), range(5, -2**63, -1),
    range(10, 0, -3), range(-2**63, -2**63 + 3), range(2**63 - 1, 2**63 - 4, -1),
]
for r in RANGES:
    it = iter(r)
    print(r, type(it).__name__, it.__length_hint__(), type(reversed(r)).__name__)
    next(it, None)
    print("  after one:", it.__reduce__(), it.__length_hint__())
    print("  reversed:", reversed(r).__reduce__())

# A spent iterator still reduces to its range.
it = iter(range(3))
print(list(it), it.__reduce__())

# Pickled mid-way, it goes on where it stood.
for r in [range(2, 20, 3), range(2**64, 2**64 + 5)]:
    it = iter(r)
    next(it)
    next(it)
    print(list(pickle.loads(pickle.dumps(it))))

# `__setstate__` counts from the start and is clipped to [0, len].
for r in [range(10), range(2**64, 2**64 + 5)]:
    for index in [3, 30, -3, 0]:
        it = iter(r)
        next(it)
        it.__setstate__(index)
        print(index, list(it))

# Star-unpacking a range too long to hold fails on its length first, as
# `list()` of it does.
for make in [lambda: list(range(-2**63, 10)), lambda: [*range(-2**63, 10)]]:
    try:
        make()
    except OverflowError as error:
        print("OverflowError:", error)
try:
    first, *rest = range(-2**63, 10)
except OverflowError as error:
    print("OverflowError:", error)
match range(-2**63, 10):
    case [*everything] if everything:
        print("matched")
    case _:
        print("not reached")
