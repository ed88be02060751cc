"""Shared pieces: valid projects, the real CLI in a child process, polling for a condition (never a blind sleep)."""

from __future__ import annotations

import copy
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from pictory_desktop.sandbox import SandboxServer
from tests.timing import CLI_SPEED, cli_speed_env

KEY = "pictai_robustness_KEY_7f3a9c1e5b"
T = TypeVar("T")

BODY: dict[str, Any] = {
    "videoName": "robustness",
    "voiceOver": {"enabled": True, "aiVoices": [{"speaker": "Brian"}]},
    "scenes": [
        {
            "story": "Our spring launch, in one short sentence.",
            "background": {
                "type": "image",
                "aiVisual": {"model": "flux-schnell", "prompt": "A bright studio with soft morning light"},
            },
        }
    ],
}


def body(name: str = "robustness", **changes: Any) -> dict[str, Any]:
    result = copy.deepcopy(BODY)
    result["videoName"] = name
    result.update(changes)
    return result


def write_project(folder: Path, name: str = "launch", **changes: Any) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.json"
    path.write_text(json.dumps(body(name, **changes), ensure_ascii=False), "utf-8")
    return path


def closed_port() -> int:
    """A port on 127.0.0.1 with nothing listening: connecting is refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until(condition: Callable[[], T], *, timeout: float = 20, what: str = "the condition") -> T:
    """Poll ``condition`` every 10 ms until it returns something truthy; fail with ``what`` after ``timeout``."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.01)


def cli_env(home: Path, base_url: str | None, key: str | None = KEY, speed: float = CLI_SPEED) -> dict[str, str]:
    """The child's environment; it runs at ``speed`` (tests/timing.py), so its sandbox's clock must too."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PICTORY_")}
    env.update(cli_speed_env(speed))
    env["PICTORY_DESKTOP_HOME"] = str(home)
    env.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
    if key is not None:
        env["PICTORY_API_KEY"] = key
    if base_url is not None:
        env["PICTORY_API_BASE_URL"] = base_url
    return env


def start_cli(
    *args: str, home: Path, base_url: str | None, key: str | None = KEY, speed: float = CLI_SPEED
) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "pictory_desktop", *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=cli_env(home, base_url, key, speed),
    )


def run(
    *args: str,
    home: Path,
    sandbox: SandboxServer | None = None,
    base_url: str | None = None,
    timeout: float = 60,
    key: str | None = KEY,
    speed: float = CLI_SPEED,
) -> subprocess.CompletedProcess[str]:
    url = base_url if base_url is not None else (sandbox.base_url if sandbox is not None else None)
    return subprocess.run(
        [sys.executable, "-m", "pictory_desktop", *args],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=cli_env(home, url, key, speed),
        timeout=timeout,
    )


def request_gaps(times: list[float]) -> list[float]:
    return [later - earlier for earlier, later in zip(times, times[1:], strict=False)]
