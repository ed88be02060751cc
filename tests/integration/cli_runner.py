"""Run the real `pictory-desktop` command in a child process against a sandbox, as a script would.

The child runs at ``speed`` (tests/timing.py): a sandbox it talks to must run its clock at the same rate.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from pictory_desktop.sandbox import SandboxServer
from tests.timing import CLI_SPEED, cli_speed_env

TEST_KEY = "pictai_cli_test_key_0123456789"


@dataclass
class CliResult:
    code: int
    out: str
    err: str


def run_cli(
    *args: str,
    sandbox: SandboxServer | None,
    home: Path,
    timeout: float = 60,
    key: str | None = TEST_KEY,
    speed: float = CLI_SPEED,
) -> CliResult:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PICTORY_")}
    env.update(cli_speed_env(speed))
    env["PICTORY_DESKTOP_HOME"] = str(home)
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"  # the key comes from the environment here
    if key is not None:
        env["PICTORY_API_KEY"] = key
    if sandbox is not None:
        env["PICTORY_API_BASE_URL"] = sandbox.base_url
    completed = subprocess.run(
        [sys.executable, "-m", "pictory_desktop", *args],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,  # never a terminal: the command must not wait for an answer
        timeout=timeout,
    )
    return CliResult(completed.returncode, completed.stdout, completed.stderr)
