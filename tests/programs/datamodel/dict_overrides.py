# Protocols on dict subclasses call the subclass's special methods.

class D(dict):
    def __getitem__(self, k):
        return ("got", k)

    def __setitem__(self, k, v):
        print("set", k, v)
        super().__setitem__(k, v * 10)

    def __delitem__(self, k):
        print("del", k)

    def __contains__(self, k):
        return k == "magic"

    def __len__(self):
        return 7

    def __iter__(self):
        return iter(["k1", "k2"])

    def __missing__(self, k):
        return "missing"


d = D(a=1)
print(d["zz"], "magic" in d, "a" in d, len(d), list(d), bool(D()))
d["b"] = 2
del d["a"]
print(dict.__getitem__(d, "b"), sorted(dict.keys(d)))
print([k for k in d], tuple(d))


class M(dict):
    def __missing__(self, k):
        return k * 2


m = M(x=1)
print(m["x"], m["ab"], m.get("ab"), "ab" in m)


class Counter(dict):
    def __setitem__(self, k, v):
        super().__setitem__(k, v + 1)


c = Counter()
c["a"] = 1
c.update(b=5)
c.setdefault("z", 0)
print(sorted(c.items()))


class Keys(dict):
    def keys(self):
        return ["only"]

    def __getitem__(self, k):
        return k.upper()


print(dict(Keys(a=1)), {**Keys(a=1)})


def f(**kw):
    return kw


print(f(**Keys(b=2)))
