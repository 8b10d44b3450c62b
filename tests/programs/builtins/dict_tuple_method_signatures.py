# dict and tuple methods bind their arguments through declared signatures.
calls = [
    lambda: {}.keys(1), lambda: {}.clear(1), lambda: {}.copy(1), lambda: {}.popitem(1), lambda: {}.pop(),
    lambda: dict.fromkeys(), lambda: {}.get(1, 2, 3), lambda: {}.setdefault(x=1), lambda: {1: 2}.pop(1),
    lambda: {}.pop(1, 5), lambda: {}.get(1, default=3), lambda: dict.fromkeys("ab", 0), lambda: {}.items(x=1),
    lambda: (1,).index(), lambda: (1, 2).index(1, x=2), lambda: (1,).count(), lambda: tuple(1, 2),
    lambda: tuple(x=1), lambda: tuple.count(), lambda: tuple.count([], 1),
]
for call in calls:
    try:
        print(repr(call()))
    except (TypeError, KeyError) as e:
        print(type(e).__name__, e)
for n in ["get", "setdefault", "pop", "popitem", "keys", "values", "items", "clear", "copy", "fromkeys", "update"]:
    print(n, repr(getattr(dict, n).__text_signature__))
for n in ["index", "count"]:
    print(n, repr(getattr(tuple, n).__text_signature__))
