# Containers whose items' special methods resize them while an operation runs:
# each step reads the container as it is then, and what CPython raises is raised.
import heapq, sys
from collections import OrderedDict
def t(label, f):
    try: print(label, f())
    except Exception as e: print(label, type(e).__name__, e)
class E:
    def __init__(s, st): s.st = st
    def __hash__(s): return 1
    def __eq__(s, o):
        s.st.add(len(s.st) + 1000); return False
s = set()
def lookup():
    st = {E(s) for _ in range(1)}
    x = E(st)
    return x in st
t('set eq mutates', lookup)
def od():
    d = OrderedDict.fromkeys('abc')
    for k in d: d.move_to_end(k)
#t('odict move during iter', od)
def od2():
    d = OrderedDict.fromkeys('abc')
    for k in d: d['z' + k] = 1
#t('odict add during iter', od2)
class L:
    def __init__(s, v, h): s.v = v; s.h = h
    def __lt__(s, o): s.h.append(L(0, s.h)); return s.v < o.v
def heap():
    h = []
    for i in range(5): h.append(L(i, h))
    heapq.heapify(h)
    n = 0
    while h and n < 100:
        heapq.heappop(h); n += 1
    return n
t('heap lt appends', heap)
def fs():
    x = frozenset()
    for i in range(300): x = frozenset([x])
    return len(str(x))
t('nested frozenset str', fs)
def sort_mut():
    l = [3, 2, 1]
    def key(x): l.append(x); return x
    l.sort(key=key)
t('sort mutates', sort_mut)
def dict_mut():
    d = {i: i for i in range(5)}
    for k in d: d[k + 100] = 1
t('dict grows during iter', dict_mut)
def set_mut():
    s = {1, 2, 3}
    for k in s: s.add(k + 100)
t('set grows during iter', set_mut)
def list_cmp_mut():
    class X:
        def __eq__(s, o): a.clear(); return True
    a = [X(), X()]; b = [X(), X()]
    return a == b
t('list eq clears', list_cmp_mut)
def dict_eq_mut():
    class X:
        def __eq__(s, o): d1.clear(); return True
        def __hash__(s): return 1
    d1 = {1: X()}; d2 = {1: X()}
    return d1 == d2
t('dict eq clears', dict_eq_mut)
def deque_mut():
    from collections import deque
    class X:
        def __eq__(s, o): d.clear(); return False
    d = deque([X(), X(), 1])
    return d.count(1), d.index(1) if d else None
t('deque count clears', deque_mut)
def list_index_mut():
    class X:
        def __eq__(s, o): l.clear(); return False
    l = [X(), X(), 5]
    return l.index(5)
t('list index clears', list_index_mut)
def list_contains_mut():
    class X:
        def __eq__(s, o): l.clear(); return False
    l = [X(), X(), 5]
    return 5 in l
t('list contains clears', list_contains_mut)
def sorted_lt():
    class X:
        def __lt__(s, o): l.clear(); return True
    l = [X() for _ in range(10)]
    l.sort()
    return len(l)
t('sort lt clears', sorted_lt)
def min_mut():
    class X:
        def __lt__(s, o): l.clear(); return True
    l = [X() for _ in range(10)]
    return type(min(l)).__name__
t('min lt clears', min_mut)
def bisect_mut():
    import bisect
    class X:
        def __lt__(s, o): l.clear(); return True
    l = [X() for _ in range(10)]
    return bisect.bisect(l, X())
t('bisect lt clears', bisect_mut)
def ins_mut():
    import bisect
    class X:
        def __lt__(s, o): l.clear(); return True
    l = [X() for _ in range(10)]
    bisect.insort(l, X()); return len(l)
t('insort lt clears', ins_mut)
def tuple_hash_mut():
    class X:
        def __hash__(s): return 1
        def __eq__(s, o): d.clear(); return True
    d = {X(): 1}
    return d.get(X())
t('dict get eq clears', tuple_hash_mut)
def list_rmul():
    class I:
        def __index__(s): l.clear(); return 3
    l = [1, 2]
    return l * I()
t('list mul index clears', list_rmul)
def list_slice_assign():
    class I:
        def __index__(s): l.clear(); return 2
    l = [1, 2, 3, 4]
    l[I():] = [9]
    return l
t('list slice index clears', list_slice_assign)
def del_slice():
    class I:
        def __index__(s): l.clear(); return 2
    l = [1, 2, 3, 4]
    del l[0:I()]
    return l
t('del slice index clears', del_slice)
def ba_slice():
    class I:
        def __index__(s): b.clear(); return 2
    b = bytearray(b'abcd')
    b[0:I()] = b'xyz'
    return b
t('bytearray slice index clears', ba_slice)
def arr_slice():
    import array
    class I:
        def __index__(s): a.pop(); a.pop(); a.pop(); return 2
    a = array.array('b', [1,2,3,4])
    del a[0:I()]
    return a
t('array slice index shrinks', arr_slice)
