"""docs/reliability.md is generated from reliability_rows.py, and a run fails when a row is not proved.

Each row's tests declare it with ``@pytest.mark.reliability_row(...)``; tests/reliability_proof.py (registered
by tests/conftest.py) fails the run when a row has no test that passed. The tests below run a small suite
through that plugin to show what it does.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from .reliability_rows import render_markdown

ROOT = Path(__file__).parents[2]
DOC = ROOT / "docs" / "reliability.md"


def test_the_document_is_up_to_date() -> None:
    actual = DOC.read_text("utf-8") if DOC.exists() else ""
    assert actual == render_markdown(), (
        "docs/reliability.md is out of date: run  python -m tests.robustness.reliability_rows > docs/reliability.md"
    )


SUITE = {
    "conftest.py": """
        from pathlib import Path
        from tests.reliability_proof import ReliabilityRows

        def pytest_configure(config):
            rows = ["proved", "only-skipped", "not-marked"]
            config.pluginmanager.register(ReliabilityRows(rows, Path(__file__).parent), "reliability-rows")
    """,
    "test_rows.py": """
        import pytest

        @pytest.mark.reliability_row("proved")
        def test_proves_a_row():
            pass

        @pytest.mark.reliability_row("proved", "only-skipped")
        def test_fails_but_the_row_has_another_test():
            assert False

        @pytest.mark.reliability_row("only-skipped")
        def test_is_skipped():
            pytest.skip("no keyring here")

        def test_proves_nothing():
            pass
    """,
}


@pytest.fixture
def suite(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")  # the small suite needs no Qt, no hypothesis
    pytester.syspathinsert(ROOT)  # for tests.reliability_proof
    pytester.makeini("[pytest]\nmarkers =\n    reliability_row(*ids): rows\n")
    for name, text in SUITE.items():
        pytester.path.joinpath(name).write_text(textwrap.dedent(text), "utf-8")
    return pytester


def test_a_whole_run_fails_naming_each_row_without_a_passing_test(suite: pytest.Pytester) -> None:
    result = suite.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=2, failed=1, skipped=1)
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(
        [
            "*reliability rows not proved*",
            "Reliability row “only-skipped” was not proved: none of its tests passed (*test_is_skipped skipped*",
            "Reliability row “not-marked” is proved by no test: mark the test that proves it with*",
        ]
    )
    result.stdout.no_fnmatch_line("Reliability row “proved”*")


def test_rows_fail_the_run_even_when_every_test_passed(suite: pytest.Pytester) -> None:
    result = suite.runpytest(
        "-p", "no:cacheprovider", "--deselect", "test_rows.py::test_fails_but_the_row_has_another_test"
    )
    result.assert_outcomes(passed=2, skipped=1, deselected=1)
    assert result.ret == pytest.ExitCode.TESTS_FAILED  # nothing failed, yet a selected row was not proved
    result.stdout.fnmatch_lines(["Reliability row “only-skipped” was not proved*"])
    # Part of the suite was deselected: a row no selected test declares is not this run's to prove.
    result.stdout.no_fnmatch_line("Reliability row “not-marked”*")


def test_a_run_of_some_tests_answers_only_for_their_rows(suite: pytest.Pytester) -> None:
    result = suite.runpytest("-p", "no:cacheprovider", "-k", "proves_a_row or proves_nothing")
    result.assert_outcomes(passed=2)
    assert result.ret == pytest.ExitCode.OK
    result.stdout.no_fnmatch_line("*reliability rows not proved*")


def test_a_mark_that_names_no_row_stops_the_run(suite: pytest.Pytester) -> None:
    suite.makepyfile(
        test_typo="""
        import pytest

        @pytest.mark.reliability_row("provd")
        def test_typo():
            pass
        """
    )
    result = suite.runpytest("-p", "no:cacheprovider")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*declares reliability row “provd”, which is not in the table*"])
