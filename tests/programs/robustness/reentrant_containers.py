# Builtin containers whose items' methods change them mid-operation: no
# crash, and CPython's results or errors.
import collections

items = [1, 2, 3]


class Clears:
    def __eq__(self, other):
        items.clear()
        return False


print(items.count(Clears()), items)

items = [1, 2, 3]


class Grows:
    calls = 0

    def __eq__(self, other):
        Grows.calls += 1
        if Grows.calls < 50:
            items.append(0)
        return False


try:
    items.remove(Grows())
except ValueError as e:
    print(e, len(items))

queue = collections.deque([1, 2, 3])


class ClearsDeque:
    def __eq__(self, other):
        queue.clear()
        return False


try:
    print(queue.count(ClearsDeque()))
except RuntimeError as e:
    print(e)

for container in ([1, 2, 3], bytearray(b"abc")):
    class ClearingIndex:
        def __index__(self):
            container.clear()
            return 0

    try:
        container[ClearingIndex()] = 5
    except IndexError as e:
        print(type(container).__name__, e)
    try:
        del container[ClearingIndex()]
    except IndexError as e:
        print(type(container).__name__, e)

ordered = collections.OrderedDict.fromkeys(range(5))
try:
    for key in ordered:
        ordered[key + 10] = 1
except RuntimeError as e:
    print(e)

plain = dict.fromkeys(range(5))
try:
    for key in plain:
        plain[key + 10] = 1
except RuntimeError as e:
    print(e)

values = [3, 1, 2]


def key(v):
    values.append(v)
    return v


try:
    values.sort(key=key)
except ValueError as e:
    print(e)

seen = set(range(10))


class MutatingHash:
    def __hash__(self):
        return 1

    def __eq__(self, other):
        seen.discard(other)
        return False


print(MutatingHash() in seen, len(seen))


class BadIndex:
    def __index__(self):
        return "x"


try:
    [1][BadIndex()]
except TypeError as e:
    print(e)
try:
    "\ud800".encode()
except UnicodeEncodeError as e:
    print(e)
