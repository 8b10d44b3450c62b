# A SIGINT ignored by the parent stays ignored in the child interpreter (as a
# background job's); a default one becomes default_int_handler. Other dispositions
# are reported as inherited.
import signal, subprocess, sys

probe = "import signal; print(signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGUSR1))"
for disposition in (signal.SIG_IGN, signal.SIG_DFL):
    signal.signal(signal.SIGINT, disposition)
    signal.signal(signal.SIGUSR1, disposition)
    out = subprocess.run([sys.executable, "-S", "-c", probe], capture_output=True, text=True)
    print(disposition, "->", out.stdout.strip(), out.returncode)
