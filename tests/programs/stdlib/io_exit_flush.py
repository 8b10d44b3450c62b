# What reaches the output at exit: text still pending in sys.stdout, files dropped
# without closing, a closed sys.stdout, and an exception raised while flushing.
import io
import sys

sys.stdout.write("pending without newline")
kept = open("/tmp/krait_io_exit_flush.txt", "w")
kept.write("module-level file, never closed")


class Failing(io.TextIOWrapper):
    def flush(self):
        raise OSError(5, "flush failed on purpose")


# A stream whose flush fails is reported at exit, and the status becomes 120.
sys.stderr.write("about to replace stdout\n")
sys.stdout.flush()
sys.stdout = Failing(io.BytesIO(), encoding="utf-8")
