# Hashable containers as keys.
d = {(1, 2): "tuple", frozenset({1}): "frozen", 3: "int", 2.5: "float", None: "none", True: "bool"}
print(d[(1, 2)], d[frozenset([1])], d[3], d[2.5], d[None], d[1])
print(len(d))
print(hash((1, (2, 3))) == hash((1, (2, 3))), hash(frozenset({1, 2})) == hash(frozenset({2, 1})))
for bad in [[1], {1: 2}, {1}]:
    try:
        hash(bad)
    except TypeError as e:
        print(type(e).__name__, e)
