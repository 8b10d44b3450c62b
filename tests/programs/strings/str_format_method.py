# str.format with positions, names, attributes, items and specs.
print("{} {}".format("a", "b"), "{1} {0} {1}".format("a", "b"), "{x}-{y}".format(x=1, y=2))
print("{0[1]} {0[k]}".format({1: "one", "k": "kay"}), "{0.real}".format(3 + 4j), "{[0]}".format([9]))
print("{:>6}|{:<6}|{:^6}|{:*^7}".format("r", "l", "c", "s"))
print("{:.3}".format("abcdef"), "{:,}".format(10 ** 9), "{:08.3f}".format(-3.14159))
print("{!r} {!s} {!a}".format("é", "é", "é"))
print("{{literal}} {}".format(1))
w, p = 10, 2
print("{:{w}.{p}f}|".format(3.14159, w=w, p=p))
print("{0:{1}}|".format("x", 4))
class P:
    def __format__(self, spec):
        return "P<" + spec + ">"
print("{:abc} {}".format(P(), P()), format(P(), "zz"))
try:
    "{} {}".format(1)
except IndexError as e:
    print(type(e).__name__, e)
try:
    "{x}".format(y=1)
except KeyError as e:
    print(type(e).__name__, e)
try:
    "{0} {}".format(1, 2)
except ValueError as e:
    print(type(e).__name__, e)
print("{name} has {n:d}".format_map({"name": "it", "n": 3}))
