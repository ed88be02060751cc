from __future__ import annotations

from pathlib import Path

import keyring
import pytest
from jaraco.classes.properties import classproperty
from keyring.backend import KeyringBackend
from keyring.backends import chainer, fail, null
from keyring.errors import KeyringLocked

from pictory_desktop.store.keystore import NO_KEYRING_REASON, KeyStore, KeyStoreError, StoredKey, mask

KEY = "pictai_0123456789abcdef0123456789ab3f9a"


class LockedKeyring(KeyringBackend):
    """Behaves like a Secret Service whose collection is locked and cannot be unlocked (no prompt)."""

    @classproperty
    def priority(cls) -> float:  # keyring declares it a class property; a plain 1 would not type-check
        return 1

    def get_password(self, service: str, username: str) -> str | None:
        raise KeyringLocked("Failed to unlock the collection!")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise KeyringLocked("Failed to unlock the collection!")

    def delete_password(self, service: str, username: str) -> None:
        raise KeyringLocked("Failed to unlock the collection!")


class PlaintextKeyring(KeyringBackend):
    @classproperty
    def priority(cls) -> float:  # keyring declares it a class property; a plain 1 would not type-check
        return 1

    def __init__(self) -> None:
        super().__init__()
        self.written: list[str] = []

    def get_password(self, service: str, username: str) -> str | None:
        return None

    def set_password(self, service: str, username: str, password: str) -> None:
        self.written.append(password)

    def delete_password(self, service: str, username: str) -> None:
        pass


# keyrings.alt is not installed in the test venv; its file backends are recognised by module name.
PlaintextKeyring.__module__ = "keyrings.alt.file"


class ForgetfulKeyring(KeyringBackend):
    """Accepts every write and keeps nothing, as a misconfigured backend can."""

    @classproperty
    def priority(cls) -> float:  # keyring declares it a class property; a plain 1 would not type-check
        return 1

    def get_password(self, service: str, username: str) -> str | None:
        return None

    def set_password(self, service: str, username: str, password: str) -> None:
        pass

    def delete_password(self, service: str, username: str) -> None:
        pass


def all_files_bytes(root: Path) -> bytes:
    return b"".join(p.read_bytes() for p in root.rglob("*") if p.is_file())


# -- mask and repr ------------------------------------------------------------------------------------------


def test_mask_shows_prefix_and_last_four_only() -> None:
    assert mask(KEY) == "pictai_…3f9a"
    assert mask("pictai_short") == "pictai_…"
    assert mask("sk-0123456789abcdef") == "…cdef"


def test_stored_key_repr_and_str_never_contain_the_key() -> None:
    stored = StoredKey(KEY, "keyring")
    assert KEY not in repr(stored)
    assert KEY not in str(stored)
    assert KEY not in f"{stored}"
    assert "pictai_…3f9a" in repr(stored)
    assert stored.value == KEY


# -- with a working keyring ---------------------------------------------------------------------------------


def test_save_load_remove_with_a_working_keyring(memory_keyring) -> None:
    store = KeyStore()
    assert store.keyring_status().available
    assert store.load() is None
    assert store.save(f"  {KEY}\n") == "keyring"  # pasted with stray whitespace
    assert memory_keyring.entries == {("pictory-desktop", "api-key"): KEY}
    # A new KeyStore (a restart) finds it.
    assert KeyStore().load() == StoredKey(KEY, "keyring")
    store.remove()
    assert memory_keyring.entries == {}
    assert KeyStore().load() is None
    store.remove()  # removing twice is fine


def test_environment_key_wins_and_is_never_written(memory_keyring, monkeypatch, pictory_home) -> None:
    env_key = "pictai_fromtheenvironment0000"
    monkeypatch.setenv("PICTORY_API_KEY", env_key)
    store = KeyStore()
    assert store.load() == StoredKey(env_key, "environment")
    store.save(KEY)
    assert store.load() == StoredKey(env_key, "environment")
    assert env_key not in memory_keyring.entries.values()
    assert env_key.encode() not in all_files_bytes(pictory_home)
    monkeypatch.delenv("PICTORY_API_KEY")
    assert store.load() == StoredKey(KEY, "keyring")


def test_empty_or_broken_keys_are_refused_without_echoing_them(memory_keyring) -> None:
    with pytest.raises(KeyStoreError, match="empty"):
        KeyStore().save("   ")
    with pytest.raises(KeyStoreError) as caught:
        KeyStore().save("pictai_abc def_secretpart")
    assert "secretpart" not in str(caught.value)
    assert memory_keyring.entries == {}


# -- without a usable keyring: session only, never a file -------------------------------------------------


@pytest.mark.parametrize(
    "backend",
    [
        fail.Keyring(),
        null.Keyring(),
        LockedKeyring(),
        PlaintextKeyring(),
        ForgetfulKeyring(),
    ],
    ids=["fail", "null", "locked", "plaintext", "forgetful"],
)
def test_unusable_keyring_keeps_the_key_for_this_session_only(backend, pictory_home) -> None:
    store = KeyStore(backend=backend)
    assert store.save(KEY) == "session"
    assert store.load() == StoredKey(KEY, "session")
    status = store.keyring_status()
    assert not status.available
    assert status.reason and "until you close the app" in status.reason
    assert KEY not in status.reason
    # Nothing reached a file, and a plaintext backend never even saw it.
    assert KEY.encode() not in all_files_bytes(pictory_home)
    assert getattr(backend, "written", []) == []
    # A restart (new KeyStore) has forgotten it.
    assert KeyStore(backend=backend).load() is None
    store.remove()
    assert store.load() is None


def test_default_test_keyring_is_the_fail_backend_with_a_plain_reason() -> None:
    # conftest installs keyring's fail backend unless a test asks for another one.
    assert isinstance(keyring.get_keyring(), fail.Keyring)
    status = KeyStore().keyring_status()
    assert status == status.__class__(available=False, reason=NO_KEYRING_REASON)
    assert "Secret Service" in NO_KEYRING_REASON


def test_locked_keyring_reason_names_the_problem_in_plain_words() -> None:
    status = KeyStore(backend=LockedKeyring()).keyring_status()
    assert not status.available and status.reason is not None
    assert "KeyringLocked" in status.reason
    assert "locked" in status.reason


class EmptyChainer(chainer.ChainerBackend):
    @classproperty
    def backends(cls) -> list[KeyringBackend]:
        return []


_PLAINTEXT_ONLY = PlaintextKeyring()  # one instance, so the test can look at what was written to it


class PlaintextOnlyChainer(chainer.ChainerBackend):
    @classproperty
    def backends(cls) -> list[KeyringBackend]:
        return [_PLAINTEXT_ONLY]


def test_chainer_without_backends_is_no_keyring() -> None:
    status = KeyStore(backend=EmptyChainer()).keyring_status()
    assert not status.available and status.reason == NO_KEYRING_REASON


def test_chainer_with_only_plaintext_backends_is_refused() -> None:
    store = KeyStore(backend=PlaintextOnlyChainer())
    assert store.save(KEY) == "session"
    assert "plain file" in (store.keyring_status().reason or "")
    (plaintext,) = PlaintextOnlyChainer.backends
    assert isinstance(plaintext, PlaintextKeyring) and plaintext.written == []


def test_chainer_uses_its_safe_member_and_skips_the_plaintext_one(memory_keyring) -> None:
    plaintext = PlaintextKeyring()

    class MixedChainer(chainer.ChainerBackend):
        @classproperty
        def backends(cls) -> list[KeyringBackend]:
            return [plaintext, memory_keyring]

    store = KeyStore(backend=MixedChainer())
    assert store.save(KEY) == "keyring"
    assert plaintext.written == []
    assert memory_keyring.entries[("pictory-desktop", "api-key")] == KEY


def test_remove_failure_is_a_sentence_without_the_key(memory_keyring) -> None:
    class UndeletableKeyring(type(memory_keyring)):
        def delete_password(self, service: str, username: str) -> None:
            raise KeyringLocked(f"cannot delete {self.entries[(service, username)]}")

    backend = UndeletableKeyring()
    store = KeyStore(backend=backend)
    store.save(KEY)
    with pytest.raises(KeyStoreError) as caught:
        store.remove()
    text = str(caught.value)
    assert KEY not in text and KEY not in repr(caught.value)
    assert caught.value.__cause__ is None and caught.value.__suppress_context__
    assert "KeyringLocked" in text and "pictory-desktop" in text


def test_retry_after_unlock(memory_keyring) -> None:
    class UnlockableKeyring(type(memory_keyring)):
        locked = True

        def get_password(self, service: str, username: str) -> str | None:
            if self.locked:
                raise KeyringLocked("locked")
            return super().get_password(service, username)

    backend = UnlockableKeyring()
    store = KeyStore(backend=backend)
    assert not store.keyring_status().available
    backend.locked = False
    assert not store.keyring_status().available  # remembered for the session...
    store.retry_keyring()
    assert store.keyring_status().available  # ...until the user asks to try again
