"""The bundle's program: the same entry point as the `pictory-desktop` command pyproject.toml installs."""

from pictory_desktop.cli import entry_point

entry_point()
