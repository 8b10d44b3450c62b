# Sizes that come from the program and cannot be met raise MemoryError or
# OverflowError, which try/except catches, instead of aborting the process
# (sizes no machine has, so that the outcome does not depend on this one).
def attempt(what, action):
    try:
        action()
        print(what, "succeeded")
    except (MemoryError, OverflowError, ValueError, IndexError) as e:
        print(what, "->", type(e).__name__)


attempt("list(range(10**20))", lambda: list(range(10**20)))
attempt("to_bytes(10**12)", lambda: (1).to_bytes(10**12, "big"))
attempt("bytes(10**13)", lambda: bytes(10**13))
attempt("'x' * 10**13", lambda: "x" * 10**13)
attempt("[0] * 10**13", lambda: [0] * 10**13)
attempt("index 10**100", lambda: [1, 2, 3][10**100])
attempt("math.comb(10**20, 10**19)", lambda: __import__("math").comb(10**20, 10**19))
attempt("math.perm(10**20, 10**19)", lambda: __import__("math").perm(10**20, 10**19))
attempt("'%d' % 10**5000", lambda: "%d" % 10**5000)
attempt("str(10**5000)", lambda: str(10**5000))
print("still running")
