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
s, f = {1, 2}, frozenset({1, 2, 3})
print(s < f, s <= f, s == {2, 1}, s != f, f > s, f >= f, s == [1, 2], set.__lt__(s, [1]))
d = {'a': 1, 'b': 2}
print(d.keys() == {'a', 'b'}, d.keys() < {'a', 'b', 'c'}, d.items() >= {('a', 1)}, d.keys() == ['a', 'b'], d.keys() != {'x'})
print(set.__eq__, frozenset.__le__, type(d.keys()).__eq__)
class S(set):
    def __eq__(self, o):
        return 'S.eq'
print(S() == set(), set() == S(), frozenset() == S())
try:
    set.__lt__(1, s)
except TypeError as e:
    print(e)
