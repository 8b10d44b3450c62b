# sys.exit(3) exits with status 3; finally blocks still run.
import sys
try:
    print("working")
    sys.exit(3)
finally:
    print("cleanup runs")
