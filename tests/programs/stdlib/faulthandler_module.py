# faulthandler: the fault handler switched on and off, tracebacks dumped to a
# descriptor, the watchdog cancelled, fatal signals reported, and the errors for bad
# arguments.
import faulthandler
import signal
import subprocess
import sys


def show(label, call):
    try:
        print(label, "->", call())
    except Exception as e:
        print(label, "!!", type(e).__name__, e)


print(faulthandler.is_enabled())
faulthandler.enable(file=sys.stdout)
print(faulthandler.is_enabled())
print(faulthandler.disable(), faulthandler.disable(), faulthandler.is_enabled())


def inner():
    faulthandler.dump_traceback(sys.stdout, all_threads=False)


def outer():
    inner()


outer()
sys.stdout.flush()

show("enable(file=-1)", lambda: faulthandler.enable(file=-1))
show("enable(file=object())", lambda: faulthandler.enable(file=object()))
show("dump_traceback_later(0)", lambda: faulthandler.dump_traceback_later(0))
show("dump_traceback_later(-1.5)", lambda: faulthandler.dump_traceback_later(-1.5))
show("dump_traceback_later('x')", lambda: faulthandler.dump_traceback_later("x"))
show("enable(1, 2, 3)", lambda: faulthandler.enable(1, 2, 3))

# A watchdog cancelled before its time writes nothing.
faulthandler.dump_traceback_later(30, file=sys.stdout)
faulthandler.cancel_dump_traceback_later()
faulthandler.cancel_dump_traceback_later()
print("cancelled")

# A fatal signal with the handler on: the header on stderr, then the signal's own end.
for signum in (signal.SIGSEGV, signal.SIGFPE, signal.SIGABRT):
    code = f"import faulthandler, os; faulthandler.enable(); os.kill(os.getpid(), {int(signum)})"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    print(proc.returncode, proc.stderr.splitlines()[0])
