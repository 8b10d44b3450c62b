# Arbitrary expressions inside f-strings.
d = {"key": "value", "n": 3}
xs = [1, 2, 3]
print(f"{d['key']} {d['n'] * 2} {xs[-1]} {len(xs)}")
print(f"{'yes' if xs else 'no'} {sum(x * x for x in xs)} {[x + 1 for x in xs]}")
print(f"{(lambda y: y * 10)(4)}")
print(f"{{braces}} {{{d['n']}}}")
print(f"{xs!r:>15}|")
a, b = 3, 4
print(f"{a}+{b}={a + b}", f"{a}{b}", f"{'nested ' f'{a}'}")
print(f"""triple {a}
quoted {b}""")
print(f"{'%d' % 5}", rf"raw\n{a}", fr"{b}\t")
print(f"{d!r}")
