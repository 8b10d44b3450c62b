# sys.argv holds the script name and the arguments after it.
import sys
print(len(sys.argv), sys.argv[1:], sys.argv[0].endswith("sys_argv.py"))
print(type(sys.argv).__name__, type(sys.path).__name__, all(isinstance(p, str) for p in sys.path))
for i, arg in enumerate(sys.argv[1:], 1):
    print(i, repr(arg))
