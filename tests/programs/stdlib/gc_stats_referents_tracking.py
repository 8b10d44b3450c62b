# gc.get_stats() counts collections per generation as gc.collect(generation)
# asks; gc.get_referents() gives what builtin collections hold, ints included;
# is_tracked: object() is not, every class statement's instance is.
import gc

gc.disable()
old = gc.get_stats()
print(len(old), sorted(old[0]))
gc.collect(0)
new = gc.get_stats()
print([new[i]["collections"] - old[i]["collections"] for i in range(3)])
gc.collect(2)
gc.collect()
new = gc.get_stats()
print([new[i]["collections"] - old[i]["collections"] for i in range(3)])


class Node:
    pass


a, b = Node(), Node()
a.other, b.other = b, a
del a, b
before = gc.get_stats()[2]["collected"]
print(gc.collect() >= 2, gc.get_stats()[2]["collected"] - before >= 2)
print(sorted(gc.get_referents([1, 3, 5])), sorted(gc.get_referents((5, 4))),
      sorted(gc.get_referents({1: 3, 5: 7})), sorted(gc.get_referents({9, 8})))
print(sorted(gc.get_referents([1, 2], {3: 4}, (0, 0, 0))))
for bad in (-1, 3):
    try:
        gc.collect(bad)
    except ValueError as e:
        print("ValueError", e)


class UserClassSlots:
    __slots__ = ()


class UserFloatSlots(float):
    __slots__ = ()


class UserIntSlots(int):
    __slots__ = ()


class UserInt(int):
    pass


print([gc.is_tracked(x) for x in (object(), Node(), UserInt(), UserClassSlots(),
                                  UserFloatSlots(), UserIntSlots(), type, int, None, 1.5, "a", [])])
gc.enable()
