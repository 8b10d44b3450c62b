# Generator pipelines: chained generator functions and expressions, itertools,
# yield from, sending values, and lazy stages consumed by sum/max/sorted.
import itertools


def numbers(limit):
    n = 0
    while n < limit:
        yield n
        n += 1


def scaled(source, factor):
    for x in source:
        yield x * factor


def only(source, predicate):
    for x in source:
        if predicate(x):
            yield x


def windows(source, size):
    window = []
    for x in source:
        window.append(x)
        if len(window) == size:
            yield tuple(window)
            del window[0]


def flatten(nested):
    for item in nested:
        if isinstance(item, list):
            yield from flatten(item)
        else:
            yield item


def running_average():
    total = 0.0
    count = 0
    average = None
    while True:
        value = yield average
        total += value
        count += 1
        average = total / count


def run(limit):
    stage = scaled(only(numbers(limit), lambda x: x % 3 != 0), 7)
    stage = (x - 1 for x in stage if x % 2)
    total = sum(a * b - c for a, b, c in windows(stage, 3)) % 1000000007
    chained = itertools.chain.from_iterable((range(i % 10) for i in range(limit // 10)))
    grouped = sum(len(list(g)) * k for k, g in itertools.groupby(sorted(x % 7 for x in chained)))
    nested = [[i, [i + 1, [i + 2, i + 3]], i + 4] for i in range(limit // 20)]
    flat = sum(flatten(nested))
    averager = running_average()
    next(averager)
    last = None
    for x in itertools.islice(numbers(limit), 0, limit, 5):
        last = averager.send(x)
    pairs = max(itertools.zip_longest(numbers(100), scaled(numbers(50), 2), fillvalue=-1))
    squares = sorted((x * x % 97 for x in numbers(2000)), reverse=True)[:5]
    return total, grouped, flat, last, pairs, squares


for result in run(800000):
    print(result)
