# in and == across container types.
print(1 in [1], 1 in (1,), 1 in {1}, 1 in {1: 0}, "a" in "abc", 1.0 in [1], True in [1])
print([] == [], [] == (), {} == {}, set() == frozenset(), [1, 2] == [1, 2.0])
class Eq:
    def __eq__(self, other):
        print("compare")
        return True
e = Eq()
print(e in [1, 2])
print(e in [e])
nan = float("nan")
print(nan in [nan], [nan] == [nan])
print(range(3) == range(0, 3), range(0) == range(2, 2), list(range(3)) == [0, 1, 2])
