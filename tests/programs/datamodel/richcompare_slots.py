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
print(1.5 < 2, 2.0 == 2, 2**70 == 2.0**70, 1e300 < 10**400, float('nan') == float('nan'), float('nan') != 1)
print('a' < 'b', 'é' > 'z', 'ab' == 'ab', str.__lt__('a', 'b'), str.__eq__('a', 1), float.__eq__(1.0, 1), float.__lt__(1.0, 'x'))
print(str.__lt__, float.__ge__, str.__lt__.__text_signature__)
try:
    str.__lt__(1, 'a')
except TypeError as e:
    print(e)
try:
    float.__lt__(1.0)
except TypeError as e:
    print(e)
class S(str):
    def __lt__(self, o):
        return 'S.lt'
print(S('a') < 'b', 'b' > S('a'), sorted(['b', 'a', 'é']))
class F(float):
    pass
print(F(1.5) < 2, 2 > F(1.5), F(2) == 2)
