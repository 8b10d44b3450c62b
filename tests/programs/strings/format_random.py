# Pseudo-random printf conversions and format specs over ints, floats and strs.
seed = 999
def rnd(n):
    global seed
    seed = (seed * 1103515245 + 12345) % (2 ** 31)
    return seed % n
flags = ["", "-", "+", " ", "#", "0", "-0", "+0", "#0", "- ", "+#"]
widths = ["", "1", "5", "12", "*"]
precs = ["", ".0", ".1", ".3", ".10", ".*"]
convs = "diouxXeEfFgGcrsa"
vals = [0, 1, -1, 42, -255, 3.14159, -0.5, 1e300, 1e-7, 2.5, float("inf"), float("nan"), -0.0, True, "s", "é", 10**20, -(10**20), 65, 123456.789]
for k in range(1500):
    f = "%" + flags[rnd(len(flags))] + widths[rnd(len(widths))] + precs[rnd(len(precs))] + convs[rnd(len(convs))]
    v = vals[rnd(len(vals))]
    args = []
    if "*" in f:
        for _ in range(f.count("*")):
            args.append(rnd(12) - 3)
    args.append(v)
    try:
        r = f % tuple(args)
    except Exception as e:
        r = type(e).__name__ + " " + str(e)
    print(k, repr(f), repr(tuple(args)), repr(r))
specs = ["", "5", "<5", ">6", "^7", "*^7", "+", " ", "#x", "08.3f", ".2e", "g", ",", "_", ",.2f", "x", "X", "o", "b", "%", ".0%", "n", "c", "s", "10s", ".2s", "=+8", "e", "G", "#g", "z.1f"]
for k in range(800):
    sp = specs[rnd(len(specs))]
    v = vals[rnd(len(vals))]
    f = "{:" + sp + "}"
    try:
        r = f.format(v)
    except Exception as e:
        r = type(e).__name__ + " " + str(e)
    print(k, repr(f), repr(v), repr(r))
