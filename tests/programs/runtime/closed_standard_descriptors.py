# A descriptor the parent left closed stays closed (no /dev/null in its place),
# SIGPIPE is ignored and arguments arrive as given.
import os, subprocess, sys
code = "import os\ntry:\n    os.fstat(0)\n    print('fd 0 open')\nexcept OSError as e:\n    print('fd 0 closed', e.errno)\n"
r = subprocess.run([sys.executable, "-c", code], preexec_fn=lambda: os.close(0), capture_output=True, text=True)
print(r.stdout.strip(), r.returncode)
r = subprocess.run([sys.executable, "-c", "import signal; print(signal.getsignal(signal.SIGPIPE))"], capture_output=True, text=True)
print(r.stdout.strip())
r = subprocess.run([sys.executable, "-c", "import sys; print(sys.argv)", "a", "é"], capture_output=True, text=True)
print(r.stdout.strip())
