-c
import sys; sys.exit(2**100)
