# Pseudo-random str method calls (search, split, pad, case, predicates) against CPython.
seed = 12345
def rnd(n):
    global seed
    seed = (seed * 1103515245 + 12345) % (2 ** 31)
    return seed % n
alpha = ["a", "b", " ", "é", "Σ", "\t", "\n", "A", "1", "ß", ",", "😀", "ǅ", "\r", "x"]
def rstr(maxlen=6):
    return "".join(alpha[rnd(len(alpha))] for _ in range(rnd(maxlen + 1)))
def rint():
    return [None, 0, 1, 2, -1, -3, 5, 10, -10][rnd(9)]
methods = ["find", "rfind", "count", "startswith", "endswith", "index", "rindex"]
for k in range(400):
    s = rstr(8)
    m = methods[rnd(len(methods))]
    sub = rstr(2)
    a, b = rint(), rint()
    nargs = rnd(3)
    args = (sub, a, b)[: nargs + 1]
    try:
        r = getattr(s, m)(*args)
    except Exception as e:
        r = type(e).__name__ + str(e)
    print(k, repr(s), m, repr(args), repr(r))
for k in range(300):
    s = rstr(10)
    m = ["split", "rsplit", "partition", "rpartition", "strip", "lstrip", "rstrip", "splitlines", "replace", "expandtabs", "center", "ljust", "rjust", "zfill"][rnd(14)]
    try:
        if m in ("split", "rsplit"):
            sep = [None, " ", ",", "a", "ab"][rnd(5)]
            r = getattr(s, m)(sep, rint() if rint() is not None else -1)
        elif m in ("partition", "rpartition"):
            r = getattr(s, m)([" ", ",", "a", "ab"][rnd(4)])
        elif m in ("strip", "lstrip", "rstrip"):
            r = getattr(s, m)([None, " ", "ab", "é\t"][rnd(4)])
        elif m == "splitlines":
            r = s.splitlines(rnd(2) == 1)
        elif m == "replace":
            r = s.replace(rstr(1), rstr(2), rint() if rint() is not None else -1)
        elif m == "expandtabs":
            r = s.expandtabs(rnd(6))
        elif m == "zfill":
            r = s.zfill(rnd(12))
        else:
            r = getattr(s, m)(rnd(14), ["*", "é", " "][rnd(3)])
    except Exception as e:
        r = type(e).__name__ + str(e)
    print(k, repr(s), m, repr(r))
for k in range(200):
    s = rstr(8)
    print(k, repr(s), s.upper(), s.lower(), s.title(), s.capitalize(), s.swapcase(), s.casefold(),
          s.isalnum(), s.isalpha(), s.islower(), s.isupper(), s.istitle(), s.isspace(), s.isprintable(), s.isidentifier(), s.isdecimal(), s.isnumeric())
    b = s.encode("utf-8")
    print(k, b.upper(), b.title(), b.split(), b.strip(), b.swapcase(), b.capitalize(), b.istitle(), b.isalpha(), b[1:5:2], b.find(b"a", rnd(3)))
    print(k, s[rnd(5) - 2 : rnd(9) - 3 : [1, -1, 2, -2][rnd(4)]], s.encode("ascii", "backslashreplace"), s.encode("latin-1", "replace"))
