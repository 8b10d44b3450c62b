# The str type fills its slots natively: indexing, slices, +, *, %, in, len, hash,
# str(), repr and iteration, what their wrappers accept, and subclasses.
s = 'hello'
print(s[1], s[-1], s[1:3], s[::-1], s[::2], s[10:], 'é€x'[1], 'é€x'[::-1], repr(s), str(s) is s, len('é€'), hash('a') == hash('a'))
print('ell' in s, '' in s, 'a' + 'b', 'ab' * 3, 3 * 'ab', 'x' * -1, '%d-%s' % (1, 'a'), '%s' % 'x')
class I:
    def __index__(self): return 2
print('ab' * I(), I() * 'ab')
for bad in ["'a' + 1", "1 + 'a'", "'a' * 1.5", "'a' * 2**100", "s[9]", "s[1.5]", "''.__add__()", "str.__add__('a', 1)", "''.__mul__()", "''.__mul__(2.0)", "str.__len__([])", "'a'.__radd__", "s[::0]", "1 in 'a'", "'a'.__rmod__(1)", "str.__mod__(1, 2)", "'%s %s' % ('a',)", "[] + 'a'", "'a'.__mod__((1,))"]:
    try:
        print(bad, '->', eval(bad))
    except Exception as e:
        print(bad, '!!', type(e).__name__, e)
class S(str):
    def __getitem__(self, i): return 'own'
    def __len__(self): return 42
    def __add__(self, o): return 'S.add'
print(S('ab')[0], len(S()), S('a') + 'b', 'b' + S('a'), str.__getitem__(S('xy'), 1))
class U(str): pass
u = U('abc'); print(u[0], type(u[0]).__name__, u[:2], type(u[:2]).__name__, type(str(u)).__name__, str(u) is u, u + 'd', type(u * 2).__name__, repr(u), hash(u) == hash('abc'), 'b' in u)
print(str.__getitem__.__class__.__name__, str.__hash__.__text_signature__, str.__mul__.__text_signature__, str.__mod__.__text_signature__)
x = 'a'; x += 'b'; x *= 2; print(x)
