# Output printed before an uncaught error is still written.
import sys
for i in range(3):
    print("line", i)
print("to stderr", file=sys.stderr)
print(undefined_variable)
