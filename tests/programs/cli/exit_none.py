# sys.exit(None) and sys.exit() exit with status 0.
import sys
def stop():
    sys.exit(None)
try:
    sys.exit()
except SystemExit as e:
    print("caught", repr(e.code), e.args)
stop()
