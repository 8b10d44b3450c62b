# A file written and never closed is flushed when the process ends: a child
# process writes without closing, and the parent reads what it left.
import os
import subprocess
import sys
import tempfile

with tempfile.TemporaryDirectory() as folder:
    path = os.path.join(folder, "out.txt")
    child = f"f = open({path!r}, 'w'); f.write('data'); g = open({path!r} + '2', 'wb'); g.write(b'bytes')"
    subprocess.run([sys.executable, "-c", child], check=True)
    with open(path) as f:
        print(repr(f.read()))
    with open(path + "2", "rb") as f:
        print(f.read())
    child = f"open({path!r}, 'a').write('more')"
    subprocess.run([sys.executable, "-c", child], check=True)
    with open(path) as f:
        print(repr(f.read()))
