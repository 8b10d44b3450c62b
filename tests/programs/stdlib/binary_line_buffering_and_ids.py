# open() warns that line buffering does not apply in binary mode; subprocess
# checks user, group and extra group ids as CPython's converters do.
import os
import subprocess
import sys
import tempfile
import warnings

with tempfile.TemporaryDirectory() as d:
    path = os.path.join(d, "f")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with open(path, "wb", buffering=1) as f:
            print(type(f).__name__, f.write(b"x"))
        with open(path, "w", buffering=1) as f:
            print(type(f).__name__, f.line_buffering)
    for w in caught:
        print(w.category.__name__, w.message)

for kw in (dict(extra_groups=[-1]), dict(extra_groups=[2**64]), dict(user=-1),
           dict(user=2**64), dict(group=-1), dict(group=2**64)):
    try:
        subprocess.check_call([sys.executable, "-c", "pass"], **kw)
        print("ran", kw)
    except (ValueError, OverflowError) as e:
        print(type(e).__name__, e)
