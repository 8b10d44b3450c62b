# sum, min, max, any, all and sorted called with positional arguments only take their fast
# entries; keywords, errors and odd arguments must behave as the full path does.


def attempt(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, type(e).__name__, e)


class Big:
    def __init__(self, v):
        self.v = v

    def __lt__(self, other):
        return self.v < other.v

    def __gt__(self, other):
        return self.v > other.v

    def __repr__(self):
        return f"Big({self.v})"


class Weird:
    def __bool__(self):
        raise ValueError("no truth")


for _ in range(3):
    attempt("sum([1, 2, 3])", lambda: sum([1, 2, 3]))
    attempt("sum([1.5, 2], 10)", lambda: sum([1.5, 2], 10))
    attempt("sum(x for x in range(5))", lambda: sum(x for x in range(5)))
    attempt("sum([[1], [2]], [])", lambda: sum([[1], [2]], []))
    attempt("sum(['a'], 'x')", lambda: sum(["a"], "x"))
    attempt("sum([b'a'], b'')", lambda: sum([b"a"], b""))
    attempt("sum(5)", lambda: sum(5))
    attempt("sum([1], start=5)", lambda: sum([1], start=5))
    attempt("sum([2**62, 2**62])", lambda: sum([2**62, 2**62]))
    attempt("sum()", lambda: sum())
    attempt("sum(1, 2, 3)", lambda: sum(1, 2, 3))

    attempt("min(3, 1, 2)", lambda: min(3, 1, 2))
    attempt("max(3, 1, 2, 7)", lambda: max(3, 1, 2, 7))
    attempt("min(5, 4, 3, 2, 1)", lambda: min(5, 4, 3, 2, 1))
    attempt("min([4, 2, 8])", lambda: min([4, 2, 8]))
    attempt("max('hello')", lambda: max("hello"))
    attempt("min([])", lambda: min([]))
    attempt("max([], default=0)", lambda: max([], default=0))
    attempt("min(1, 2, default=0)", lambda: min(1, 2, default=0))
    attempt("min(5)", lambda: min(5))
    attempt("min()", lambda: min())
    attempt("max(Big(1), Big(3))", lambda: max(Big(1), Big(3)))
    attempt("min(1, 'a')", lambda: min(1, "a"))
    attempt("max([1, 2], key=lambda v: -v)", lambda: max([1, 2], key=lambda v: -v))
    attempt("min(x * x for x in (3, -1, 2))", lambda: min(x * x for x in (3, -1, 2)))
    attempt("max(1.5, 2, True)", lambda: max(1.5, 2, True))
    attempt("max(float('nan'), 1)", lambda: max(float("nan"), 1))

    attempt("any([0, '', 3])", lambda: any([0, "", 3]))
    attempt("any([])", lambda: any([]))
    attempt("all([1, 'x'])", lambda: all([1, "x"]))
    attempt("all(x > 0 for x in (1, 0))", lambda: all(x > 0 for x in (1, 0)))
    attempt("any(5)", lambda: any(5))
    attempt("all([Weird()])", lambda: all([Weird()]))
    attempt("any([], [])", lambda: any([], []))
    attempt("all(iterable=[])", lambda: all(iterable=[]))

for _ in range(3):
    attempt("sorted([3, 1, 2])", lambda: sorted([3, 1, 2]))
    attempt("sorted('bca')", lambda: sorted("bca"))
    attempt("sorted(x % 3 for x in range(7))", lambda: sorted(x % 3 for x in range(7)))
    attempt("sorted([Big(2), Big(1)])", lambda: sorted([Big(2), Big(1)]))
    attempt("sorted([1, 'a'])", lambda: sorted([1, "a"]))
    attempt("sorted(5)", lambda: sorted(5))
    attempt("sorted()", lambda: sorted())
    attempt("sorted([1], [2])", lambda: sorted([1], [2]))
    attempt("sorted([2, 1], reverse=True)", lambda: sorted([2, 1], reverse=True))
    pairs = [(1, "b"), (0, "a"), (1, "a")]
    attempt("sorted(pairs)", lambda: sorted(pairs))
    print("sorted copies", sorted(pairs) is not pairs, pairs)

# The iterator is consumed only as far as the answer needs.
it = iter([0, 1, 2, 3])
print(any(it), list(it))
it = iter([1, 0, 2])
print(all(it), list(it))


# list.append and list.pop answered where the arguments lie.
class Stack(list):
    pass


def churn(xs, n):
    for i in range(n):
        xs.append(i)
    out = []
    for _ in range(n):
        out.append(xs.pop())
    return out


for kind in (list, Stack):
    xs = kind([9])
    print(kind.__name__, churn(xs, 4), xs, type(xs).__name__)
    attempt("pop from one", lambda: xs.pop())
    attempt("pop from empty", lambda: xs.pop())
    attempt("pop(0) from empty", lambda: xs.pop(0))
    list.append(xs, "unbound")
    xs.append(xs)
    print(xs, list.pop(xs) is xs, xs)
    attempt("append()", lambda: xs.append())
    attempt("append(1, 2)", lambda: xs.append(1, 2))
    attempt("list.append(5, 1)", lambda: list.append(5, 1))
    attempt("list.pop(())", lambda: list.pop(()))
