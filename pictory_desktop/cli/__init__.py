"""Command line: the same domain and API client as the window, for agencies and automation.

``pictory-desktop`` alone (or with project files) opens the window; the subcommands work headless.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from .exit_codes import USAGE
from .pace import Pace
from .parser import SUBCOMMANDS, build_parser


def main(argv: Sequence[str] | None = None, *, pace: Pace | None = None) -> int:
    """Run one command. ``pace`` is for tests (cli/pace.py); by default it is real time, or the test hook's."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list == ["--self-test"]:  # hidden: the bundle's smoke test (ui/self_test.py)
        from ..ui.self_test import run_self_test

        return run_self_test()
    if not args_list or (args_list[0] not in SUBCOMMANDS and not args_list[0].startswith("-")):
        from ..ui.app import run  # Qt is imported only when the window is wanted

        return run(args_list)
    parser = build_parser()
    args = parser.parse_args(args_list)
    if args.command is None:
        parser.print_help()
        return USAGE
    args.pace = pace if pace is not None else Pace.from_environment()
    try:
        return int(args.handler(args))
    except KeyboardInterrupt:
        print(
            "\nStopped. Renders already sent keep going on Pictory; see them with `pictory-desktop jobs`.",
            file=sys.stderr,
        )
        return 130


def entry_point() -> None:
    sys.exit(main())
