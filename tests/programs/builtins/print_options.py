# print with sep, end, file and flush.
import sys
print("a", "b", "c")
print("a", "b", "c", sep="")
print("a", "b", sep=", ", end=".\n")
print("no newline", end="")
print(" continued")
print()
print(1, None, [2], sep="|")
print("to stderr", 42, file=sys.stderr)
print("flushed", flush=True)
print(*range(5), sep=" < ")
print("x", sep=None, end=None)
print(file=None)
try:
    print("x", sep=5)
except TypeError as e:
    print(type(e).__name__, e)
try:
    print("x", bogus=1)
except TypeError as e:
    print(type(e).__name__, e)
sys.stdout.write("written directly\n")
print(sys.stdout.write("abc\n"))
