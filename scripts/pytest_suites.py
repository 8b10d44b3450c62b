"""Driver of scripts/pytest-suites: pytest and the test suites of three pure-Python
packages, downloaded with python3.11's pip into a cache folder, run under python3.11
and under Krait. Prints each suite's counts from pytest's summary line for both, and
`pytest suites: P/T` (T: tests that pass under python3.11, P: those that also pass
under Krait).

The cache folder is $KRAIT_PYTEST_CACHE, or ~/.cache/krait-pytest-suites; it holds
  site/     pytest and its dependencies (`pip install --target`)
  sdist/    the packages' source distributions, which carry their tests
  src/      those unpacked; each suite runs there, as its authors run it
  logs/     each run's output, per package and interpreter
Everything is downloaded once; a later run reuses it."""
import argparse
import os
import pathlib
import re
import shutil
import signal
import subprocess
import sys
import tarfile
import time

PYTHON = "/usr/bin/python3.11"

# pytest and its dependencies, pinned so every run tests the same code.
PYTEST = ["pytest==9.2.0", "pluggy==1.7.0", "iniconfig==2.3.1", "packaging==26.4",
          "pygments==2.21.0"]

# (name, version, pytest arguments): pure-Python packages whose source distributions
# hold their test suites, each run with its own configuration.
SUITES = [
    ("more-itertools", "10.5.0", []),
    ("six", "1.17.0", []),
    ("toolz", "1.2.0", []),
]

PLUGIN = pathlib.Path(__file__).resolve().parent / "pytest_suites_plugin.py"
COUNTS = ("passed", "failed", "errors", "skipped")
SUMMARY_WORDS = {"passed": "passed", "failed": "failed", "error": "errors",
                 "errors": "errors", "skipped": "skipped", "xfailed": "skipped",
                 "xpassed": "passed"}


def pip(*args):
    env = dict(os.environ, PIP_ROOT_USER_ACTION="ignore")
    subprocess.run([PYTHON, "-m", "pip", "--disable-pip-version-check", "--quiet", *args],
                   check=True, stdout=subprocess.DEVNULL, env=env)


def install_pytest(cache):
    """pytest into cache/site, once: a `.pins` file written last marks it complete."""
    site = cache / "site"
    pins = site / ".pins"
    wanted = "\n".join(PYTEST) + "\n"
    if pins.exists() and pins.read_text() == wanted:
        return site
    shutil.rmtree(site, ignore_errors=True)
    print(f"installing {' '.join(PYTEST)} into {site}", file=sys.stderr)
    pip("install", "--no-deps", "--only-binary", ":all:", "--target", str(site), *PYTEST)
    pins.write_text(wanted)
    return site


def unpack_suite(cache, name, version):
    """The package's source distribution, downloaded and unpacked under cache/src once."""
    src = cache / "src" / f"{name}-{version}"
    if (src / ".unpacked").exists():
        return src
    sdist = cache / "sdist"
    sdist.mkdir(parents=True, exist_ok=True)
    archives = list(sdist.glob(f"{name.replace('-', '[-_]')}-{version}.tar.gz"))
    if not archives:
        print(f"downloading {name}=={version}", file=sys.stderr)
        pip("download", "--no-deps", "--no-binary", ":all:", "--dest", str(sdist),
            f"{name}=={version}")
        archives = list(sdist.glob(f"{name.replace('-', '[-_]')}-{version}.tar.gz"))
    if len(archives) != 1:
        sys.exit(f"{name}=={version}: no single source distribution in {sdist}")
    shutil.rmtree(src, ignore_errors=True)
    src.mkdir(parents=True)
    with tarfile.open(archives[0]) as tar:
        members = []
        for member in tar.getmembers():
            parts = pathlib.PurePosixPath(member.name).parts
            if len(parts) < 2 or ".." in parts or not (member.isfile() or member.isdir()):
                continue
            member.name = str(pathlib.PurePosixPath(*parts[1:]))
            members.append(member)
        tar.extractall(src, members=members)
    (src / ".unpacked").write_text("")
    return src


def run_suite(interpreter, label, src, site, cache, name, args, timeout):
    """One suite under one interpreter, in a fresh process group with a time limit."""
    logs = cache / "logs"
    logs.mkdir(exist_ok=True)
    plugin_dir = cache / "plugin"
    plugin_dir.mkdir(exist_ok=True)
    shutil.copyfile(PLUGIN, plugin_dir / PLUGIN.name)
    outcomes = logs / f"{name}.{label}.outcomes"
    outcomes.unlink(missing_ok=True)
    env = dict(os.environ, PYTHONPATH=f"{site}{os.pathsep}{plugin_dir}",
               KRAIT_SUITE_OUTCOMES=str(outcomes), LC_ALL="C.UTF-8", PYTHONHASHSEED="0")
    env.pop("PYTHONHOME", None)
    command = [interpreter, "-m", "pytest", "-p", PLUGIN.stem, "-p", "no:cacheprovider",
               "-rfE", "--color=no", *args]
    start = time.monotonic()
    with open(logs / f"{name}.{label}.log", "wb") as log:
        proc = subprocess.Popen(command, cwd=src, env=env, stdin=subprocess.DEVNULL,
                                stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            proc.wait(timeout=timeout)
            status = "ok" if proc.returncode in (0, 1) else f"exit {proc.returncode}"
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            status = f"timed out after {timeout}s"
    seconds = time.monotonic() - start
    text = (logs / f"{name}.{label}.log").read_text(encoding="utf-8", errors="replace")
    tests = read_outcomes(outcomes)
    counts = summary_counts(text)
    if counts is None:
        counts = {key: sum(1 for value in tests.values() if value == key) for key in COUNTS}
        if status == "ok":
            status = "no summary line"
    return {"status": status, "seconds": seconds, "counts": counts, "tests": tests}


def summary_counts(text):
    """The counts of pytest's last summary line (`3 failed, 10 passed, 2 subtests
    passed in 1.20s`), subtests left out, or None when there is none."""
    for line in reversed(text.splitlines()):
        line = line.strip("= ")
        if not re.search(r" in [\d.]+s( \([\d:]+\))?$", line):
            continue
        counts = dict.fromkeys(COUNTS, 0)
        for number, subtests, word in re.findall(r"(\d+) (subtests )?(\w+)", line):
            if not subtests and word in SUMMARY_WORDS:
                counts[SUMMARY_WORDS[word]] += int(number)
        return counts
    return None


def read_outcomes(path):
    """Each test's outcome from the plugin's records: an error in setup or teardown
    makes an error, a failed call a failure; xfail marks count as skipped."""
    tests = {}
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except FileNotFoundError:
        return tests
    for line in lines:
        when, outcome, xfail, nodeid = line.split("\t", 3)
        previous = tests.get(nodeid)
        if outcome == "failed":
            value = "failed" if when == "call" else "errors"
        elif outcome == "skipped" or xfail == "1":
            value = "skipped"
        else:
            value = "passed"
        if previous in (None, "passed") or (previous == "skipped" and value != "passed"):
            tests[nodeid] = value
    return tests


def counts_text(result):
    text = "/".join(str(result["counts"][key]) for key in COUNTS)
    return text if result["status"] == "ok" else f"{text} ({result['status']})"


def write_table(path, rows, passed, total, krait):
    lines = [
        "# pytest suites",
        "",
        "Generated by `scripts/pytest-suites --write docs/pytest-suites.md`: the test suites",
        "of three pure-Python packages, taken from their source distributions, run with",
        f"pytest ({', '.join(PYTEST)}) under python3.11 and under Krait",
        f"(`{krait}`). Counts are pytest's own (passed/failed/errors/skipped; subtests",
        "not counted); the last column counts the tests passing under python3.11 that",
        "also pass under Krait.",
        "",
        "| package | version | python3.11 | Krait | passing under both |",
        "| --- | --- | --- | --- | --- |",
    ]
    for name, version, oracle, result, both, oracle_passed in rows:
        lines.append(f"| {name} | {version} | {counts_text(oracle)} | {counts_text(result)} "
                     f"| {both}/{oracle_passed} |")
    percent = 100.0 * passed / total if total else 0.0
    lines += ["", f"pytest suites: {passed}/{total} ({percent:.1f}%)", ""]
    failing = [(name, test) for name, _, oracle, result, _, _ in rows
               for test, value in sorted(oracle["tests"].items())
               if value == "passed" and result["tests"].get(test) != "passed"]
    if failing:
        lines += ["## Passing under python3.11, not under Krait", ""]
        lines += [f"- {name}: `{test}`" for name, test in failing]
        lines.append("")
    pathlib.Path(path).write_text("\n".join(lines))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--krait", default="target/release/krait")
    parser.add_argument("--timeout", type=int, default=600,
                        help="seconds each suite may run under each interpreter")
    parser.add_argument("--write", metavar="FILE", help="write a Markdown table")
    parser.add_argument("--failures", action="store_true",
                        help="list the tests that pass under python3.11 only")
    parser.add_argument("packages", nargs="*", help="run only these packages")
    options = parser.parse_args()
    krait = os.path.abspath(options.krait)
    cache = pathlib.Path(os.environ.get("KRAIT_PYTEST_CACHE")
                         or pathlib.Path.home() / ".cache" / "krait-pytest-suites")
    cache.mkdir(parents=True, exist_ok=True)
    suites = [suite for suite in SUITES if not options.packages or suite[0] in options.packages]
    if not suites:
        sys.exit(f"no such package; the suites are {', '.join(s[0] for s in SUITES)}")
    site = install_pytest(cache)
    rows = []
    print(f"{'package':<16} {'version':<8} {'python3.11 p/f/e/s':<24} {'krait p/f/e/s':<24} both")
    for name, version, args in suites:
        src = unpack_suite(cache, name, version)
        oracle = run_suite(PYTHON, "python3.11", src, site, cache, name, args, options.timeout)
        result = run_suite(krait, "krait", src, site, cache, name, args, options.timeout)
        oracle_passed = [t for t, v in oracle["tests"].items() if v == "passed"]
        both = sum(1 for t in oracle_passed if result["tests"].get(t) == "passed")
        rows.append((name, version, oracle, result, both, len(oracle_passed)))
        print(f"{name:<16} {version:<8} {counts_text(oracle):<24} {counts_text(result):<24} "
              f"{both}/{len(oracle_passed)}  ({oracle['seconds']:.1f}s, {result['seconds']:.1f}s)",
              flush=True)
        if options.failures:
            for test in sorted(oracle_passed):
                if result["tests"].get(test) != "passed":
                    print(f"    {result['tests'].get(test, 'not run')}: {test}")
    passed = sum(row[4] for row in rows)
    total = sum(row[5] for row in rows)
    print(f"logs: {cache / 'logs'}")
    print(f"pytest suites: {passed}/{total}")
    if options.write:
        write_table(options.write, rows, passed, total, options.krait)


if __name__ == "__main__":
    main()
