# Parts of the pure-Python standard library that load and work.
import collections, functools, enum, copy, heapq, bisect, weakref, types, keyword
Point = collections.namedtuple("Point", "x y")
p = Point(1, 2)
print(p, p._replace(x=5), p._asdict())
print(functools.reduce(lambda a, b: a * b, range(1, 6)))
@functools.lru_cache(maxsize=None)
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)
print(fib(60))
class Color(enum.Enum):
    RED = 1
    GREEN = 2
print(Color.RED, Color(2), list(Color), Color.GREEN.name, Color.GREEN.value)
data = [5, 1, 4]
heapq.heapify(data)
print(heapq.heappop(data), bisect.bisect([1, 3, 5], 4))
print(copy.deepcopy({"a": [1, [2]]}), keyword.iskeyword("for"))
print(types.SimpleNamespace(a=1), types.FunctionType.__name__)
c = collections.Counter("hello world")
print(c.most_common(2))
d = collections.OrderedDict(a=1, b=2)
d.move_to_end("a")
print(list(d))
