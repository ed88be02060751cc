"""Which server the command talks to, with which key; the sandbox when asked."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass

from ..api.client import PictoryClient
from ..api.errors import PictoryError
from ..api.urls import BASE_URL_ENV, DEFAULT_BASE_URL
from ..store.keystore import KeyStore
from ..store.paths import AppPaths

SANDBOX_KEY = "pictai_sandbox"


class NoKey(Exception):
    pass


@dataclass
class Connection:
    client: PictoryClient
    sandbox: bool


def base_url_from(args: argparse.Namespace) -> str:
    return args.api_base_url or os.environ.get(BASE_URL_ENV) or DEFAULT_BASE_URL


@contextlib.contextmanager
def open_connection(args: argparse.Namespace, paths: AppPaths) -> Iterator[Connection]:
    """Yield a client for the real API (key from env or keyring) or for a sandbox started just for this command."""
    if args.sandbox:
        from ..sandbox.server import SandboxServer

        # The sandbox keeps its jobs in the data folder so `watch` in a later command still finds them.
        state = paths.data_dir / "sandbox" / "cli-state.json"
        state.parent.mkdir(parents=True, exist_ok=True)
        with SandboxServer(state_path=state) as server:
            client = PictoryClient(SANDBOX_KEY, server.base_url)
            try:
                yield Connection(client, sandbox=True)
            finally:
                client.close()
        return
    stored = KeyStore().load()
    if stored is None:
        raise NoKey(
            "No Pictory API key found. Set PICTORY_API_KEY, or save your key in the app (Settings), "
            "or try everything for free with --sandbox."
        )
    client = PictoryClient(stored.value, base_url_from(args))
    try:
        yield Connection(client, sandbox=False)
    finally:
        client.close()


def say_error(error: PictoryError | Exception) -> None:
    text = getattr(error, "user_message", None) or str(error)
    print(f"Error: {text}", file=sys.stderr)
