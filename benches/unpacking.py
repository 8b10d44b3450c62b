# Tuple, list and star unpacking: swaps, nested targets, starred heads and tails,
# unpacking in for loops and calls with *args and **kwargs.


def rotate(a, b, c):
    return b, c, a


def spread(*args, **kwargs):
    return len(args) + len(kwargs)


def run(n):
    total = 0
    a, b, c = 1, 2, 3
    records = [(i, (i * 2, i * 3), [i % 5, i % 7, i % 11, i % 13]) for i in range(200)]
    for step in range(n):
        a, b, c = rotate(a, b, c)
        a, b = b, a
        first, *middle, last = records[step % 200][2]
        head, *tail = middle
        *init, end = tail or [0]
        total += first + last + head + end + len(init)
        for ident, (double, triple), (p, q, *rest) in records[step % 50: step % 50 + 4]:
            total += ident + double - triple + p * q + len(rest)
        x, (y, z), w = step, divmod(step, 7), step & 3
        total += x - y + z * w
        pair = (x, y)
        args = (*pair, *middle, z)
        total += spread(*args, **{"k": 1}, m=w)
        merged = [*pair, *rest]
        (m0, m1), *_ = [merged[:2]]
        total += m0 + m1
    return total + a * 100 + b * 10 + c


def dict_items(n):
    table = {f"key{i}": (i, i * i) for i in range(64)}
    total = 0
    for _ in range(n):
        for name, (value, square) in table.items():
            total += value + square - len(name)
        first, second, *others = table
        total += len(others)
    return total


print(run(120000))
print(dict_items(1500))
