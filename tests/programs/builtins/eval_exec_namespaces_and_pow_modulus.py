# eval and exec check their namespaces in CPython's order and words; pow with a
# float or complex modulus is refused by the modulus's own type.
class M:
    def __getitem__(self, k): return 7
for f in (lambda: eval('1', []), lambda: eval('1', 5), lambda: eval('1', {}, 5),
          lambda: exec('1', {}, 5), lambda: eval('1', None, 5), lambda: exec('1', [], {}),
          lambda: eval('1', [], 5), lambda: exec('1', 5, 5), lambda: eval('x', {}, M())):
    try:
        print(f())
    except TypeError as e:
        print("TypeError:", e)
class F(float): pass
for m in (1.5, 1j, F(2.5), "x"):
    try:
        pow(2, 3, m)
    except (TypeError, ValueError) as e:
        print(type(e).__name__ + ":", e)
print(pow(2, 10, 7), pow(2.0, 2), pow(3, -1, 7))
# None for globals with locals given takes the caller's globals.
print(eval('x', None, {'x': 1}))
exec('print(y)', None, {'y': 2})
