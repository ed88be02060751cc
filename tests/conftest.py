"""Test-wide isolation: no test sees the real home folder, a real API key, or the user's real keyring.

- Qt renders offscreen (set here, before any test module imports PySide6).
- Every test gets a fresh ``PICTORY_DESKTOP_HOME`` and no ``PICTORY_API_KEY``.
- A test that hangs (a deadlock in Qt's threads, say) ends the run after ``HANG_LIMIT_SECONDS`` with every
  thread's stack, instead of running until CI's time limit kills it with no trace (``hang_limit`` marker).
- By default the keyring is keyring's "fail" backend, in this process and in subprocesses
  (``PYTHON_KEYRING_BACKEND``), so code under test sees "no keyring" unless a test asks for more:
  ``memory_keyring`` installs an in-memory backend; ``@pytest.mark.keyring`` (or the ``real_keyring``
  fixture) uses the real Secret Service. Where none can be reached, those tests skip with the reason,
  except under ``CI=true`` or ``PICTORY_REQUIRE_REAL_KEYRING=1``, where they fail: CI must prove the real
  path works, not quietly skip it.
"""

from __future__ import annotations

import faulthandler
import os
import sys
import uuid
from collections.abc import Generator, Iterator
from pathlib import Path

# Before anything imports Qt. PICTORY_TEST_QT_PLATFORM lets a developer watch windows on purpose.
os.environ["QT_QPA_PLATFORM"] = os.environ.get("PICTORY_TEST_QT_PLATFORM", "offscreen")

import keyring  # noqa: E402
import pytest  # noqa: E402
from jaraco.classes.properties import classproperty
from keyring.backend import KeyringBackend  # noqa: E402
from keyring.backends import fail  # noqa: E402
from keyring.errors import PasswordDeleteError  # noqa: E402

pytest_plugins = ("pytester",)  # tests/robustness/test_reliability_doc.py runs a small suite of its own

HANG_LIMIT_SECONDS = 300  # far above any test's time; one that needs longer says so: @pytest.mark.hang_limit(s)

FAIL_BACKEND = "keyring.backends.fail.Keyring"
SECRET_SERVICE_BACKEND = "keyring.backends.SecretService.Keyring"


_terminal_stderr = pytest.StashKey[int]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Generator[None, object, object]:
    """Arm a watchdog over the test's setup, call and teardown. It is faulthandler's C thread, not a Python
    one: a deadlock inside Qt holds Python's GIL, so no Python thread (pytest-timeout's included) could ever
    run to report it. On firing it prints every thread's stack and ends the process with an error."""
    marker = item.get_closest_marker("hang_limit")
    seconds = float(marker.args[0]) if marker else HANG_LIMIT_SECONDS
    faulthandler.dump_traceback_later(seconds, exit=True, file=item.config.stash[_terminal_stderr])
    try:
        return (yield)
    finally:
        faulthandler.cancel_dump_traceback_later()


def real_keyring_required() -> bool:
    return os.environ.get("CI", "").lower() == "true" or os.environ.get("PICTORY_REQUIRE_REAL_KEYRING", "") == "1"


class MemoryKeyring(KeyringBackend):
    """A keyring that forgets everything when the test ends: the stand-in for unit tests."""

    @classproperty
    def priority(cls) -> float:  # keyring declares it a class property
        return 1

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        try:
            del self.entries[(service, username)]
        except KeyError:
            raise PasswordDeleteError("not found") from None


def pytest_configure(config: pytest.Config) -> None:
    # Every row of docs/reliability.md must be proved by a test that passed (tests/reliability_proof.py).
    from tests.reliability_proof import ReliabilityRows
    from tests.robustness.reliability_rows import ALL

    config.pluginmanager.register(ReliabilityRows([row.id for row in ALL], Path(__file__).parent), "reliability-rows")
    # Where a hang's stacks are written. Output capture is paused while plugins configure: this is the
    # terminal's stderr (or CI's log), not a test's captured output, which is lost when the process ends.
    config.stash[_terminal_stderr] = os.dup(sys.stderr.fileno())


def pytest_unconfigure(config: pytest.Config) -> None:
    if _terminal_stderr in config.stash:
        os.close(config.stash[_terminal_stderr])


@pytest.fixture(autouse=True)
def _isolated_environment(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    home = tmp_path_factory.mktemp("pictory-home")
    monkeypatch.setenv("PICTORY_DESKTOP_HOME", str(home))
    monkeypatch.delenv("PICTORY_API_KEY", raising=False)
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", FAIL_BACKEND)
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        yield home
    finally:
        keyring.set_keyring(previous)


@pytest.fixture(autouse=True)
def _keyring_marker(request: pytest.FixtureRequest, _isolated_environment: Path) -> None:
    """``@pytest.mark.keyring`` tests get the real keyring (or skip/fail) without naming the fixture."""
    if request.node.get_closest_marker("keyring") is not None:
        request.getfixturevalue("real_keyring")


@pytest.fixture
def pictory_home(_isolated_environment: Path) -> Path:
    """The per-test folder that PICTORY_DESKTOP_HOME points at."""
    return _isolated_environment


@pytest.fixture
def memory_keyring(_isolated_environment: Path) -> MemoryKeyring:
    backend = MemoryKeyring()
    # Restored by _isolated_environment, which ran first and tears down last.
    keyring.set_keyring(backend)
    return backend


def _probe_secret_service() -> tuple[KeyringBackend | None, str]:
    """Return a working Secret Service backend, or None and why not (one sentence)."""
    if not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        return None, "no D-Bus session bus (run the tests with ./scripts/test, which starts one)"
    try:
        from keyring.backends import SecretService

        backend = SecretService.Keyring()
        if backend.priority <= 0:  # the property raises when secretstorage or the service is missing
            return None, "the Secret Service backend is not usable here"
        # A full write/read/delete round trip: a locked collection or a prompt that cannot be shown
        # (no display) only fails here, not when the backend is constructed.
        service, value = f"pictory-desktop-probe-{uuid.uuid4().hex}", uuid.uuid4().hex
        backend.set_password(service, "probe", value)
        read_back = backend.get_password(service, "probe")
        backend.delete_password(service, "probe")
        if read_back != value:
            return None, "the Secret Service accepted a secret but returned something else"
    except Exception as exc:
        return None, f"the Secret Service did not work ({type(exc).__name__}: {exc})"
    return backend, ""


@pytest.fixture(scope="session")
def _secret_service() -> tuple[KeyringBackend | None, str]:
    return _probe_secret_service()


@pytest.fixture
def real_keyring(
    _isolated_environment: Path, _secret_service: tuple[KeyringBackend | None, str], monkeypatch: pytest.MonkeyPatch
) -> KeyringBackend:
    backend, reason = _secret_service
    if backend is None:
        message = f"No real keyring: {reason}."
        if real_keyring_required():
            pytest.fail(message + " CI=true or PICTORY_REQUIRE_REAL_KEYRING=1 requires it.", pytrace=False)
        pytest.skip(message)
    keyring.set_keyring(backend)
    # So subprocesses started by the test use the same Secret Service.
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", SECRET_SERVICE_BACKEND)
    return backend
