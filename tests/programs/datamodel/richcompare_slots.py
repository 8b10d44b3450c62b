print([1, 2] < [1, 3], (1, 2) == (1, 2), [1] == (1,), slice(1, 2) < slice(1, 3), 1j == 1j, (2**70) < 2**71, (2**70) == 2.0**70)
print(int.__lt__, list.__eq__, tuple.__ge__, slice.__le__, complex.__eq__, int.__lt__.__text_signature__)
print(int.__lt__(3, 4), list.__eq__([1], [1]), tuple.__lt__((1,), [1]), complex.__lt__(1j, 2j), int.__eq__(1, 1.0))
try:
    int.__lt__(3)
except TypeError as e:
    print(e)
try:
    list.__lt__((1,), [2])
except TypeError as e:
    print(e)
try:
    1j < 2j
except TypeError as e:
    print(e)
class L(list):
    def __lt__(self, other):
        return 'L.lt'
print(L([1]) < [2], [2] > L([1]), sorted([L([2]), L([1])], key=list))
class I(int):
    pass
print(I(3) < 4, I(3) == 3, 3 == I(3))
