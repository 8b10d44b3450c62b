"""pytest plugin loaded by scripts/pytest_suites.py (`-p pytest_suites_plugin`): writes
one line per test report (phase, outcome, xfail mark, node id) to the file named by
$KRAIT_SUITE_OUTCOMES as the test finishes, so a run stopped by the time limit still
tells which tests passed. Subtest reports are left out: they are counted by pytest's
summary, not as tests."""
import os

from _pytest.reports import TestReport

_path = os.environ.get("KRAIT_SUITE_OUTCOMES")
_out = open(_path, "a", encoding="utf-8") if _path else None


def pytest_runtest_logreport(report):
    if _out is None or type(report) is not TestReport:
        return
    xfail = 1 if hasattr(report, "wasxfail") else 0
    _out.write(f"{report.when}\t{report.outcome}\t{xfail}\t{report.nodeid}\n")
    _out.flush()
