# posix keeps its result types for itself: removing them from the module does not
# break the functions that make them.
import os
import posix

st = os.stat(".")
kind = type(st)
del posix.stat_result
print(type(os.stat(".")) is kind, type(os.lstat(".")).__name__, type(os.fstat(0)).__name__)
del posix.uname_result
print(type(os.uname()).__name__, len(os.uname()))
del posix.terminal_size
try:
    size = os.get_terminal_size(0)
except OSError:
    print("no terminal")
else:
    print(type(size).__name__)
print(hasattr(posix, "stat_result"), os.stat_result.__name__)
