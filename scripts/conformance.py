"""Driver of scripts/conformance: runs each test module under python3.11 and Krait
(conformance_runner.py, a fresh process each, in parallel jobs) and compares which
tests pass."""
import argparse
import concurrent.futures
import json
import os
import subprocess
import sys
import tempfile
import time

MODULES = """
test_re test_json test_io test_fileio test_memoryio test_codecs test_struct
test_random test_math test_cmath test_unicodedata test_binascii test_zlib
test_hashlib test_array test_bisect test_heapq test_csv test_pickle test_marshal
test_importlib test_import test_site test_runpy test_zipimport test_ast test_dis
test_tokenize test_warnings test_signal test_subprocess test_os test_time
test_datetime test_decimal test_fractions test_statistics test_string
test_textwrap test_dataclasses test_enum test_typing test_collections
test_itertools test_functools test_operator test_contextlib test_copy
test_argparse test_logging test_pathlib test_tempfile test_shutil test_glob
test_fnmatch test_unittest test_doctest test_inspect test_base64 test_zipfile
test_tarfile test_calendar test_memoryview test_bytes test_weakref test_asyncgen
test_coroutines test_contextlib_async test_generators test_list test_tuple
test_dict test_set test_builtin test_types test_descr test_strptime test_locale
test__locale test_sys_settrace test_sys_setprofile test_bdb test_pdb test_trace
test_profile test_cprofile test_gc test_resource test_source_encoding
test_utf8source test_stat test_pwd test_grp test_posix test_exceptions
test_ordered_dict
test_grammar test_syntax test_exception_group test_except_star test_raise
test_traceback test_scope test_class test_super test_with test_patma test_unpack
test_unpack_ex test_keywordonlyarg test_positional_only_arg test_funcattrs
test_dynamicclassattribute test_property test_finalization test_code test_compile
test_int test_long test_float test_complex test_bool test_unicode test_format
test_fstring test_range test_slice test_sort test_iter test_enumerate
test_string_literals test_opcodes test_augassign test_binop test_richcmp
test_compare test_contains test_isinstance test_index test_genexps test_listcomps
test_setcomps test_dictcomps
""".split()

RUNNER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "conformance_runner.py")


def run(interpreter, module, timeout, tests):
    """One module under one interpreter: the runner's record, or a status."""
    with tempfile.TemporaryDirectory() as work:
        out = os.path.join(work, "result.json")
        env = dict(os.environ, PYTHONPYCACHEPREFIX=os.path.join(work, "pycache"))
        if tests:
            # CPython's `test` package from a source tree: a folder holding only
            # a link to it goes first on the path, for both interpreters.
            os.symlink(os.path.abspath(tests), os.path.join(work, "test"))
            # test_unittest runs the tests inside the unittest package, which an
            # installed Python may leave out: the source tree's goes first too.
            unittest_tests = os.path.join(os.path.dirname(os.path.abspath(tests)), "unittest")
            if os.path.isdir(os.path.join(unittest_tests, "test")):
                os.symlink(unittest_tests, os.path.join(work, "unittest"))
            env["PYTHONPATH"] = work
        start = time.monotonic()
        try:
            proc = subprocess.run([interpreter, RUNNER, module, out], cwd=work, env=env,
                                  stdin=subprocess.DEVNULL, capture_output=True,
                                  timeout=timeout)
        except subprocess.TimeoutExpired:
            return dict(progress(out), status="timed out", seconds=timeout)
        seconds = time.monotonic() - start
        if os.path.exists(out):
            with open(out) as f:
                record = json.load(f)
            record["status"] = "ok"
            record["seconds"] = seconds
            return record
        lines = proc.stderr.decode(errors="replace").strip().splitlines()
        reason = lines[-1][:160] if lines else ""
        status = "crashed" if proc.returncode < 0 else "did not run"
        record = progress(out)
        if record["passed"]:
            reason = f"{reason} ({record['reason']})"
        return dict(record, status=status, exit=proc.returncode, reason=reason,
                    seconds=seconds)


def progress(out):
    """What the runner's progress file shows of a run that did not finish: the tests
    that passed, and the test that was running when it stopped."""
    passed, current = [], ""
    try:
        with open(out + ".progress") as f:
            for line in f:
                kind, _, test = line.rstrip("\n").partition(" ")
                if kind == "pass":
                    passed.append(test)
                elif kind == "start":
                    current = test
    except FileNotFoundError:
        pass
    reason = f"in {current}, after {len(passed)} passed" if current else ""
    return {"passed": passed, "reason": reason}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--krait", required=True)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--timeout", type=int, default=600)
    parser.add_argument("--write", default=None)
    parser.add_argument("--tests", default=None,
                        help="CPython 3.11's Lib/test folder, instead of the installed one")
    parser.add_argument("modules", nargs="*")
    args = parser.parse_args()
    modules = args.modules or MODULES
    jobs = [(interp, m) for m in modules for interp in ("/usr/bin/python3.11", args.krait)]
    results = {}
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        futures = {pool.submit(run, interp, m, args.timeout, args.tests): (interp, m) for interp, m in jobs}
        for future in concurrent.futures.as_completed(futures):
            results[futures[future]] = future.result()
    rows = []
    total_reference = total_kept = 0
    for m in modules:
        ref = results[("/usr/bin/python3.11", m)]
        kr = results[(args.krait, m)]
        ref_passed = set(ref.get("passed", []))
        kr_passed = set(kr.get("passed", []))
        kept = len(ref_passed & kr_passed)
        total_reference += len(ref_passed)
        total_kept += kept
        rows.append((m, ref, kr, len(ref_passed), kept))
        print(f"{m:24} {kept:5}/{len(ref_passed):<5} {describe(kr)}", flush=True)
    if args.write and args.modules:
        # A run over some modules updates their rows and keeps the others'.
        earlier = read_table(args.write)
        ran = {m for m, *_ in rows}
        rows = [r for r in earlier if r[0] not in ran] + rows
        rows.sort(key=lambda r: order(r[0]))
        total_kept = sum(r[4] for r in rows)
        total_reference = sum(r[3] for r in rows)
    print(f"conformance: {total_kept}/{total_reference}")
    if args.write:
        write_table(args.write, rows, total_kept, total_reference, args.tests)


def order(module):
    """Rows keep the order of the module list; others go after it."""
    return MODULES.index(module) if module in MODULES else len(MODULES)


def read_table(path):
    """The rows of a table `write_table` wrote, as `write_table` takes them."""
    rows = []
    try:
        with open(path) as f:
            lines = f.read().splitlines()
    except FileNotFoundError:
        return rows
    for line in lines:
        if not line.startswith("| test"):
            continue
        cells = [c.strip() for c in line.strip("|").split(" | ")]
        module, kept, ref_count = cells[0], int(cells[1]), int(cells[2])
        status = cells[7].replace("\\|", "|")
        if cells[3]:
            kr = {"status": "ok", "run": cells[3], "failures": cells[4], "errors": cells[5],
                  "skipped": cells[6], "first_problem": "" if status == "ok" else status}
        else:
            kind, _, reason = status.partition(":")
            kr = {"status": kind, "reason": reason.strip()}
        rows.append((module, {}, kr, ref_count, kept))
    return rows


def describe(record):
    if record["status"] != "ok":
        return f"{record['status']}: {record.get('reason', '')}"
    text = (f"run {record['run']}, failed {record['failures']}, errors {record['errors']}, "
            f"skipped {record['skipped']}, {record['seconds']:.0f} s")
    return text


def write_table(path, rows, kept, reference, tests=None):
    source = ("CPython 3.11.2's `Lib/test` and `Lib/unittest`" if tests
              else "Debian's `libpython3.11-testsuite`")
    lines = [
        "# Conformance: CPython 3.11's test package under Krait",
        "",
        "Generated by `scripts/conformance`: each module of CPython's own test package",
        f"({source}) runs with unittest in a fresh process under",
        "python3.11 and under Krait. *Passing* counts the tests that pass under",
        "python3.11 and also under Krait.",
        "",
        f"**conformance: {kept}/{reference}** ({100 * kept / max(reference, 1):.1f}%)",
        "",
        "| module | passing | python3.11 | Krait run | failed | errors | skipped | Krait status |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for m, ref, kr, ref_count, kept_count in rows:
        if kr["status"] == "ok":
            status = kr.get("first_problem", "") or "ok"
            cells = [kr["run"], kr["failures"], kr["errors"], kr["skipped"]]
        else:
            status = f"{kr['status']}: {kr.get('reason', '')}"
            cells = ["", "", "", ""]
        status = status.replace("|", "\\|")
        lines.append(f"| {m} | {kept_count} | {ref_count} | "
                     + " | ".join(str(c) for c in cells) + f" | {status} |")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


main()
