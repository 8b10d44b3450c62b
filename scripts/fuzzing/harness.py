"""Running cases: the program text around them, one interpreter run with limits,
and what its output and exit say (per-case outputs, crash signature).
"""

import dataclasses
import os
import re
import signal
import subprocess
import tempfile
import time

# Defines `show`, which every case prints with. Memory addresses are blanked
# out of reprs so that the two interpreters' outputs compare.
PRELUDE = '''\
import gc
import sys


def show(value):
    try:
        text = repr(value)
    except Exception as error:
        text = f"<repr raised {type(error).__name__}>"
    parts = text.split(" at 0x")
    for k in range(1, len(parts)):
        parts[k] = "?" + parts[k].lstrip("0123456789abcdef")
    print(" at 0x".join(parts)[:200])
'''

# Runs each case from a fresh namespace; `--- case N` before each tells which
# case was running when the process died.
DRIVER = '''
for number, source in CASES:
    print(f"--- case {number}", flush=True)
    sys.setrecursionlimit(1000)
    try:
        code = compile(source, f"<case {number}>", "exec")
    except BaseException as error:
        print(f"!! rejected {type(error).__name__}")
    else:
        try:
            exec(code, {"__name__": "__case__", "show": show})
        except BaseException as error:
            print(f"!! uncaught {type(error).__name__}")
    sys.stdout.flush()
    gc.collect()
print("--- end", flush=True)
'''

MARKER = re.compile(r"^--- case (\d+)$", re.M)
END = "--- end"

# Address space, stack and core limits for every run. python3.11 answers an
# impossible allocation with MemoryError; the address-space cap makes sure a
# merely huge one fails fast too instead of eating the machine.
LIMITS = "ulimit -v 8000000; ulimit -s 8192; ulimit -c 0; "

ENVIRONMENT = {
    "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
    "LC_ALL": "C.UTF-8",
    "PYTHONHASHSEED": "0",
    "PYTHONDONTWRITEBYTECODE": "1",
}


def batch_program(cases):
    """A program running the (number, source) cases one after another."""
    listing = "".join(f"    ({number}, {source!r}),\n" for number, source in cases)
    return PRELUDE + "\nCASES = [\n" + listing + "]\n" + DRIVER


def standalone_program(source):
    """One case as a plain program, for reproducers."""
    return PRELUDE + "\n\n" + source


@dataclasses.dataclass
class Run:
    returncode: int  # negative: killed by that signal
    stdout: str
    stderr: str
    seconds: float
    timed_out: bool

    def outputs(self):
        """Case number -> what it printed, for the cases that were started."""
        found = {}
        marks = list(MARKER.finditer(self.stdout))
        for mark, following in zip(marks, marks[1:] + [None]):
            end = following.start() if following else len(self.stdout)
            text = self.stdout[mark.end() + 1:end]
            if following is None and END in text:
                text = text[:text.rindex(END)]
            found[int(mark.group(1))] = text
        return found

    def last_started(self):
        marks = MARKER.findall(self.stdout)
        return int(marks[-1]) if marks else None

    def finished(self):
        return self.returncode == 0 and not self.timed_out and self.stdout.rstrip().endswith(END)


# C accelerators whose pure-Python fallback the standard library takes when the
# import fails. Where Krait has no such module yet, python3.11 is run on the same
# fallback, so that both interpreters run the same Python code: `_pydecimal`
# formatting a width of a billion one group at a time hangs python3.11 as well.
ACCELERATORS_WITH_FALLBACK = ["_decimal", "_datetime", "_pickle", "_json", "_heapq", "_bisect",
                              "_statistics", "_csv", "_elementtree", "_functools", "_collections",
                              "_operator", "_bz2", "_lzma"]


def oracle_environment(krait, folder):
    """python3.11's environment: stubs in `folder` hide the accelerators Krait lacks."""
    missing = []
    for name in ACCELERATORS_WITH_FALLBACK:
        probe = subprocess.run([krait, "-c", f"import {name}"], env=ENVIRONMENT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if probe.returncode != 0:
            missing.append(name)
            with open(os.path.join(folder, name + ".py"), "w") as stub:
                stub.write(f"raise ImportError('{name} is hidden: Krait runs the fallback')\n")
    return dict(ENVIRONMENT, PYTHONPATH=folder), missing


def run_program(interpreter, text, timeout, env=None):
    """Runs the program under the interpreter in a scratch folder."""
    with tempfile.TemporaryDirectory(prefix="fuzz-") as folder:
        path = os.path.join(folder, "case.py")
        with open(path, "w", encoding="utf-8", errors="surrogatepass") as f:
            f.write(text)
        started = time.monotonic()
        process = subprocess.Popen(
            ["/bin/sh", "-c", LIMITS + 'exec "$0" "$1"', interpreter, path],
            cwd=folder, env=env or ENVIRONMENT, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, start_new_session=True,
        )
        try:
            stdout, stderr = process.communicate(timeout=timeout)
            timed_out = False
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            stdout, stderr = process.communicate()
            timed_out = True
        seconds = time.monotonic() - started
    return Run(process.returncode, stdout.decode("utf-8", "replace"), stderr.decode("utf-8", "replace"),
               seconds, timed_out)


PANIC = re.compile(r"panicked at (?:'.*?', )?(\S+?\.rs:\d+)", re.S)


def crash_signature(run):
    """A short name for how the interpreter crashed, or None if it did not.

    A crash is death by a signal, a Rust panic (exit status 101), a runtime
    abort, or a failed allocation; being killed for the time limit is not."""
    if run.timed_out:
        return None
    err = run.stderr
    if "overflowed its stack" in err:
        return "stack overflow"
    match = PANIC.search(err)
    if match:
        return f"panic at {match.group(1)}"
    if "memory allocation of" in err:
        return "memory allocation failure"
    for phrase in ("fatal runtime error", "Fatal Python error"):
        if phrase in err:
            line = err[err.index(phrase):].splitlines()[0]
            return line[:100]
    if run.returncode < 0:
        try:
            return f"signal {signal.Signals(-run.returncode).name}"
        except ValueError:
            return f"signal {-run.returncode}"
    if run.returncode == 101 or "RefCell" in err:
        return f"exit status {run.returncode}"
    return None


def short_kind(signature):
    """A word for file names: panic, stack-overflow, sigsegv, alloc, hang..."""
    if signature.startswith("panic"):
        return "panic"
    if signature.startswith("signal "):
        return signature.split()[1].lower()
    return {"stack overflow": "stack-overflow", "memory allocation failure": "alloc",
            "hang": "hang"}.get(signature, re.sub(r"\W+", "-", signature.split(":")[0]).strip("-").lower())
