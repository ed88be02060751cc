"""The CLI's main() in this process (fast enough to run per corpus file or per hypothesis example)."""

from __future__ import annotations

import contextlib
import io
import os
from dataclasses import dataclass
from unittest import mock

from pictory_desktop.cli import main

from .helpers import KEY


@dataclass
class Said:
    code: int
    out: str
    err: str


def cli(*args: str, base_url: str, key: str = KEY) -> Said:
    out, err = io.StringIO(), io.StringIO()
    env = {"PICTORY_API_BASE_URL": base_url, "PICTORY_API_KEY": key}
    with mock.patch.dict(os.environ, env), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return Said(code, out.getvalue(), err.getvalue())
