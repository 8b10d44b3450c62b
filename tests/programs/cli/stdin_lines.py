# A program reading stdin line by line until EOF.
import sys
count = 0
for line in sys.stdin:
    count += 1
    print(f"{count}: {line.rstrip()[::-1]}")
print("lines:", count)
