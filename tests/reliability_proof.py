"""A pytest plugin: every row of the reliability table (docs/reliability.md) is proved by a test that passed.

A test declares the rows it proves with ``@pytest.mark.reliability_row("render-500", ...)`` (or the same
mark on a ``pytest.param``). At the end of a run:

* a row that some selected test declares, but none of those tests passed (failed, skipped, or not run),
  fails the run with a sentence naming the row;
* in a run that collected the whole suite (every test file under the suite's folder, nothing deselected),
  a row that no test declares fails the run too.

A run of a few tests therefore answers only for the rows those tests declare. A mark that names no row of
the table is an error at collection time. tests/conftest.py registers the plugin with the table's rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

import pytest

MARKER = "reliability_row"


class ReliabilityRows:
    def __init__(self, rows: Iterable[str], suite: Path) -> None:
        self.rows = list(rows)
        self.suite = suite
        self.declared: dict[str, list[str]] = {}  # row -> node ids of the selected tests that declare it
        self.outcomes: dict[str, str] = {}  # node id -> "passed" | "failed" | "skipped"
        self.collected_files: set[Path] = set()  # every file collected, with or without tests in it
        self.deselected = False
        self.problems: list[str] = []
        self._root = Path.cwd()

    # ---- collection ----------------------------------------------------------------------------------
    def pytest_sessionstart(self, session: pytest.Session) -> None:
        self._root = session.config.rootpath

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if report.passed and report.nodeid and "::" not in report.nodeid:
            self.collected_files.add((self._root / report.nodeid).resolve())

    def pytest_deselected(self, items: Sequence[pytest.Item]) -> None:
        if items:
            self.deselected = True

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        known = set(self.rows)
        for item in session.items:
            for mark in item.iter_markers(MARKER):
                if not mark.args:
                    raise pytest.UsageError(f"{item.nodeid}: @pytest.mark.{MARKER} names no row.")
                for row in mark.args:
                    if row not in known:
                        raise pytest.UsageError(
                            f"{item.nodeid} declares reliability row “{row}”, which is not in the table "
                            "(tests/robustness/reliability_rows.py)."
                        )
                    self.declared.setdefault(row, []).append(item.nodeid)

    # ---- running -------------------------------------------------------------------------------------
    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.failed:
            self.outcomes[report.nodeid] = "failed"  # in any phase: a failed teardown proves nothing either
        elif report.skipped:
            self.outcomes.setdefault(report.nodeid, "skipped")
        elif report.when == "call" and report.passed:
            self.outcomes.setdefault(report.nodeid, "passed")

    # ---- verdict -------------------------------------------------------------------------------------
    def _whole_suite(self) -> bool:
        files = {path.resolve() for path in self.suite.rglob("test_*.py")}
        return not self.deselected and files <= self.collected_files

    def _unproved(self) -> list[str]:
        sentences = []
        whole = self._whole_suite()
        for row in self.rows:
            tests = self.declared.get(row, [])
            if not tests:
                if whole:
                    sentences.append(
                        f"Reliability row “{row}” is proved by no test: mark the test that proves it with "
                        f'@pytest.mark.{MARKER}("{row}").'
                    )
                continue
            if any(self.outcomes.get(test) == "passed" for test in tests):
                continue
            how = ", ".join(f"{test} {self.outcomes.get(test, 'did not run')}" for test in tests)
            sentences.append(f"Reliability row “{row}” was not proved: none of its tests passed ({how}).")
        return sentences

    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        if exitstatus not in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED):
            return  # interrupted, a usage or internal error, or nothing collected: nothing to answer for
        if session.config.option.collectonly or session.config.option.setuponly or session.config.option.setupplan:
            return  # nothing was meant to run
        self.problems = self._unproved()
        if self.problems and session.exitstatus == pytest.ExitCode.OK:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED

    def pytest_terminal_summary(self, terminalreporter: pytest.TerminalReporter) -> None:
        if not self.problems:
            return
        terminalreporter.section("reliability rows not proved", sep="=", red=True, bold=True)
        for sentence in self.problems:
            terminalreporter.write_line(sentence, red=True)
