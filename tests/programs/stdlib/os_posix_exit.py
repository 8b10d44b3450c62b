# posix._exit ends the process at once: no finally blocks, no flushing of sys.stdout.
import posix
import sys

print('flushed', flush=True)
try:
    sys.stdout.write('buffered, never shown\n')
    posix._exit(3)
finally:
    print('not reached')
