"""Writes crates/krait/link-order.txt: the functions the linker places first in
the krait binary, in that order (crates/krait/build.rs makes the linker script).

The kernel maps a binary's code 64 KiB at a time around each page touched, so
code a run needs, spread over the whole text, made every run map nearly all of
it. The functions come in the order runs first need them: a bare start-up
(`-S`), then `site`, then the common imports, then what the benchmarks run;
within each group, hottest first. Functions not listed follow in the linker's
own order.

Counts come from `valgrind --tool=callgrind` over the release build, symbol names
kept mangled as the linker knows them, without the `.llvm.N` suffix a function
shared between code-generation units gets (it changes whenever that unit's code
does; build.rs's patterns match any). Run: scripts/link-order
"""

import collections
import concurrent.futures
import glob
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KRAIT = os.path.join(ROOT, "target", "release", "krait")
OUTPUT = os.path.join(ROOT, "crates", "krait", "link-order.txt")

# Each phase's runs; a function is listed with the first phase that runs it.
STARTUP_PHASES = [
    [["-S", "-c", "pass"]],
    [["-c", "pass"]],
    [["-c", "import typing, re, json, dataclasses, argparse, collections, random"]],
]


def self_costs(args):
    """Instructions spent in each of the binary's functions itself, over one run."""
    with tempfile.NamedTemporaryFile(suffix=".callgrind") as out:
        subprocess.run(
            ["valgrind", "--tool=callgrind", "--demangle=no",
             f"--callgrind-out-file={out.name}", KRAIT, *args],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT,
            check=False,
        )
        return parse(out.name)


def parse(path):
    objects, names = {}, {}
    costs = collections.Counter()
    current = None
    in_binary = False
    after_call = False
    for line in open(path, encoding="utf-8", errors="replace"):
        if line.startswith("ob="):
            in_binary = compressed(line[3:].strip(), objects) == KRAIT
        elif line.startswith("fn="):
            name = compressed(line[3:].strip(), names)
            current = name if in_binary else None
            after_call = False
        elif line.startswith("cfn="):
            compressed(line[4:].strip(), names)
        elif line.startswith("cob="):
            compressed(line[4:].strip(), objects)
        elif line.startswith("calls="):
            after_call = True
        elif line[:1].isdigit() or line[:1] in "+-*":
            if after_call:
                # The cost of the call just named belongs to the callee.
                after_call = False
            elif current is not None:
                fields = line.split()
                if len(fields) >= 2 and fields[1].isdigit():
                    costs[current] += int(fields[1])
    return costs


def compressed(text, table):
    """A name from callgrind's `(id) name` or `(id)` (a name given before)."""
    m = re.match(r"\((\d+)\)(?: (.*))?$", text)
    if not m:
        return text
    ident, name = m.groups()
    if name:
        table[ident] = name
    return table.get(ident)


def symbol(name):
    """The linker's name: no recursion level (`'2`), no `.llvm.N` suffix."""
    name = re.sub(r"'\d+$", "", name)
    return re.sub(r"\.llvm\.\d+$", "", name)


def main():
    if not os.path.exists(KRAIT):
        sys.exit("build first: cargo build --release -p krait")
    benches = sorted(glob.glob(os.path.join(ROOT, "benches", "*.py")))
    phases = STARTUP_PHASES + [[[b] for b in benches]]
    order = {}
    with concurrent.futures.ThreadPoolExecutor(os.cpu_count() or 2) as pool:
        for runs in phases:
            costs = sum(pool.map(self_costs, runs), collections.Counter())
            for name, _ in costs.most_common():
                # Addresses valgrind found no name for, and its own names
                # (`(below main)`), are not symbols.
                if not name.startswith(("0x", "(")):
                    order.setdefault(symbol(name), None)
    with open(OUTPUT, "w", encoding="utf-8") as f:
        f.writelines(f"{name}\n" for name in order)
    print(f"{len(order)} functions -> {os.path.relpath(OUTPUT, ROOT)}")


if __name__ == "__main__":
    main()
