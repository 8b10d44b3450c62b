# Pseudo-random format strings through str %, bytes % and str.format, errors included.
seed = 777
def rnd(n):
    global seed
    seed = (seed * 1103515245 + 12345) % (2 ** 31)
    return seed % n
chars = "%()*.-+ #0123sdxfrc{}!:[]a<>^=,_eg"
class O:
    a = 5

    def __repr__(self):
        return "O!"
    def __getitem__(self, k):
        return "item" + repr(k)
for k in range(3000):
    f = "".join(chars[rnd(len(chars))] for _ in range(rnd(7) + 1))
    try:
        r = f % {"a": 1, "": 2}
    except Exception as e:
        r = type(e).__name__ + " " + str(e)
    try:
        r2 = f % (1, "x", 2.5)
    except Exception as e:
        r2 = type(e).__name__ + " " + str(e)
    try:
        r3 = f.format(O(), 2, a=O())
    except Exception as e:
        r3 = type(e).__name__ + " " + str(e)
    try:
        r4 = f.encode() % (b"x", 3)
    except Exception as e:
        r4 = type(e).__name__ + " " + str(e)
    print(k, repr(f), repr(r), repr(r2), repr(r3), repr(r4))
