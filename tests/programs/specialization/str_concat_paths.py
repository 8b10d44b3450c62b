# `a + b` of two exact strs runs in the eval loop's fast tier; subclasses,
# reflected operators, errors, lone surrogates, non-ASCII lengths and `+=`
# (grown in place when nothing else holds the str) take the general paths.
class Loud(str):
    def __add__(self, other):
        return "Loud.__add__"

    def __radd__(self, other):
        return "Loud.__radd__"


class Quiet(str):
    pass


pieces = ["a", "\u00e9", "\u4e2d", "\U0001f600", chr(0xDC80), ""]
out = []
for x in pieces:
    for y in pieces:
        s = x + y
        out.append((ascii(s), len(s)))
print(out)
print(Loud("l") + "r", "r" + Loud("l"), Quiet("q") + "r", type(Quiet("q") + "r").__name__)
for bad in [1, None, b"x", ["x"]]:
    try:
        "a" + bad
    except TypeError as e:
        print(e)
acc = ""
for i in range(1000):
    acc = acc + str(i % 10)
alias = acc
acc += "!"
print(len(acc), len(alias), acc[-3:], alias[-2:])
print(("x" + "y").isidentifier(), hash("ab" + "cd") == hash("abcd"), ("ab" + "cd") in {"abcd"})
