# `in` and `not in` answered in place (exact set, frozenset or dict with an int or
# exact str item) and the long way (subclasses, keys whose equal hashes ask
# __eq__, unhashable items, other containers).


class S(str):
    pass


class Collide:
    def __init__(self, value):
        self.value = value

    def __hash__(self):
        return hash(self.value)

    def __eq__(self, other):
        print("eq called with", repr(other))
        return other == self.value


class MySet(set):
    def __contains__(self, item):
        return item == "always"


s = {1, 2, "a", S("b")}
fs = frozenset({3, "c"})
d = {"k": 1, 7: 2}
count = 0
for i in range(300):
    count += (1 in s) + ("a" in s) + ("b" in s) + (3 in fs) + ("c" not in fs)
    count += ("k" in d) + (7 in d) + (8 not in d) + (True in s) + (2.0 in s)
print(count)
print(5 in {Collide(5)}, "z" in {Collide("z")}, "q" in {Collide("w")})
print("x" in {"x": 1, Collide("x"): 2})
print("always" in MySet(), 1 in MySet({1}))
print(S("a") in s, "ab" in "cabd", 3 in [1, 2, 3], (1,) in {(1,): 0})
try:
    [] in s
except TypeError as e:
    print("TypeError", e)
try:
    {} in d
except TypeError as e:
    print("TypeError", e)
try:
    1 in 5
except TypeError as e:
    print("TypeError", e)
