"""Imports every top-level module and package of CPython's standard library under
Krait and under python3.11, each in a fresh process, and prints how many of those
python3.11 imports Krait imports too, with Krait's failures grouped by cause.

Run through scripts/stdlib-imports, which builds Krait first:
  scripts/stdlib-imports [--lib DIR] [--jobs N] [--timeout SECONDS] [--list]
"""
import argparse
import collections
import concurrent.futures
import os
import pathlib
import subprocess
import sys

ORACLE = "/usr/bin/python3.11"
# Left out: they need a display, install packages, or are demos.
SKIPPED = {"tkinter", "idlelib", "turtledemo", "ensurepip", "turtle", "antigravity", "this"}


def candidates(lib):
    """Top-level module names in the stdlib folder (files and packages)."""
    names = set()
    for entry in lib.iterdir():
        if entry.name.startswith(("_", ".")) and entry.name not in ("__future__.py", "__hello__.py"):
            continue
        if entry.is_dir() and (entry / "__init__.py").exists():
            names.add(entry.name)
        elif entry.suffix == ".py":
            names.add(entry.stem)
    return sorted(n for n in names if n not in SKIPPED and n.isidentifier())


def try_import(command, name, timeout):
    """(ok, cause) for `import name` run by `command`."""
    code = f"import {name}"
    try:
        done = subprocess.run(
            command + ["-c", code],
            capture_output=True,
            timeout=timeout,
            stdin=subprocess.DEVNULL,
            env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        )
    except subprocess.TimeoutExpired:
        return False, "timed out"
    if done.returncode == 0:
        return True, ""
    if done.returncode < 0:
        return False, f"killed by signal {-done.returncode}"
    lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
    last = lines[-1] if lines else f"exit status {done.returncode}"
    if "panicked" in done.stderr.decode("utf-8", "replace"):
        last = "panic: " + last
    return False, last


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--krait", required=True)
    parser.add_argument("--lib", default="/usr/lib/python3.11")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--timeout", type=float, default=20)
    parser.add_argument("--list", action="store_true", help="print every failing module")
    args = parser.parse_args()
    names = candidates(pathlib.Path(args.lib))
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        oracle = dict(zip(names, pool.map(lambda n: try_import([ORACLE], n, args.timeout), names)))
        wanted = [n for n in names if oracle[n][0]]
        krait = dict(zip(wanted, pool.map(lambda n: try_import([args.krait], n, args.timeout), wanted)))
    failures = {n: cause for n, (ok, cause) in krait.items() if not ok}
    passed = len(wanted) - len(failures)
    by_cause = collections.defaultdict(list)
    for name, cause in failures.items():
        by_cause[cause].append(name)
    for cause, mods in sorted(by_cause.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        shown = ", ".join(mods if args.list else mods[:8])
        more = "" if args.list or len(mods) <= 8 else f", ... ({len(mods)} in all)"
        print(f"{len(mods):4}  {cause}\n      {shown}{more}")
    print(f"importable: {passed}/{len(wanted)}")


if __name__ == "__main__":
    sys.exit(main())
