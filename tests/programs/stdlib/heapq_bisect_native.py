# The C halves of heapq and bisect (_heapq, _bisect): results, keys, max-heaps,
# arguments and errors as CPython's, and comparisons that change the heap.
import _bisect, _heapq, bisect, heapq, random

print(heapq.heappush is _heapq.heappush, bisect.bisect_left is _bisect.bisect_left)
rng = random.Random(5)
data = [rng.randrange(100) for _ in range(50)]
heap = []
for x in data:
    _heapq.heappush(heap, x)
print([_heapq.heappop(heap) for _ in range(len(data))] == sorted(data))
heap = data[:]
_heapq.heapify(heap)
print(heap[:10], _heapq.heappushpop(heap, -1), _heapq.heapreplace(heap, 1000), heap[:5])
mx = data[:]
_heapq._heapify_max(mx)
print(mx[0], _heapq._heappop_max(mx), _heapq._heapreplace_max(mx, -5), mx[0])
print(heapq.nlargest(3, data), heapq.nsmallest(3, data, key=lambda v: -v), list(heapq.merge([1, 4], [2, 3])))

s = sorted(data)
for x in (-1, 0, 50, 99, 100):
    print(x, _bisect.bisect_left(s, x), _bisect.bisect_right(s, x), _bisect.bisect_left(s, x, 10, 20),
          _bisect.bisect_right(s, x, hi=5), _bisect.bisect_right(s, x, 0, -1))
pairs = [(i, str(i)) for i in range(0, 20, 3)]
print(_bisect.bisect_left(pairs, 9, key=lambda p: p[0]), _bisect.bisect_right(pairs, 9, key=lambda p: p[0]))
_bisect.insort_left(pairs, (9, "nine"), key=lambda p: p[0])
_bisect.insort_right(pairs, (9, "NINE"), key=lambda p: p[0])
print(pairs)

class Seq(list):
    def insert(self, i, x):
        print("insert", i, x)
        super().insert(i, x)
q = Seq([1, 3])
_bisect.insort(q, 2) if hasattr(_bisect, "insort") else bisect.insort(q, 2)
print(q)

def attempt(label, call):
    try:
        print(label, call())
    except Exception as e:
        print(label, type(e).__name__, e)

attempt("push int", lambda: _heapq.heappush(1, 2))
attempt("heapify tuple", lambda: _heapq.heapify(()))
attempt("pop empty", lambda: _heapq.heappop([]))
attempt("replace empty", lambda: _heapq.heapreplace([], 1))
attempt("pop max int", lambda: _heapq._heappop_max(5))
attempt("push no args", lambda: _heapq.heappush([]))
attempt("negative lo", lambda: _bisect.bisect_left([1], 1, -1))
attempt("lo str", lambda: _bisect.bisect_right([1, 2], 1, "a"))
attempt("hi past end", lambda: _bisect.bisect_right([1, 2], 1, 0, 10))
attempt("key str", lambda: _bisect.insort_left([], {"a": 1}, key="a"))
attempt("unorderable", lambda: _heapq.heapify([1, "a", 2, None]))
attempt("bad keyword", lambda: _bisect.bisect_left([1], 1, low=0))

class Shrinks:
    def __init__(self, heap):
        self.heap = heap
    def __lt__(self, other):
        self.heap.clear()
        return False
h = []
h.extend([Shrinks(h), Shrinks(h), Shrinks(h)])
attempt("shrinking heap", lambda: _heapq.heapify(h))
print(_bisect.bisect_right.__text_signature__, _heapq.heappush.__text_signature__)
