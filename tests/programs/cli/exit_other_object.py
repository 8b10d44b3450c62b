# A non-integer, non-string exit code is printed and the status is 1.
import sys
sys.exit(["not", "a", "code"])
