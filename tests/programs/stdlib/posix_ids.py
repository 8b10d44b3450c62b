# User and group ids as CPython's converter reads them, for setreuid/setregid and
# chown/lchown: errors, -1 and the all-ones id.
import os, tempfile
for f, a in [(os.setreuid, (2**40, -1)), (os.setreuid, ("a", -1)), (os.setregid, (-2, -1)), (os.setreuid, (-1, -1)), (os.setregid, (-1, 2**64))]:
    try: print(f.__name__, f(*a))
    except Exception as e: print(f.__name__, type(e).__name__, e)
d = tempfile.mkdtemp(); p = os.path.join(d, "f"); open(p, "w").close()
for a in [("a", 0), (0, 1.5), (2**40, -1), (-2, -1), (-1, -1), (os.getuid(), -1), (2**32 - 1, -1)]:
    try: print("chown", os.chown(p, *a))
    except Exception as e: print("chown", type(e).__name__, e)
    try: print("lchown", os.lchown(p, *a))
    except Exception as e: print("lchown", type(e).__name__, e)
os.remove(p); os.rmdir(d)
