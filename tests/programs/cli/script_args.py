# Arguments after the script path reach sys.argv unchanged.
import sys
args = sys.argv[1:]
print(len(args))
for arg in args:
    print(repr(arg))
numbers = [int(a) for a in args if a.lstrip("-").isdigit()]
print("sum of numbers", sum(numbers))
