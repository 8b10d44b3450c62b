# Pseudo-random bytes methods, bytearray mutations and decoding with error handlers.
seed = 4242
def rnd(n):
    global seed
    seed = (seed * 1103515245 + 12345) % (2 ** 31)
    return seed % n
alpha = [b"a", b"b", b" ", b"\xff", b"\t", b"\n", b"A", b"1", b",", b"\r", b"x"]
def rb(maxlen=6):
    return b"".join(alpha[rnd(len(alpha))] for _ in range(rnd(maxlen + 1)))
def rint():
    return [None, 0, 1, 2, -1, -3, 5, 10, -10][rnd(9)]
for k in range(600):
    s = rb(8)
    m = ["find", "rfind", "count", "startswith", "endswith", "index", "rindex", "split", "rsplit", "partition", "rpartition", "strip", "replace", "center", "zfill", "splitlines", "expandtabs"][rnd(17)]
    try:
        if m in ("split", "rsplit"):
            r = getattr(s, m)([None, b" ", b",", b"a", b"ab"][rnd(5)], rint() if rint() is not None else -1)
        elif m in ("partition", "rpartition"):
            r = getattr(s, m)([b" ", b",", b"a"][rnd(3)])
        elif m == "strip":
            r = s.strip([None, b" ", b"ab"][rnd(3)])
        elif m == "replace":
            r = s.replace(rb(1), rb(2), rint() if rint() is not None else -1)
        elif m == "center":
            r = s.center(rnd(14), b"*")
        elif m == "zfill":
            r = s.zfill(rnd(12))
        elif m == "splitlines":
            r = s.splitlines(rnd(2) == 1)
        elif m == "expandtabs":
            r = s.expandtabs(rnd(6))
        else:
            sub = rb(2) if rnd(3) else [97, 300, 32][rnd(3)]
            args = (sub, rint(), rint())[: rnd(3) + 1]
            r = getattr(s, m)(*args)
    except Exception as e:
        r = type(e).__name__ + " " + str(e)
    print(k, repr(s), m, repr(r))
for k in range(300):
    a = bytearray(rb(6))
    op = rnd(8)
    try:
        if op == 0:
            a[rnd(8) - 4 : rnd(8) - 2 : [1, -1, 2][rnd(3)]] = rb(3)
        elif op == 1:
            del a[rnd(8) - 4 : rnd(8) - 2 : [1, -1, 2, -2][rnd(4)]]
        elif op == 2:
            a.insert(rnd(10) - 5, rnd(256))
        elif op == 3:
            a.pop(rnd(8) - 4)
        elif op == 4:
            a[rnd(8) - 4] = rnd(300)
        elif op == 5:
            a.extend(rb(3))
        elif op == 6:
            a.remove(rnd(3) + 97)
        else:
            a *= rnd(3)
        r = a
    except Exception as e:
        r = type(e).__name__ + " " + str(e)
    print(k, op, repr(r))
for k in range(200):
    b = rb(5)
    try:
        print(k, b.decode(["utf-8", "ascii", "latin-1"][rnd(3)], ["strict", "replace", "ignore", "backslashreplace"][rnd(4)]))
    except Exception as e:
        print(k, type(e).__name__, e)
    bad = bytes([rnd(256) for _ in range(rnd(5))])
    try:
        print(k, repr(bad.decode("utf-8", ["strict", "replace", "ignore", "backslashreplace"][rnd(4)])))
    except Exception as e:
        print(k, type(e).__name__, e)
