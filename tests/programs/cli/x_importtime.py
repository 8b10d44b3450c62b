# `-X importtime` and PYTHONPROFILEIMPORTTIME: a header, then one line per import
# when it ends, indented by how deeply it was nested, self time never above the
# cumulative one.
import os
import subprocess
import sys


def imports_of(args, env=None):
    result = subprocess.run([sys.executable, *args, "-c", "import _importtime_pkg"],
                            capture_output=True, text=True, env=env)
    lines = result.stderr.splitlines()
    print(lines[0])
    for line in lines[1:]:
        self_time, cumulative, name = line.split("|")
        head, _, self_us = self_time.partition(":")
        assert head == "import time", line
        self_us = int(self_us)
        cumulative_us = int(cumulative)
        assert 0 <= self_us <= cumulative_us, line
        if "_importtime_pkg" in name:
            print(repr(name.rstrip()))


imports_of(["-S", "-X", "importtime"])
imports_of(["-S"], env=dict(os.environ, PYTHONPROFILEIMPORTTIME="1"))
result = subprocess.run([sys.executable, "-S", "-E", "-c", "pass"], capture_output=True,
                        text=True, env=dict(os.environ, PYTHONPROFILEIMPORTTIME="1"))
print("ignored under -E:", result.stderr == "")
