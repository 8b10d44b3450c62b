# sys.exit with an int too large for an exit status ends the process with
# status 255, as CPython's does, after what the program printed.
import sys

print("exiting")
sys.exit(2**100)
