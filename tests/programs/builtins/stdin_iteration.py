# Reading all of stdin through sys.stdin.
import sys
lines = sys.stdin.readlines()
print(len(lines))
total = 0
for line in lines:
    parts = line.split()
    if parts:
        total += sum(int(p) for p in parts)
print("total", total)
print(sys.stdin.read() == "")
