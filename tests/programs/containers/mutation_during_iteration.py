# Mutating containers while iterating: CPython's RuntimeErrors and list behaviour.
def attempt(name, f):
    try:
        f()
        print(name, "ok")
    except (RuntimeError, ValueError) as e:
        print(name, type(e).__name__, e)

def dict_add():
    d = {1: 1, 2: 2}
    for k in d:
        d[k + 10] = 0
def dict_del():
    d = {1: 1, 2: 2}
    for k in d:
        del d[k]
def dict_replace():
    d = {1: 1, 2: 2, 3: 3}
    for k in d:
        del d[k]
        d[k + 100] = 0
def dict_values_set():
    d = {1: 1, 2: 2}
    for k in d:
        d[k] = 5
    print(d)
def dict_items_add():
    d = {1: 1}
    for k, v in d.items():
        d[2] = 2
def dict_values_pop():
    d = {1: 1, 2: 2}
    for v in d.values():
        d.popitem()
def dict_clear():
    d = {1: 1, 2: 2}
    for k in d:
        d.clear()
def dict_reversed_add():
    d = {1: 1, 2: 2}
    for k in reversed(d):
        d[3] = 3
def set_add():
    s = {1, 2}
    for x in s:
        s.add(x + 10)
def set_discard():
    s = {1, 2, 3}
    for x in s:
        s.discard(x)
def set_same_size():
    s = {1, 2, 3}
    for x in s:
        s.discard(x)
        s.add(x + 100)
def list_append():
    l = [1, 2, 3]
    for x in l:
        if x < 6:
            l.append(x + 3)
    print(l)
def list_remove():
    l = [1, 2, 3, 4, 5, 6]
    for x in l:
        l.remove(x)
    print(l)
def list_sort_mutate():
    l = [3, 1, 2]
    def key(x):
        l.append(x)
        return x
    l.sort(key=key)
def list_sort_clear():
    l = [3, 1, 2]
    def key(x):
        l.clear()
        return x
    l.sort(key=key)
for name, f in list(globals().items()):
    if callable(f) and name != "attempt":
        attempt(name, f)
d = {1: 1}
it = iter(d)
d[2] = 2
attempt("sticky1", lambda: next(it))
del d[2]
attempt("sticky2", lambda: next(it))
l = [5, 3, 4]
def bad_key(x):
    if x == 4:
        raise ValueError("boom")
    return x
try:
    l.sort(key=bad_key)
except ValueError as e:
    print("key error", e, l)
class Bad:
    def __init__(self, v):
        self.v = v
    def __lt__(self, other):
        if self.v == 2 or other.v == 2:
            raise TypeError("no compare")
        return self.v < other.v
    def __repr__(self):
        return "B%d" % self.v
m = [Bad(3), Bad(1), Bad(2), Bad(0)]
try:
    m.sort()
except TypeError as e:
    print("cmp error", e, m)
