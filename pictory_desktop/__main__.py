from pictory_desktop.cli import entry_point

entry_point()
