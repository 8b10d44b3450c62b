# bytes() and bytearray() of an iterable convert each item as it comes: an
# __index__ runs between two items, and an item out of range stops the
# iteration there.
class Loud:
    def __init__(self, v):
        self.v = v

    def __index__(self):
        print("index", self.v)
        return self.v


def mixed():
    for i in range(3):
        print("yield", i)
        yield Loud(i) if i == 1 else i


print(bytes(mixed()), bytearray(mixed()))


def overflowing():
    yield 1
    yield 256
    print("not reached")
    yield 3


g = overflowing()
try:
    bytes(g)
except ValueError as e:
    print("ValueError:", e)
print(list(g))
print(bytes(x for x in range(5)), bytes(x % 256 for x in range(1000))[-3:])
print(bytes([1, True, Loud(7)]), bytes((x for x in [False, 2])), bytes(iter([9, 8])))
try:
    bytes(x for x in [1, "a"])
except TypeError as e:
    print("TypeError:", e)
try:
    bytes(-x for x in range(3))
except ValueError as e:
    print("ValueError:", e)
print(len(bytes(i & 255 for i in range(100000))))
