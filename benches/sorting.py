# Sorting lists of ints, strings and tuples, with and without keys.
def run(n):
    seed = 12345
    data = []
    for _ in range(n):
        seed = (seed * 1103515245 + 12345) % 2147483648
        data.append(seed % 100000)
    a = sorted(data)
    b = sorted(data, key=lambda x: -x)
    c = sorted(str(x) for x in data[: n // 4])
    d = sorted([(x % 10, x) for x in data[: n // 4]], reverse=True)
    return a[0], b[0], c[-1], d[0]


print(run(500000))
