# Keys moved between dicts and sets keep the hash the container stored: set(d),
# s.difference(d), s ^= d, dict.fromkeys(a set, frozenset or dict), dict(d),
# d.update(d2) and {**d} call no __hash__ again; setdefault hashes and compares
# once; an update whose source changes under it raises RuntimeError.
class Counting(int):
    hashes = 0

    def __hash__(self):
        Counting.hashes += 1
        return int.__hash__(self)


def hashes_of(label, make):
    Counting.hashes = 0
    result = make()
    print(f"{label}: {Counting.hashes} hashes", sorted(result) if result is not None else "")


d = dict.fromkeys(map(Counting, range(10)))
print("made", Counting.hashes)
hashes_of("set(d)", lambda: set(d))
hashes_of("frozenset(d)", lambda: frozenset(d))
s = set(d)
hashes_of("s.difference(d)", lambda: s.difference(d))
hashes_of("s - set(d)", lambda: s - set(d))
t = set(s)
hashes_of("t ^= d", lambda: t.symmetric_difference_update(d))
hashes_of("fromkeys(set)", lambda: dict.fromkeys(s))
hashes_of("fromkeys(frozenset)", lambda: dict.fromkeys(frozenset(s), 1))
hashes_of("fromkeys(dict)", lambda: dict.fromkeys(d))
hashes_of("dict(d)", lambda: dict(d))
hashes_of("update", lambda: {}.update(d))
hashes_of("copy", lambda: d.copy())


class SubDict(dict):
    pass


hashes_of("fromkeys into a subclass", lambda: SubDict.fromkeys(s))
hashes_of("fromkeys(list)", lambda: dict.fromkeys(list(s)))


class Hashed:
    def __init__(self):
        self.hash_count = 0
        self.eq_count = 0

    def __hash__(self):
        self.hash_count += 1
        return 42

    def __eq__(self, other):
        self.eq_count += 1
        return self is other


h1 = Hashed()
y = {h1: 5}
h2 = Hashed()
print(y.setdefault(h2, []), y.setdefault(h1, 0))
print(h1.hash_count, h2.hash_count, h1.eq_count + h2.eq_count)


class Clearing:
    def __hash__(self):
        return 0

    def __eq__(self, other):
        other_dict.clear()
        return False


other_dict = dict((i, 0) for i in range(1, 100))
other_dict[Clearing()] = 0
target = {Clearing(): 0, 1: 1}
try:
    target.update(other_dict)
except RuntimeError as e:
    print("RuntimeError", e)
