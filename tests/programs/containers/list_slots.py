# The list type fills its slots natively: indexing, slices, +, *, +=, *=, in, len,
# iteration and repr, what their wrappers accept, and subclasses that override them.
l = [1, 2, 3, 4, 5]
print(l[1], l[-1], l[1:3], l[::-1], l[::2], l[10:], l[-100:2])
l[0] = 9; l[1:3] = [7]; print(l)
l[::2] = ['a', 'b']; print(l)
del l[0]; print(l); del l[::2]; print(l)
print(3 in [1, 2, 3], 'x' in [], len([1, 2]), repr([1, [2]]), iter([1]).__class__.__name__)
print([1] + [2], [1] * 3, 3 * [1], [1] * -1)
class I:
    def __index__(self): return 2
print([0] * I(), I() * [0])
x = [1]; x += (2, 3); print(x); x *= 2; print(x)
for bad in ["[1] + (2,)", "[1] * 1.5", "1.5 * [1]", "[1] * 2**100", "[1][5]", "l = [1]; l[5] = 0", "del [1][5]", "[1].__add__()", "list.__add__([1], (2,))", "[].__mul__()", "[].__setitem__(1)", "list.__setitem__(1, 2, 3)", "list.__len__(())", "[1].__radd__", "x=[1]; x += 5", "x=[1]; x *= 'a'", "[1][::0]", "l=[1,2,3]; l[::2] = [1]", "l=[1]; l[:] = 5", "l=[1]; l[::2] = 5"]:
    try:
        r = eval(bad) if '=' not in bad and 'del' not in bad else exec(bad)
        print(bad, '->', r)
    except Exception as e:
        print(bad, '!!', type(e).__name__, e)
print([].__getitem__.__class__.__name__, list.__setitem__.__class__.__name__, [].__len__.__class__.__name__)
class L(list):
    def __getitem__(self, i): return 'own'
    def __len__(self): return 42
    def __contains__(self, x): return True
print(L([1])[0], len(L()), 5 in L(), list.__getitem__(L([7]), 0))
class M(list): pass
m = M([1, 2]); print(m[0], m[:1], type(m[:1]).__name__, len(m), m + [3], type(m * 2).__name__)
a = [1, 2]; a[:] = a; print(a); a[1:1] = a; print(a)
print(list.__getitem__.__doc__ is None, list.__len__.__text_signature__, list.__mul__.__text_signature__)
