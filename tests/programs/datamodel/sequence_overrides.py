# tuple, str and bytes subclasses with overridden special methods.

class T(tuple):
    def __getitem__(self, i):
        return "T-item"

    def __len__(self):
        return 100

    def __iter__(self):
        return iter("xyz")

    def __contains__(self, x):
        return True


t = T((1, 2))
print(t[0], len(t), list(t), 99 in t, tuple.__len__(t), tuple.__getitem__(t, 1))
a, b, c = t
print(a, b, c)


def g(*args):
    return args


print(g(*t))


class S(str):
    def __len__(self):
        return -0

    def __getitem__(self, i):
        return "S!"

    def __eq__(self, other):
        return True

    def __hash__(self):
        return 1

    def __add__(self, other):
        return "S+"

    def __radd__(self, other):
        return "+S"

    def __mod__(self, other):
        return "S%"

    def __str__(self):
        return "S-str"

    def __iter__(self):
        return iter([1, 2])


s = S("hello")
print(len(s), s[0], s == "x", "x" == s, s + "a", "a" + s, s % 3, str(s), list(s))
print(repr(s), f"{s}", "%s" % s, "{}".format(s), print is not None)
print({s: 1}, s in {"hello": 1}, sorted([S("b"), S("a")]))


class B(bytes):
    def __getitem__(self, i):
        return -1

    def __len__(self):
        return 3

    def __iter__(self):
        return iter([65, 66])


bb = B(b"zz")
print(bb[0], len(bb), list(bb), bytes(bb), bytearray(bb))


class BA(bytearray):
    def __len__(self):
        return 5


print(len(BA(b"ab")), list(BA(b"ab")))
