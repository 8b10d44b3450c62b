# Calls of builtin functions and of builtin types' methods found by LOAD_METHOD run
# the builtin at once; errors, keywords, subclasses and unbound calls must still
# behave as the general call does.
import bisect
import traceback

print(len([1, 2]), len("héllo"), len({}), isinstance(3, int), abs(-2))
l = []
l.append(1); l.append(2); l.extend([3]); l.insert(0, 0)
print(l, l.pop(), l.index(1), "  x,. ".strip(), "a-b-c".split("-", 1), "AbC".lower())
print("{}-{}".format(1, 2), ",".join(["a", "b"]), {1: 2}.get(1), {1: 2}.get(3, "d"))

class MyList(list):
    def append(self, x):
        list.append(self, x * 10)
m = MyList()
m.append(1)
list.append(m, 2)
print(m)

class S(str):
    pass
print(S(" s ").strip(), type(S(" s ").strip()).__name__, S("a,b").split(","))

def show(f):
    try:
        f()
    except Exception as e:
        print(type(e).__name__, e)

show(lambda: len())
show(lambda: len(1, 2))
show(lambda: len(5))
show(lambda: [].append())
show(lambda: [].append(1, 2))
show(lambda: "x".strip(1))
show(lambda: "x".strip("a", "b"))
show(lambda: list.append(1, 2))
show(lambda: list.append())
show(lambda: {}.get())
show(lambda: [].pop(5))
show(lambda: len(x=1))
show(lambda: "a".split(sep=1))

# bisect with positional and keyword arguments, keys and bad bounds.
data = [1, 3, 3, 5, 8, 13]
print(bisect.bisect(data, 3), bisect.bisect_left(data, 3), bisect.bisect_right(data, 3, 0, 2))
print(bisect.bisect(data, 4, lo=1), bisect.bisect_left(data, 4, hi=2), bisect.bisect(data, 100, 2, -1))
print(bisect.bisect([(1, "a"), (3, "b")], 2, key=lambda p: p[0]))
show(lambda: bisect.bisect(data, 3, -1))
show(lambda: bisect.bisect(data))
show(lambda: bisect.bisect(data, 1, 2, 3, 4))
show(lambda: bisect.bisect([1, "a"], 2))

# A comparison that shrinks the list under the search.
class Shrinker:
    def __init__(self, target):
        self.target = target
    def __lt__(self, other):
        self.target.clear()
        return True
target = [1, 2, 3, 4]
show(lambda: bisect.bisect(target, Shrinker(target)))
ins = [1, 2, 4]
bisect.insort(ins, 3)
print(ins)

# A builtin raising inside a call chain shows in the traceback.
def outer():
    return inner()
def inner():
    return [].pop()
try:
    outer()
except IndexError:
    print(traceback.format_exc().splitlines()[-1])

# A builtin method borrowed by another class is still checked against its type.
class Borrower:
    append = list.append
    upper = str.upper
show(lambda: Borrower().append(1))
show(lambda: Borrower().upper())

# Subclasses: overridden lookups do not change what the builtin method does.
class D(dict):
    def __missing__(self, key):
        return "missing"
d = D(a=1)
print(d.get("a"), d.get("b"), d.get("b", 0), d["b"])
print(S("Ab").upper(), S("Ab").lower(), type(S("Ab").lower()).__name__)
print("-".join(S(c) for c in "xyz"), "".join([]), "+".join(("a",)))
show(lambda: "-".join(5))
show(lambda: "-".join([1]))
show(lambda: "x".upper(1))
print(" a b ".split(None), " a b ".split(None, 1), "a,b,,c".rsplit(",", 1), "x".strip(None))
show(lambda: "a".split(",", "1"))
show(lambda: "a".split(""))

# One- and two-argument builtins, with their errors.
class WithAttrs:
    x = 1
    def __getattr__(self, name):
        if name == "boom":
            raise KeyError(name)
        raise AttributeError(name)
w = WithAttrs()
print(repr("a"), ascii("é"), hash(7), abs(-3.5), callable(len), chr(97), ord("b"), ord(b"c"))
print(hasattr(w, "x"), hasattr(w, "y"), getattr(w, "x"), getattr(w, "y", "dflt"))
show(lambda: getattr(w, "y"))
show(lambda: getattr(w, "boom", 0))
show(lambda: hasattr(w, "boom"))
show(lambda: getattr(w, 5))
show(lambda: chr(-1))
show(lambda: chr("a"))
show(lambda: ord("ab"))
show(lambda: ord(5))
show(lambda: abs("x"))
show(lambda: hash([]))
it = iter([1])
print(next(it), next(it, "end"), next(iter(()), None))
show(lambda: next(it))
show(lambda: next(5))
show(lambda: next())
print("hello".startswith("he"), "hello".startswith(("x", "hel")), "hello".startswith("l", 2),
      "hello".startswith("l", 2, 3), "hello".endswith("lo"), "hello".endswith("l", 0, 4),
      "hello".endswith(("a", "b")), "héllo".startswith("é", 1))
show(lambda: "x".startswith(1))
show(lambda: "x".endswith(("a", 1)))
show(lambda: "x".startswith("x", "a"))
