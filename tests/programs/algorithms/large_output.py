# Many lines of output are all written, even without an explicit flush.
import sys
for i in range(3000):
    print(i, i * i, "x" * (i % 50))
sys.stdout.write("no newline at the end")
