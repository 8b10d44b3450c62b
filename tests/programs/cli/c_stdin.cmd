-c
import sys; data = sys.stdin.read(); print(data.upper(), end=""); print(len(data))
