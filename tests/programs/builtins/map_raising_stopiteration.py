# A StopIteration raised by the function map (or filter) calls ends the iteration
# of whoever drives it (list, for loops, chain ...); next() passes the original on.
def f(x):
    if x > 2:
        raise StopIteration("stop", x)
    return x
class It:
    def __init__(self): self.n = 0
    def __iter__(self): return self
    def __next__(self):
        self.n += 1
        return f(self.n)
def loop():
    out = []
    for x in map(f, [1, 2, 3, 4]):
        out.append(x)
    return out
def t1(): return list(iter(lambda: f(3), None))
cases = {
 "list": lambda: list(map(f, [1, 2, 3, 4])),
 "tuple": lambda: tuple(map(f, [1, 2, 3, 4])),
 "sorted": lambda: sorted(map(f, [1, 2, 3, 4])),
 "set": lambda: set(map(f, [1, 2, 3, 4])),
 "listcomp": lambda: [x for x in map(f, [1, 2, 3, 4])],
 "for": loop,
 "sum": lambda: sum(map(f, [1, 2, 3, 4])),
 "dict": lambda: dict(zip("ab", map(f, [1, 2, 3, 4]))),
 "islice": lambda: list(itertools.islice(map(f, [1, 2, 3, 4]), 5)),
 "filter": lambda: list(filter(None, map(f, [1, 2, 3]))),
 "join": lambda: " ".join(map(str, map(f, [1, 2, 3]))),
 "enumerate": lambda: list(enumerate(map(f, [1, 2, 3]))),
 "zip": lambda: list(zip(map(f, [1, 2, 3]), "abc")),
 "max": lambda: (max(map(f, [1, 2, 3])), min(map(f, [1, 2, 3]))),
 "chain": lambda: list(itertools.chain(map(f, [1, 2, 3]), [9])),
 "tee": lambda: [list(x) for x in itertools.tee(map(f, [1, 2, 3]))],
 "bytes": lambda: (bytes(map(f, [1, 2, 3])), bytearray(map(f, [1, 2, 3]))),
 "frozenset": lambda: (frozenset(map(f, [1, 2, 3])), any(map(f, [0, 3])), all(map(f, [1, 3]))),
 "starmap": lambda: list(itertools.starmap(lambda x: f(x), [(1,), (3,)])),
 "calliter": t1,
 "class": lambda: (list(It()), list(map(str, It()))),
 "filterfunc": lambda: list(filter(f, [1, 2, 3])),
 "extend": lambda: [].extend(map(f, [1, 2, 3])),
 "unpack": lambda: [*map(f, [1, 2, 3])],
 "genexp": lambda: list(x for x in map(f, [1, 2, 3])),
 "yieldfrom": lambda: list((lambda: (yield from map(f, [1, 2, 3])))()),
 "next": lambda: next(map(f, [3])),
 "dictkeys": lambda: dict.fromkeys(map(f, [1, 2, 3])),
 "accumulate": lambda: list(itertools.accumulate(map(f, [1, 2, 3]))),
 "zipstrict": lambda: list(zip(map(f, [1, 2, 3]), "ab", strict=True)),
 "mapmap": lambda: list(map(str, map(f, [1, 2, 3]))),
}
for name, case in cases.items():
    try:
        print(name, case())
    except BaseException as e:
        print(name, "->", type(e).__name__, e.args)
