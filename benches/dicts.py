# Dictionaries with str and int keys: insertion, lookup, update, iteration.
def run(n):
    words = ["w%d" % i for i in range(1000)]
    counts = {}
    for i in range(n):
        w = words[i % 1000]
        counts[w] = counts.get(w, 0) + 1
    squares = {i: i * i for i in range(n // 10)}
    total = 0
    for k, v in squares.items():
        if k in counts or v % 3 == 0:
            total += v
    return len(counts), total


print(run(3000000))
