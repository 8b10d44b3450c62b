# set and frozenset subclasses with overridden special methods.

class S(set):
    def __contains__(self, x):
        return x == "in"

    def __len__(self):
        return 11

    def __iter__(self):
        return iter([3, 2, 1])

    def __or__(self, other):
        return "S.or"

    def __eq__(self, other):
        return "S.eq"

    __hash__ = None


s = S({1})
print("in" in s, 1 in s, len(s), list(s), sorted(s), s | {2}, s == {1}, bool(S()))
print({5} | s, set(s), frozenset(s) == frozenset([1, 2, 3]))


class FS(frozenset):
    def __hash__(self):
        return 7

    def __and__(self, other):
        return "FS.and"

    def __rand__(self, other):
        return "FS.rand"


fs = FS([1, 2])
print(hash(fs), fs & {1}, {1} & fs, frozenset([1]) & fs, fs | {3} == {1, 2, 3})
print({fs: "v"}[fs], len(fs), sorted(fs))


class Plain(set):
    pass


p = Plain([3, 4])
print(len(p), 3 in p, sorted(p | {5}), p == {3, 4}, type(p - {3}).__name__)
