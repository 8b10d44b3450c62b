# A program whose reader goes away (`prog | head -1`) ends as CPython's does: the
# BrokenPipeError is reported and the status is 1; a short output ends cleanly.
import os
import sys

for count in [100000, 3]:
    command = (
        f'{sys.executable} -c "for i in range({count}): print(i)" | head -1; '
        "exit ${PIPESTATUS[0]}"
    )
    sys.stdout.flush()
    status = os.system("bash -c '" + command + "'")
    print("status", status >> 8)
