"""The API key through the real OS keyring (Secret Service), end to end.

Run by ./scripts/test inside its own D-Bus session with a throwaway gnome-keyring. A unique service name
per test keeps a developer's real "pictory-desktop" entry safe even if these run against their keyring.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import uuid
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from keyring.backend import KeyringBackend

from pictory_desktop.store.jobs_db import JobRecord, JobStore
from pictory_desktop.store.keystore import USERNAME, KeyStore, StoredKey
from pictory_desktop.store.paths import AppPaths
from pictory_desktop.store.settings import Settings

pytestmark = pytest.mark.keyring

READ_WITH_KEYRING = "import keyring, sys; print(keyring.get_password(sys.argv[1], sys.argv[2]) or '<none>')"
READ_WITH_KEYSTORE = (
    "import sys; from pictory_desktop.store.keystore import KeyStore; "
    "stored = KeyStore(service=sys.argv[1]).load(); "
    "print('<none>' if stored is None else stored.source + ' ' + stored.value)"
)


def in_new_process(code: str, *args: str) -> str:
    # PYTHON_KEYRING_BACKEND (set by the real_keyring fixture) makes the child use the Secret Service too.
    result = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        timeout=60,
        env=os.environ.copy(),
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@pytest.fixture
def service(real_keyring: KeyringBackend) -> Iterator[str]:
    name = f"pictory-desktop-test-{uuid.uuid4().hex}"
    yield name
    try:  # leave nothing behind even when the test failed halfway
        real_keyring.delete_password(name, USERNAME)
    except Exception:  # noqa: BLE001 - usually "not found", which is the goal
        pass


def test_key_saved_in_the_secret_service_is_read_by_a_new_process_and_removed(
    real_keyring: KeyringBackend, service: str
) -> None:
    key = "pictai_" + secrets.token_hex(16)
    store = KeyStore(service=service)
    status = store.keyring_status()
    assert status.available, status.reason
    assert "SecretService" in status.backend_name

    assert store.save(key) == "keyring"
    assert store.load() == StoredKey(key, "keyring")

    # A new process (the app after a restart) finds it, through keyring directly and through KeyStore.
    assert in_new_process(READ_WITH_KEYRING, service, USERNAME) == key
    assert in_new_process(READ_WITH_KEYSTORE, service) == f"keyring {key}"

    store.remove()
    assert store.load() is None
    assert in_new_process(READ_WITH_KEYRING, service, USERNAME) == "<none>"
    assert in_new_process(READ_WITH_KEYSTORE, service) == "<none>"


def test_saved_key_reaches_no_file_in_the_app_folders(
    real_keyring: KeyringBackend, service: str, pictory_home: Path
) -> None:
    key = "pictai_" + secrets.token_hex(16)
    paths = AppPaths.from_environment().ensure()
    assert paths.config_dir.is_relative_to(pictory_home)

    store = KeyStore(service=service)
    assert store.save(key) == "keyring"
    # Use the other stores the way the app does after a key is entered, so there are files to scan.
    settings = Settings.for_paths(paths)
    settings["use_sandbox"] = False
    settings.save()
    with JobStore(paths.jobs_db_file) as jobs:
        jobs.add(JobRecord.new("job-1", "Spring launch", credits=Decimal("1.2"), estimated=True))

    files = [p for p in pictory_home.rglob("*") if p.is_file()]
    assert paths.settings_file in files and paths.jobs_db_file in files
    for path in files:
        data = path.read_bytes()
        assert key.encode("utf-8") not in data, path
        assert key.encode("utf-16-le") not in data, path
