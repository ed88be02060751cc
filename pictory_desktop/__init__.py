"""Pictory Desktop: a point-and-click storyboard editor for Pictory's video API."""

__version__ = "0.1.0"  # the one place: pyproject.toml reads it (store/third_party.app_version reads it back)

# The app's reverse-DNS id: the .desktop file's and the AppStream component's name, the icon's name, Qt's
# desktopFileName (Wayland's app id) and the macOS bundle identifier. Settings are kept elsewhere (store/paths.py).
DESKTOP_ID = "io.github.pictorydesktop.PictoryDesktop"
