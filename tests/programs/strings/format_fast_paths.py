# Formatting's common cases answered without the general machinery: `%d` of an
# int and `%s` of an exact str with no flags, width or precision; `{}` and
# f-string fields with no spec of exact ints, floats and strs. Subclasses,
# overridden __format__/__str__, bools, big ints and flags take the general
# paths and must print as CPython's.
class MyInt(int):
    def __str__(self):
        return "MyInt.__str__"

    def __format__(self, spec):
        return "MyInt.__format__" + repr(spec)


class MyStr(str):
    def __str__(self):
        return "MyStr.__str__"


values = [0, -7, 2**70, True, 1.5, "s", MyInt(3), MyStr("m"), None, [1], (2,)]
for v in values:
    print("%s|%r" % (v, v), end=" ")
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        print("%d|%5d|%-4d|%+d|%i|%u" % (v, v, v, v, v, v), end=" ")
    print("{}|{!r}|{:}".format(v, v, v), f"{v}|{v!s}|{v!r}")
print("%d%%" % 5, "%s and %s" % ("a", "b"), "%(x)s-%(y)d" % {"x": "X", "y": 4})
print("%c%c" % (65, "b"), "%.2s|%5s|%-5s|" % ("abc", "ab", "ab"), "%x %o %X" % (255, 8, 255))
for bad in [("%d", "x"), ("%d %d", (1,)), ("%s", ()), ("%z", 1)]:
    try:
        print(bad[0] % bad[1])
    except (TypeError, ValueError) as e:
        print(type(e).__name__, e)
print("{0}{1}{0}".format("ab", 3), "{:>4}|{:<4}|{:^5}".format(1, "x", 2.5))
