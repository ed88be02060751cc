"""Which server the command talks to, with which key; the sandbox when asked."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..api.client import CONNECT_TIMEOUT, READ_TIMEOUT, PictoryClient
from ..api.errors import PictoryError, Unauthorized
from ..api.urls import BASE_URL_ENV, DEFAULT_BASE_URL, check_base_url
from ..store.keystore import KeyStore
from ..store.paths import AppPaths
from .exit_codes import API_ERROR, USAGE
from .history import open_history
from .pace import REAL_TIME, Pace

if TYPE_CHECKING:  # the draft's painting and encoding load only with a sandbox
    from ..draft.sandbox_video import VideoMaker
    from ..store.jobs_db import JobStore

SANDBOX_KEY = "pictai_sandbox"


class NoKey(Exception):
    pass


@dataclass
class Connection:
    client: PictoryClient
    sandbox: bool
    pace: Pace = REAL_TIME  # how fast this command's waits pass (cli/pace.py): real time but in tests


def base_url_from(args: argparse.Namespace) -> str:
    return args.api_base_url or os.environ.get(BASE_URL_ENV) or DEFAULT_BASE_URL


def _paced_client(key: str, base_url: str, pace: Pace) -> tuple[PictoryClient, Pace]:
    """A client at ``pace`` when the server is on this computer; in real time, as always, otherwise."""
    if pace.is_real_time or not check_base_url(base_url)[1]:  # (raises what PictoryClient would)
        return PictoryClient(key, base_url), REAL_TIME
    client = PictoryClient(
        key,
        base_url,
        connect_timeout=pace.seconds(CONNECT_TIMEOUT),
        read_timeout=pace.seconds(READ_TIMEOUT),
        sleep=pace.sleep,
    )
    return client, pace


def sandbox_drafts(paths: AppPaths) -> VideoMaker:
    """The sandbox's renders as drafts of what was sent (issue 15), painted with an offscreen QGuiApplication made
    here, on the main thread (the sandbox makes them on its CDN threads)."""
    from ..draft.frames import ensure_painting_app
    from ..draft.sandbox_video import sandbox_video_maker

    ensure_painting_app()
    return sandbox_video_maker(paths.image_cache_dir)


@contextlib.contextmanager
def open_connection(args: argparse.Namespace, paths: AppPaths, pace: Pace = REAL_TIME) -> Iterator[Connection]:
    """Yield a client for the real API (key from env or keyring) or for a sandbox started just for this command.

    ``pace`` applies only to a server on this computer that the command did not start itself (cli/pace.py).
    """
    if args.sandbox:
        from ..sandbox.server import SandboxServer

        # The sandbox keeps its jobs in the data folder so `watch` in a later command still finds them.
        state = paths.data_dir / "sandbox" / "cli-state.json"
        state.parent.mkdir(parents=True, exist_ok=True)
        with SandboxServer(state_path=state, video_maker=sandbox_drafts(paths)) as server:
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
    client, pace = _paced_client(stored.value, base_url_from(args), pace)
    try:
        yield Connection(client, sandbox=False, pace=pace)
    finally:
        client.close()


def say_error(error: PictoryError | Exception) -> None:
    text = getattr(error, "user_message", None) or str(error)
    print(f"Error: {text}", file=sys.stderr)


def run_connected(args: argparse.Namespace, work: Callable[[Connection], int], paths: AppPaths | None = None) -> int:
    """Run ``work`` against the chosen server (``--sandbox``, or the key's); set-up problems become exit codes:
    no key or a base URL that is refused is a usage error (nothing was sent), a rejected key an API error."""
    paths = paths or AppPaths.from_environment().ensure()
    try:
        with open_connection(args, paths, args.pace) as connection:
            return work(connection)
    except NoKey as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return USAGE
    except Unauthorized as exc:
        say_error(exc)
        return API_ERROR
    except PictoryError as exc:  # e.g. an http:// base URL that is not this computer, before anything is sent
        say_error(exc)
        return USAGE


def run_with_history(
    args: argparse.Namespace, work: Callable[[Connection, JobStore], int], paths: AppPaths | None = None
) -> int:
    """``run_connected`` with the job history open too (for commands that send or follow jobs)."""
    paths = paths or AppPaths.from_environment().ensure()

    def with_store(connection: Connection) -> int:
        with open_history(paths) as store:
            return work(connection, store)

    return run_connected(args, with_store, paths)
