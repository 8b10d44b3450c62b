# Deep chains of containers and instances are freed without exhausting the
# native stack, and what they hold is finalised as at any other death.

class Node:
    def __init__(self, next):
        self.next = next


class Slotted:
    __slots__ = ("next",)

    def __init__(self, next):
        self.next = next


class Noisy:
    def __del__(self):
        print("finalised the innermost object")


def chain(make, depth, innermost=None):
    x = innermost
    for _ in range(depth):
        x = make(x)
    return x


DEPTH = 300_000
for name, make in [
    ("list", lambda x: [x]),
    ("tuple", lambda x: (x,)),
    ("dict", lambda x: {"k": x}),
    ("set of frozensets", lambda x: frozenset([x]) if x is not None else frozenset()),
    ("instance", Node),
    ("slotted instance", Slotted),
    ("bound method", lambda x: Node(x).__init__),
]:
    x = chain(make, DEPTH)
    del x
    print("freed a chain of", name)

x = chain(lambda x: [x, {"a": (x,)}], DEPTH // 3, Noisy())
del x
print("freed a mixed chain")

# A chain built inside a function dies with its frame.
def build_and_drop():
    y = chain(lambda x: [x], DEPTH)
    return len(y)


print(build_and_drop())
