# Cycles through tuples: a tuple holding only atomic values can never be part
# of one, a tuple holding a container can, and the collector finds it either way.
import gc

gc.collect()
gc.disable()


class Node:
    pass


def cycle_through_tuple():
    items = []
    t = (items, 1, "x")
    items.append(t)


def cycle_through_nested_tuples():
    n = Node()
    n.link = ((n,), (1, 2.5, None))


def atomic_tuples():
    for i in range(100):
        (i, str(i), (i, i + 1.0), b"b", None, True)


cycle_through_tuple()
print("list + tuple:", gc.collect())
cycle_through_nested_tuples()
print("instance, dict and tuples:", gc.collect() >= 3)
atomic_tuples()
print("atomic tuples leave nothing:", gc.collect())

# A tuple of atomic values is reported as a container by is_tracked, as when new
# in CPython; one holding a list stays tracked after a collection.
print(gc.is_tracked([]), gc.is_tracked((1, [])))
holder = (1, [])
gc.collect()
print(gc.is_tracked(holder))
print(gc.get_referrers(holder[1]) == [holder])


class Finalized:
    def __del__(self):
        print("finalized", type(self).__name__)


def finalizer_in_tuple_cycle():
    f = Finalized()
    f.me = (f, 0)


finalizer_in_tuple_cycle()
print("with __del__:", gc.collect() >= 2)
gc.enable()
