# sorted, min and max with key and default.
print(sorted([3, 1, 2]), sorted("hello"), sorted([3, 1, 2], reverse=True), sorted({"b": 1, "a": 2}))
words = ["pear", "fig", "banana", "kiwi"]
print(sorted(words, key=len), sorted(words, key=lambda w: (len(w), w)), sorted(words, key=len, reverse=True))
print(min(4, 2, 8), max([4, 2, 8]), min("zebra"), max(words, key=len), min(words, key=len))
print(min([], default="empty"), max([], default=None), max([1], default=0), min((5, 1), key=lambda x: -x))
try:
    min([])
except ValueError as e:
    print(type(e).__name__, e)
try:
    max()
except TypeError as e:
    print(type(e).__name__, e)
try:
    max(1, 2, default=0)
except TypeError as e:
    print(type(e).__name__, e)
print(max([(1, "b"), (1, "a")]), min([[2], [1, 5]]), max(True, 0), max(1, 1.0), max(1.0, 1))
