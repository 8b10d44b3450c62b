# match takes a subject for a sequence or a mapping by its class's flag: the
# builtins' own, ABC registration (never on immutable types), and the first
# flag along a subclass's MRO.
import collections, collections.abc, array, os, time, types
class C: pass
class M3(collections.UserDict, C, list): pass
class M4(dict, collections.abc.Sequence, C): pass
class S3(collections.UserList, C, dict): pass
class S4(list, collections.abc.Mapping, C): pass
def f(x):
    match x:
        case {}: return "map"
        case [*_]: return "seq"
        case _: return "neither"
P = collections.namedtuple("P", "a b")
for x in [M3(), M4(), S3(), S4(), [], (), range(0), memoryview(b""), {}, types.MappingProxyType({}),
          collections.deque(), array.array("b"), collections.OrderedDict(), collections.defaultdict(),
          os.stat("."), time.gmtime(0), P(1, 2), collections.UserList(), collections.UserDict(),
          "", b"", bytearray(), collections.Counter(), collections.ChainMap(), set(), frozenset(), dict().keys()]:
    print(type(x).__name__, f(x))
