# A child interpreter leaves a file open and its stdout unflushed: both reach their
# destination when it exits (os.system runs sys.executable).
import os
import sys

script = "/tmp/krait_io_exit_child_script.py"
data = "/tmp/krait_io_exit_child_data.txt"
with open(script, "w") as f:
    f.write(
        "import sys\n"
        f"kept = open({data!r}, 'w')\n"
        "kept.write('written, never closed')\n"
        "open(" + repr(data + ".2") + ", 'w').write('dropped at once')\n"
        "sys.stdout.write('child output without newline')\n"
    )
sys.stdout.flush()
status = os.system(f"{sys.executable} {script}")
print()
print("status", status)
for name in [data, data + ".2"]:
    with open(name) as f:
        print(repr(f.read()))
    os.remove(name)
os.remove(script)
