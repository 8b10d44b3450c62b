"""Runs one module of CPython's test package with unittest and writes what happened
to a JSON file: the ids of the tests that passed, and the counts of failures,
errors and skips. Both interpreters run this same file:

    INTERPRETER conformance_runner.py test_bisect OUT.json

While the tests run, OUT.json.progress gets a line per test as it starts
("start ID") and as it passes ("pass ID"), so a run that hangs or crashes
still shows what passed before and which test it stopped in.
"""
import json
import sys
import unittest


def main():
    name, out = sys.argv[1], sys.argv[2]
    from test import support
    support.use_resources = []  # no network, no long-running "cpu" tests
    passed = []
    progress = open(out + ".progress", "w")

    class Result(unittest.TestResult):
        def startTest(self, test):
            super().startTest(test)
            progress.write(f"start {test.id()}\n")
            progress.flush()

        def addSuccess(self, test):
            super().addSuccess(test)
            passed.append(test.id())
            progress.write(f"pass {test.id()}\n")
            progress.flush()

    loader = unittest.TestLoader()
    suite = loader.loadTestsFromName("test." + name)
    result = Result()
    suite.run(result)
    record = {
        "passed": passed,
        "failures": len(result.failures),
        "errors": len(result.errors),
        "skipped": len(result.skipped),
        "expected_failures": len(result.expectedFailures),
        "run": result.testsRun,
        "first_problem": first_problem(result),
    }
    with open(out, "w") as f:
        json.dump(record, f)


def first_problem(result):
    """The last line of the first failure or error, to show what goes wrong."""
    for _, text in result.errors + result.failures:
        lines = [line for line in text.strip().splitlines() if line.strip()]
        if lines:
            return lines[-1][:160]
    return ""


main()
