"""The Pictory API key: OS keyring when there is a safe one, this session's memory when there is not.

The key spends real money, so it is never written to a file by this app: no plaintext keyring backend, no
settings entry, no "remember me" file fallback. ``PICTORY_API_KEY`` in the environment wins (CI, scripts)
and is never copied anywhere. Errors and reprs carry the masked key at most.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

SERVICE = "pictory-desktop"
USERNAME = "api-key"
ENV_VAR = "PICTORY_API_KEY"
KEY_PREFIX = "pictai_"

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

# keyring itself is imported where it is used: importing it and finding the backend costs ~100 ms,
# which a sandbox-mode start should not pay before its window is on screen.

KeySource = Literal["environment", "keyring", "session"]

NO_KEYRING_REASON = (
    "Your system has no password keyring (Secret Service). The key will be kept only until you close the app."
)
PLAINTEXT_REASON = (
    "Your system's only password store keeps passwords in a plain file, which this app refuses to use. "
    "The key will be kept only until you close the app."
)
ERROR_REASON = (
    "Your system's password keyring did not answer ({error}); it may be locked or not running. "
    "The key will be kept only until you close the app."
)


class KeyStoreError(Exception):
    """A keyring operation failed in a way the user must act on. Its text never contains the key."""


def mask(key: str) -> str:
    """Show enough of a key to recognise it ("pictai_…3f9a"), never enough to use it."""
    prefix = KEY_PREFIX if key.startswith(KEY_PREFIX) else ""
    rest = key[len(prefix) :]
    # Revealing the last 4 of a short key would reveal too large a share of it.
    tail = rest[-4:] if len(rest) >= 12 else ""
    return f"{prefix}…{tail}"


@dataclass(frozen=True)
class StoredKey:
    value: str = field(repr=False)
    source: KeySource

    def __repr__(self) -> str:
        return f"StoredKey(value={mask(self.value)!r}, source={self.source!r})"

    __str__ = __repr__


@dataclass(frozen=True)
class KeyringStatus:
    available: bool
    reason: str | None = None  # a sentence for the user when not available
    backend_name: str = ""


def _is_plaintext(backend: KeyringBackend) -> bool:
    # keyrings.alt backends keep secrets in files (plain or with a password prompt on stdin that a GUI
    # cannot answer); refuse the whole family rather than guess which ones are safe.
    module = type(backend).__module__
    return module.startswith("keyrings.alt") or "plaintext" in type(backend).__name__.lower()


def _choose_backend(backend: KeyringBackend) -> tuple[KeyringBackend | None, str | None]:
    """Return a safe backend to use, or None and a reason sentence."""
    from keyring.backends import chainer, fail, null

    if isinstance(backend, chainer.ChainerBackend):
        # A chainer writes to the first backend that accepts, so a plaintext one further down would
        # silently receive the key when the real keyring fails. Use the best safe member directly.
        members = list(backend.backends)
        for member in members:
            chosen, _ = _choose_backend(member)
            if chosen is not None:
                return chosen, None
        if any(_is_plaintext(member) for member in members):
            return None, PLAINTEXT_REASON
        return None, NO_KEYRING_REASON
    if isinstance(backend, fail.Keyring | null.Keyring):
        return None, NO_KEYRING_REASON
    if _is_plaintext(backend):
        return None, PLAINTEXT_REASON
    return backend, None


def _error_reason(exc: BaseException) -> str:
    # The class name says enough (KeyringLocked, InitError, ...) and, unlike str(exc), cannot echo a key.
    return ERROR_REASON.format(error=type(exc).__name__)


class KeyStore:
    """Load, save and remove the API key. One instance per app session (it holds the session fallback)."""

    def __init__(
        self,
        *,
        backend: KeyringBackend | None = None,
        environ: Mapping[str, str] | None = None,
        service: str = SERVICE,
        username: str = USERNAME,
    ) -> None:
        self._requested_backend = backend
        self._environ = os.environ if environ is None else environ
        self._service = service
        self._username = username
        self._session_key: str | None = None
        # Set once a keyring call failed: later calls go straight to the session, and the status says why.
        self._failure_reason: str | None = None

    # -- status ---------------------------------------------------------------------------------------

    def _backend(self) -> tuple[KeyringBackend | None, str | None]:
        if self._failure_reason is not None:
            return None, self._failure_reason
        try:
            import keyring

            requested = self._requested_backend or keyring.get_keyring()
        except Exception as exc:  # keyring's own backend discovery can fail on odd systems
            return None, _error_reason(exc)
        return _choose_backend(requested)

    def keyring_status(self) -> KeyringStatus:
        backend, reason = self._backend()
        if backend is None:
            return KeyringStatus(available=False, reason=reason)
        try:
            # A read is the cheapest real test: a locked or absent Secret Service fails here.
            backend.get_password(self._service, self._username)
        except Exception as exc:
            self._failure_reason = _error_reason(exc)
            return KeyringStatus(available=False, reason=self._failure_reason, backend_name=backend.name)
        return KeyringStatus(available=True, backend_name=backend.name)

    def retry_keyring(self) -> None:
        """Forget an earlier keyring failure (e.g. after the user unlocked the keyring)."""
        self._failure_reason = None

    # -- the key --------------------------------------------------------------------------------------

    def environment_key(self) -> str | None:
        value = self._environ.get(ENV_VAR, "").strip()
        return value or None

    def load(self) -> StoredKey | None:
        env_key = self.environment_key()
        if env_key:
            return StoredKey(env_key, "environment")
        backend, _ = self._backend()
        if backend is not None:
            try:
                stored = backend.get_password(self._service, self._username)
            except Exception as exc:
                self._failure_reason = _error_reason(exc)
            else:
                if stored:
                    return StoredKey(stored, "keyring")
        if self._session_key:
            return StoredKey(self._session_key, "session")
        return None

    def save(self, key: str) -> KeySource:
        """Keep ``key``; return where it went ("keyring", or "session" when no safe keyring works).

        An environment key still wins on the next ``load``; the saved one is used once it is unset.
        """
        key = key.strip()
        if not key:
            raise KeyStoreError("The API key is empty. Paste the key from your Pictory account page.")
        if any(ch.isspace() for ch in key):
            raise KeyStoreError(
                "The API key contains spaces or line breaks. Copy it again from your Pictory account page."
            )
        backend, _ = self._backend()
        if backend is not None:
            try:
                backend.set_password(self._service, self._username, key)
                # Some backends accept a write and keep nothing; only a read-back proves it was stored.
                if backend.get_password(self._service, self._username) == key:
                    self._session_key = None
                    return "keyring"
                self._failure_reason = ERROR_REASON.format(error="the saved key could not be read back")
            except Exception as exc:
                self._failure_reason = _error_reason(exc)
        self._session_key = key
        return "session"

    def remove(self) -> None:
        """Forget the saved key (keyring and session). An environment key is not ours to remove."""
        self._session_key = None
        backend, _ = self._backend()
        if backend is None:
            return
        from keyring.errors import PasswordDeleteError

        try:
            backend.delete_password(self._service, self._username)
        except PasswordDeleteError:
            pass  # nothing was stored: already the state the user asked for
        except Exception as exc:
            self._failure_reason = _error_reason(exc)
            raise KeyStoreError(
                f"The saved API key could not be removed from your system's password keyring "
                f"({type(exc).__name__}). Unlock the keyring and try again, or delete the entry "
                f"'{self._service}' in your system's password manager."
            ) from None
