"""Differential fuzzer: generated programs run under Krait and under python3.11.

It looks for inputs on which Krait crashes (a signal, a Rust panic, an abort)
or hangs where python3.11 does not. Cases come from generators (see
scripts/fuzzing/): random programs, classes with hostile dunders, mutated
source for compile(), damaged marshal data and code objects, and formatting.
Case i of a run depends only on (seed, i) and the generators chosen.

Cases run in batches, one process per batch and interpreter; a `--- case N`
marker before each case tells which one was running when a process died. A
batch that crashes or hangs Krait is re-run a case at a time to find the
culprit, which is then shrunk and written to the output folder as
crash-<what>-<seed>-<case>.py. Cases whose printed output differs are counted,
and a sample written as diff-<seed>-<case>.py.

Where Krait has no C accelerator yet and the standard library falls back to its
pure-Python twin (`_decimal` -> `_pydecimal`), python3.11 is made to take the same
fallback, so both run the same Python code and compare on equal terms.

Run: scripts/fuzz [--seed N] [--cases N] [--jobs N] [--kinds programs,classes,...]
                  [--krait PATH] [--out DIR] [--batch N] [--timeout S]
Exit status 1 when a crash or hang was found.
"""

import argparse
import collections
import concurrent.futures
import dataclasses
import os
import pathlib
import random
import sys
import tempfile
import threading
import time

from fuzzing import classes, compiling, formatting, harness, marshaling, programs, shrink

PYTHON = "/usr/bin/python3.11"
ROOT = pathlib.Path(__file__).resolve().parent.parent
GENERATORS = {
    "programs": programs.generate,
    "classes": classes.generate,
    "compile": compiling.generate,
    "marshal": marshaling.generate,
    "format": formatting.generate,
}
DIFF_SAMPLES = 50


def case_source(seed, number, kinds):
    """(kind, source) of case `number`: a function of the seed, the number and the kinds."""
    kind = kinds[number % len(kinds)]
    return kind, GENERATORS[kind](random.Random(f"{seed}:{number}"))


def trouble(run, batch=True):
    """How a run went wrong: a crash signature, "hang", or None; for a batch
    also "early exit ..." when the driver did not reach its end."""
    if run.timed_out:
        return "hang"
    signature = harness.crash_signature(run)
    if signature:
        return signature
    if batch and not run.finished():
        return f"early exit (status {run.returncode})"
    return None


@dataclasses.dataclass
class Event:
    """A process that died (or hung) while running `number`, having run `context` before it."""
    number: int
    run: harness.Run
    what: str
    context: list


@dataclasses.dataclass
class Finding:
    what: str  # crash signature or "hang"
    kind: str  # the generator
    number: int
    path: pathlib.Path


def run_cases(interpreter, cases, timeout, env=None):
    """Runs the cases, starting a new process after the one a process died in.
    Returns (outputs by case number, events)."""
    outputs, events = {}, []
    pending = list(cases)
    while pending:
        run = harness.run_program(interpreter, harness.batch_program(pending), timeout, env)
        printed = run.outputs()
        what = trouble(run)
        if what is None:
            outputs.update(printed)
            break
        culprit = run.last_started()
        if culprit is None:
            culprit = pending[0][0]
        ran = [case for case in pending if case[0] <= culprit]
        outputs.update((n, text) for n, text in printed.items() if n < culprit)
        events.append(Event(culprit, run, what, ran[:-1]))
        pending = [case for case in pending if case[0] > culprit]
    return outputs, events


class Fuzzer:
    def __init__(self, options):
        self.options = options
        self.kinds = options.kinds
        self.krait = options.krait
        self.out = pathlib.Path(options.out)
        self.lock = threading.Lock()
        self.stats = collections.defaultdict(collections.Counter)  # kind -> counter
        self.findings = []
        self.per_signature = collections.Counter()
        self.duplicates = collections.defaultdict(list)
        self.diffs = []  # (kind, number, krait output, python output)
        self.unconfirmed = []
        self.stubs = tempfile.TemporaryDirectory(prefix="fuzz-stubs-")
        self.oracle_env, self.hidden = harness.oracle_environment(self.krait, self.stubs.name)

    def run_oracle(self, program, timeout):
        return harness.run_program(PYTHON, program, timeout, self.oracle_env)

    # -- one batch -----------------------------------------------------------

    def run_batch(self, numbers):
        cases = []
        kinds = {}
        for number in numbers:
            kinds[number], source = case_source(self.options.seed, number, self.kinds)
            cases.append((number, source))
        timeout = self.options.timeout
        krait_out, krait_events = run_cases(self.krait, cases, timeout)
        python_out, python_events = run_cases(PYTHON, cases, timeout, self.oracle_env)
        python_trouble = {event.number: event for event in python_events}
        with self.lock:
            for number in numbers:
                stats = self.stats[kinds[number]]
                stats["cases"] += 1
                if python_out.get(number, "").startswith("!! rejected"):
                    stats["rejected by python3.11"] += 1
                if number in krait_out and number in python_out and krait_out[number] != python_out[number]:
                    stats["output differences"] += 1
                    self.diffs.append((kinds[number], number, krait_out[number][:3000], python_out[number][:3000]))
            for event in python_events:
                self.stats[kinds[event.number]]["python3.11 troubles"] += 1
        for event in krait_events:
            source = dict(cases)[event.number]
            both = python_trouble.get(event.number)
            if both is not None and (both.what == "hang") == (event.what == "hang"):
                with self.lock:
                    self.stats[kinds[event.number]]["troubles shared with python3.11"] += 1
                continue
            self.investigate(kinds[event.number], event, source, dict(cases))

    # -- a Krait crash or hang -------------------------------------------------

    def investigate(self, kind, event, source, sources):
        """Find what reproduces the event, shrink it and write it out."""
        number, what = event.number, event.what
        key = f"{kind}: {what}" if what.startswith("signal") or what == "hang" else what
        with self.lock:
            if self.per_signature[key] >= self.options.max_per_signature:
                self.duplicates[key].append(number)
                self.count(kind, what)
                return
            self.per_signature[key] += 1
        seconds = self.options.shrink_seconds
        if what == "hang":
            fails = self.hangs_alone
        elif what.startswith("early exit"):
            fails = None
        else:
            fails = self.crashes_alone
        alone = harness.standalone_program(source)
        confirmed = fails is not None and fails(alone)
        if not confirmed and self.python_troubled(alone):
            with self.lock:
                self.stats[kind]["troubles shared with python3.11"] += 1
                self.per_signature[key] -= 1
            return
        if confirmed:
            reproducer = shrink.shrink_text(alone, fails, seconds)
            how = "alone"
        else:
            context = [(n, sources[n]) for n, _ in event.context] + [(number, source)]
            if not self.batch_fails(context):
                with self.lock:
                    self.unconfirmed.append((kind, number, what))
                    self.per_signature[key] -= 1
                return
            context = shrink.shrink_list(context, self.batch_fails, seconds)
            if len(context) == 1:  # the case alone, but only inside the driver: shrink its text there
                only, text = context[0]
                context = [(only, shrink.shrink_text(text, lambda t: self.batch_fails([(only, t)]), seconds))]
            reproducer = harness.batch_program(context)
            how = f"after cases {[n for n, _ in context[:-1]]}" if len(context) > 1 else "in the batch driver"
        final = harness.run_program(self.krait, reproducer, self.options.timeout)
        oracle = self.run_oracle(reproducer, self.options.timeout)
        what_now = trouble(final, batch=not confirmed) or what
        path = self.write_finding(kind, number, what_now, reproducer, final, oracle, how)
        with self.lock:
            self.findings.append(Finding(what_now, kind, number, path))
            self.count(kind, what)

    def count(self, kind, what):
        self.stats[kind]["hangs" if what == "hang" else "crashes"] += 1

    def crashes_alone(self, program):
        """Krait crashes on the program and python3.11 runs it without crashing."""
        krait = harness.run_program(self.krait, program, self.options.timeout)
        if not harness.crash_signature(krait):
            return False
        python = self.run_oracle(program, self.options.timeout)
        return not python.timed_out and harness.crash_signature(python) is None

    def hangs_alone(self, program):
        """Krait exceeds the time limit where python3.11 needs under a third of it."""
        limit = min(self.options.timeout, 3)  # short: shrinking runs this often
        krait = harness.run_program(self.krait, program, limit)
        if not krait.timed_out:
            return False
        python = self.run_oracle(program, limit)
        return not python.timed_out and python.seconds < limit / 3 and harness.crash_signature(python) is None

    def python_troubled(self, program):
        """python3.11 crashes on the program or needs a third of the time limit."""
        python = self.run_oracle(program, self.options.timeout)
        return python.timed_out or python.seconds > self.options.timeout / 3 or bool(harness.crash_signature(python))

    def batch_fails(self, cases):
        """Krait runs into trouble on the batch and python3.11 finishes it."""
        if not cases:
            return False
        program = harness.batch_program(cases)
        krait = harness.run_program(self.krait, program, self.options.timeout)
        if trouble(krait) is None:
            return False
        python = self.run_oracle(program, self.options.timeout)
        return python.finished() and python.seconds < self.options.timeout / 3

    # -- output ----------------------------------------------------------------

    def write_finding(self, kind, number, what, program, run, oracle, how):
        self.out.mkdir(parents=True, exist_ok=True)
        name = f"crash-{harness.short_kind(what)}-{self.options.seed}-{number}.py"
        stderr = [line for line in run.stderr.splitlines() if line.strip()][:12]
        header = [
            f"# Krait {'hang' if what == 'hang' else 'crash'} found by scripts/fuzz "
            f"(--seed {self.options.seed}, case {number}, generator {kind}), reproduced {how}.",
            f"# What happened: {what} (exit status {run.returncode} after {run.seconds:.1f}s"
            f"{', killed at the time limit' if run.timed_out else ''}).",
            f"# python3.11 does not crash: exit status {oracle.returncode} after {oracle.seconds:.1f}s.",
            *(["# (Shrunk while Krait needed over 3s where python3.11 needed under 1s.)"] if what == "hang" else []),
            f"# Run: target/release/krait {name}",
            "# First lines of Krait's stderr:",
        ] + [f"#   {line[:200]}" for line in stderr] + [""]
        path = self.out / name
        path.write_text("\n".join(header) + "\n" + program, encoding="utf-8", errors="surrogatepass")
        return path

    def write_diffs(self):
        """Up to DIFF_SAMPLES differing cases, spread over the kinds, smallest first."""
        by_kind = collections.defaultdict(list)
        for kind, number, krait, python in sorted(self.diffs, key=lambda d: d[1]):
            if len(by_kind[kind]) < 200:
                source = case_source(self.options.seed, number, self.kinds)[1]
                by_kind[kind].append((len(source), number, source, krait, python))
        chosen = []
        queues = [sorted(entries) for _, entries in sorted(by_kind.items())]
        while len(chosen) < DIFF_SAMPLES and any(queues):
            for queue in queues:
                if queue and len(chosen) < DIFF_SAMPLES:
                    chosen.append(queue.pop(0))
        if chosen:
            self.out.mkdir(parents=True, exist_ok=True)
        for _, number, source, krait, python in chosen:
            program = harness.standalone_program(source)
            if self.options.shrink_diffs:
                program = shrink.shrink_text(program, self.differs_alone, 60)
                krait = harness.run_program(self.krait, program, self.options.timeout).stdout
                python = self.run_oracle(program, self.options.timeout).stdout
            header = [f"# Output difference found by scripts/fuzz (--seed {self.options.seed}, case {number})."]
            header += ["# Krait printed:"] + [f"#   {line[:200]}" for line in krait.splitlines()[:40]]
            header += ["# python3.11 printed:"] + [f"#   {line[:200]}" for line in python.splitlines()[:40]]
            path = self.out / f"diff-{self.options.seed}-{number}.py"
            path.write_text("\n".join(header) + "\n\n" + program, encoding="utf-8", errors="surrogatepass")

    def differs_alone(self, program):
        krait = harness.run_program(self.krait, program, self.options.timeout)
        python = self.run_oracle(program, self.options.timeout)
        return (trouble(krait, batch=False) is None and trouble(python, batch=False) is None
                and krait.stdout != python.stdout)

    def summary(self, seconds):
        total = collections.Counter()
        columns = ["cases", "rejected by python3.11", "output differences", "crashes", "hangs",
                   "python3.11 troubles", "troubles shared with python3.11"]
        print(f"{'kind':<10}" + "".join(f"{c:>12}" for c in ["cases", "rejected", "differences",
                                                                 "crashes", "hangs", "py-trouble", "shared"]))
        for kind in self.kinds:
            stats = self.stats[kind]
            total.update(stats)
            print(f"{kind:<10}" + "".join(f"{stats[c]:>12}" for c in columns))
        print(f"{'all':<10}" + "".join(f"{total[c]:>12}" for c in columns))
        if self.hidden:
            print(f"python3.11 ran without {', '.join(self.hidden)} (Krait runs the pure-Python fallback)")
        print(f"seconds: {seconds:.0f} ({total['cases'] / max(seconds, 1e-9):.0f} cases/s)")
        for finding in sorted(self.findings, key=lambda f: f.number):
            print(f"found: {finding.path} ({finding.kind}: {finding.what})")
        for key, numbers in sorted(self.duplicates.items()):
            print(f"more of {key}: cases {numbers[:20]}{' ...' if len(numbers) > 20 else ''}")
        for kind, number, what in self.unconfirmed:
            print(f"not reproduced: case {number} ({kind}: {what})")
        print(f"fuzz: {total['cases']} cases, {total['crashes']} crashes, {total['hangs']} hangs")
        return total["crashes"] + total["hangs"]


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--first", type=int, default=0, help="number of the first case")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--kinds", default=",".join(GENERATORS),
                        help=f"comma-separated, from: {', '.join(GENERATORS)}")
    parser.add_argument("--krait", default=str(ROOT / "target/release/krait"))
    parser.add_argument("--out", default="/work/fuzz-findings")
    parser.add_argument("--batch", type=int, default=100, help="cases per process")
    parser.add_argument("--timeout", type=float, default=10, help="seconds per batch")
    parser.add_argument("--max-per-signature", type=int, default=3,
                        help="crashes of one kind shrunk and written; more are only counted")
    parser.add_argument("--shrink-seconds", type=float, default=300, help="per finding")
    parser.add_argument("--shrink-diffs", action="store_true", help="shrink the sampled differences too")
    options = parser.parse_args()
    options.kinds = [k.strip() for k in options.kinds.split(",") if k.strip()]
    unknown = [k for k in options.kinds if k not in GENERATORS]
    if unknown:
        parser.error(f"unknown kinds: {', '.join(unknown)}")
    options.krait = os.path.abspath(options.krait)
    return options


def main():
    options = parse_arguments()
    fuzzer = Fuzzer(options)
    numbers = range(options.first, options.first + options.cases)
    batches = [numbers[i:i + options.batch] for i in range(0, len(numbers), options.batch)]
    started = time.monotonic()
    last_report = started
    with concurrent.futures.ThreadPoolExecutor(max_workers=options.jobs) as pool:
        futures = [pool.submit(fuzzer.run_batch, list(batch)) for batch in batches]
        for done, future in enumerate(concurrent.futures.as_completed(futures), 1):
            future.result()
            if time.monotonic() - last_report > 30 or done == len(futures):
                last_report = time.monotonic()
                with fuzzer.lock:
                    cases = sum(s["cases"] for s in fuzzer.stats.values())
                    found = len(fuzzer.findings)
                print(f"... {cases} cases, {found} findings, {last_report - started:.0f}s",
                      file=sys.stderr, flush=True)
    fuzzer.write_diffs()
    troubles = fuzzer.summary(time.monotonic() - started)
    return 1 if troubles else 0


if __name__ == "__main__":
    sys.exit(main())
