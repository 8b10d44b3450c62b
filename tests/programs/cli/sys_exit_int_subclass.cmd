-c
import sys, enum; print("exiting"); sys.exit(enum.IntEnum("E", "A B C").C)
