# f-string conversions !r !s !a.
name = "café"
class C:
    def __repr__(self):
        return "C-repr"
    def __str__(self):
        return "C-str"
c = C()
print(f"{name} {name!r} {name!s} {name!a}")
print(f"{c} {c!r} {c!s} {c!a}")
print(f"{'quoted'!r:>12}|")
print(f"{3.0!s} {None!r} {[1, 'a']!r}")
