# list methods bind their arguments through declared signatures: CPython's errors
# for every misuse, and __text_signature__.
calls = [
    lambda: [].append(), lambda: [].append(1, 2), lambda: [].append(1, x=2), lambda: [].append(object=1),
    lambda: [].extend(), lambda: [].insert(1), lambda: [].insert(1, 2, 3), lambda: [].insert(1, x=2),
    lambda: [].pop(1, 2), lambda: [].pop(x=1), lambda: [1].pop(0), lambda: [].remove(), lambda: [1].index(),
    lambda: [1, 2].index(2, 0, 5), lambda: [1].index(1, x=1), lambda: [].count(), lambda: [].clear(1),
    lambda: [].copy(x=1), lambda: [].reverse(2), lambda: [3, 1].sort(1), lambda: [3, 1].sort(key=None, reverse=True),
    lambda: [].sort(foo=1), lambda: [].sort(key=1, reverse=2, z=3), lambda: list.append(), lambda: list.append(5, 1),
    lambda: list.sort([2, 1], reverse=True),
]
for call in calls:
    try:
        print(repr(call()))
    except TypeError as e:
        print("TypeError:", e)
for name in ["append", "extend", "insert", "pop", "remove", "index", "count", "clear", "copy", "reverse", "sort"]:
    print(name, getattr(list, name).__text_signature__)
