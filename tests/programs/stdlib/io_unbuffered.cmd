-u
-c
import sys; print(type(sys.stdout.buffer).__name__, sys.stdout.write_through, sys.stderr.write_through, type(sys.stdin.buffer).__name__); sys.stdout.write("partial"); sys.stderr.write("err partial"); print(" done")
