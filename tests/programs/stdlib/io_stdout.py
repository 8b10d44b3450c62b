# The standard streams: their layers and settings, print() to them and to other
# objects, input() and reading sys.stdin, and what happens when they are replaced.
import io
import sys

out, err = sys.stdout, sys.stderr
print(out, err, sys.stdin)
print(out.buffer, out.buffer.raw, out.buffer.raw.closefd, out.fileno(), err.fileno())
print(out.encoding, out.errors, err.errors, sys.stdin.errors, out.line_buffering, err.line_buffering)
print(out.writable(), out.readable(), sys.stdin.readable(), out.isatty(), out.mode, sys.stdin.mode)
print(sys.__stdout__ is out, sys.__stderr__ is err, sys.__stdin__ is sys.stdin)
print(out.write("written\n"), out.write(""))
print("a", "b", 3, sep="--", end="|\n")
print("flushed", flush=True)
print(file=None)
print("to stderr", file=sys.stderr)
err.write("stderr write\n")


class Recorder:
    def __init__(self):
        self.calls = []

    def write(self, s):
        self.calls.append(s)

    def flush(self):
        self.calls.append("<flush>")


r = Recorder()
print(1, "two", 3.0, sep=", ", end="!", file=r, flush=True)
print(r.calls)
buf = io.StringIO()
sys.stdout = buf
print("captured", 42)
sys.stdout = out
print(repr(buf.getvalue()))
sys.stdout = None
print("goes nowhere")
sys.stdout = out
for bad in [
    lambda: print("x", sep=1),
    lambda: print("x", end=b""),
    lambda: print("x", file=object()),
    lambda: out.write(b"bytes"),
    lambda: sys.stdin.write("x"),
    lambda: out.read(),
    lambda: out.seek(0),
]:
    try:
        bad()
    except Exception as e:
        print(type(e).__name__, e)

print(repr(input()), repr(input("prompt: ")))
print(repr(sys.stdin.readline()), repr(sys.stdin.read(4)))
for line in sys.stdin:
    print("line", repr(line))
try:
    input()
except EOFError as e:
    print(type(e).__name__, e)
print(repr(sys.stdin.read()), repr(sys.stdin.buffer.read()))

# Bytes written below the text layer go out before text still pending in it.
print("text first")
out.buffer.write(b"bytes second\n")
out.flush()
out.buffer.write(b"after flush\n")
sys.stdout.write("no newline at exit")
