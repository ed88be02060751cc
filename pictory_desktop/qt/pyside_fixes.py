"""A guard against a PySide6 reference-counting bug that would otherwise crash the app.

In PySide6 6.12.0 ``SignalInstance.emit()`` returns ``True`` without taking a reference to it. On
CPython before 3.12 (where ``True`` is not immortal) every emit therefore steals one reference, and
after a few thousand emits (a few minutes of typing) the interpreter aborts with "bool_dealloc:
deallocating True or False". The guard measures whether this PySide build has the bug and, only
then, gives ``True`` enough extra references that it can never reach zero: the same thing CPython
3.12 does by making ``True`` immortal.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal

_PROBE_EMITS = 16
# Far more emits than any session makes, yet nowhere near overflowing a 64-bit count.
_EXTRA_REFERENCES = 1 << 40
_applied = False


class _Probe(QObject):
    fired = Signal()


def emit_steals_references() -> bool:
    """True when ``emit()`` loses a reference to ``True`` on this PySide build."""
    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(_PROBE_EMITS):
        probe.fired.emit()
    return sys.getrefcount(True) < before


def guard_against_emit_refcount_bug() -> bool:
    """Apply the guard where it is needed (once per process); returns whether it is in place."""
    global _applied
    if _applied:
        return True
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    if not emit_steals_references():
        return False
    import ctypes  # only on the affected builds: ~3 ms at start-up otherwise

    # ob_refcnt is the first field of every CPython object.
    ctypes.c_ssize_t.from_address(id(True)).value += _EXTRA_REFERENCES
    _applied = True
    return True
