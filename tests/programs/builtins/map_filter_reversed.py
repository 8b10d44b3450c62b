# map, filter and reversed are lazy iterators.
print(list(map(abs, [-1, 2, -3])), list(map(pow, [2, 3], [3, 2])), list(map(str.upper, "ab")))
print(list(filter(None, [0, 1, "", "a", None, [], [0]])), list(filter(lambda x: x % 2, range(7))))
print(list(reversed([1, 2, 3])), list(reversed("abc")), list(reversed((1, 2))), list(reversed(range(3))))
m = map(lambda x: x * 10, [1, 2])
print(type(m).__name__, next(m), list(m), list(m))
class Backwards:
    def __len__(self):
        return 3
    def __getitem__(self, i):
        return "abc"[i]
print(list(reversed(Backwards())))
class Custom:
    def __reversed__(self):
        return iter("custom")
print("".join(reversed(Custom())))
try:
    reversed({1, 2})
except TypeError as e:
    print(type(e).__name__, e)
