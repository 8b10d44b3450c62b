# list.sort is CPython's timsort: the same comparisons in the same order, and the same partial order after a failing comparison.
seed = 12345
def randrange(n):
    global seed
    seed = (seed * 1103515245 + 12345) % 2147483648
    return seed % n
calls = []
class K:
    def __init__(self, v, tag):
        self.v = v; self.tag = tag
    def __lt__(self, other):
        calls.append((self.tag, other.tag))
        return self.v < other.v
    def __repr__(self):
        return "%d%s" % (self.v, self.tag)
for n in [0, 1, 2, 5, 17, 64, 65, 200, 1000, 3000]:
    data = [randrange(n // 3 + 1) for _ in range(n)]
    items = [K(v, i) for i, v in enumerate(data)]
    calls.clear()
    s = sorted(items)
    ok = [x.v for x in s] == sorted(data)
    print(n, ok, len(calls), sum(a * 31 + b for a, b in calls) % 65521, [x.tag for x in s][:8])
# partially sorted, runs, reversed
for data in [list(range(100)) + list(range(50)), list(range(300, 0, -1)) + list(range(40)), [3, 1, 2] * 50, list(range(0, 1000, 3)) + list(range(1, 1000, 3))]:
    items = [K(v, i) for i, v in enumerate(data)]
    calls.clear()
    items.sort()
    calls2 = len(calls); h = sum(a * 31 + b for a, b in calls) % 65521
    calls.clear()
    items.sort(reverse=True)
    print(calls2, h, len(calls), sum(a * 31 + b for a, b in calls) % 65521, [x.tag for x in items][:6])
# failing comparison leaves partial order
class Bad:
    def __init__(self, v): self.v = v
    def __lt__(self, o):
        global budget
        budget -= 1
        if budget < 0: raise ValueError("stop")
        return self.v < o.v
    def __repr__(self): return str(self.v)
for b in [5, 50, 150, 400]:
    budget = b
    lst = [Bad((i * 37) % 101) for i in range(101)]
    try:
        lst.sort()
    except ValueError:
        pass
    print(b, [x.v for x in lst][:20], sorted(x.v for x in lst) == sorted((i * 37) % 101 for i in range(101)))
print(sorted([3, 1, 2], key=lambda x: -x), sorted("bca", reverse=True), sorted([(1, 'b'), (1, 'a'), (0, 'z')], key=lambda t: t[0]))
