# range fills its slots natively: len, repr, iteration, in, subscripts, equality,
# hash and truth.
r = range(1, 10, 2)
print(len(r), repr(r), repr(range(3)), list(r), 5 in r, 6 in r, 5.0 in r, r[1], r[-1], r[1:3], r[::-1], bool(r), bool(range(0)))
print(r == range(1, 10, 2), r == range(1, 11, 2), r != range(0), range(0) == range(5, 5), hash(r) == hash(range(1, 11, 2)), r == [1])
for bad in ["r < r", "r[9]", "r['a']", "len(range(2**70))", "range.__len__(1)", "r.__lt__(r)", "range(2**70)[2**69]"]:
    try: print(bad, '->', eval(bad))
    except Exception as x: print(bad, '!!', type(x).__name__, x)
print(type(range.__eq__).__name__, range.__ne__(r, r), range.__hash__.__text_signature__, {range(2): 1}[range(0, 2)])
