"""The local Pictory-compatible server (offline sandbox mode and test double); see server.py."""

from __future__ import annotations

from pictory_desktop.sandbox.faults import Fault, FaultInjector
from pictory_desktop.sandbox.server import SandboxServer, serve_forever
from pictory_desktop.sandbox.state import RecordedRequest

__all__ = ["Fault", "FaultInjector", "RecordedRequest", "SandboxServer", "serve_forever"]
