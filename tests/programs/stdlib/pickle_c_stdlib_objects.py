# The C pickler over objects of the standard library and builtin callables:
# the same bytes as python3.11, including which module names the memo shares.
import pickle, collections, dataclasses, enum, datetime, decimal, fractions, functools, re, array, uuid, types, operator, itertools, typing
@dataclasses.dataclass
class DC:
    x: int
    y: str = "y"
class Color(enum.Enum):
    RED = 1
class Flag(enum.IntFlag):
    A = 1
    B = 2
NT = collections.namedtuple("NT", "a b")
objs = [DC(1), Color.RED, Flag.A | Flag.B, NT(1, 2), datetime.date(2020, 1, 2), datetime.datetime(2020, 1, 2, 3, 4, 5, 6),
        datetime.timedelta(days=1, seconds=2), decimal.Decimal("1.25"), fractions.Fraction(1, 3),
        functools.partial(max, 1, key=abs), re.compile("a+b", re.I), array.array("i", [1, 2, 3]), uuid.UUID(int=5),
        types.SimpleNamespace(a=1), operator.itemgetter(1), operator.attrgetter("a.b"), itertools.count(3),
        collections.ChainMap({1: 2}), typing.List[int], complex(0, -1), [1.5, 1.5], {"k": (1, "k")}, Exception("e"),
        StopIteration(3), OSError(2, "nope"), KeyError("x"), collections.deque([1], maxlen=3), type, object, bytearray(b"\x00" * 3),
        memoryview, property, staticmethod, int.__add__, "x".join, [].append, dict.fromkeys]
for proto in range(6):
    for o in objs:
        try:
            d = pickle.dumps(o, proto)
            print(proto, type(o).__name__, d)
            r = pickle.loads(d)
            if type(r) is not type(o): print("  TYPE", type(r))
        except Exception as e:
            print(proto, type(o).__name__, "ERR", type(e).__name__, e)

print(pickle.dumps([getattr, int, len, array.array, array._array_reconstructor], 4))
