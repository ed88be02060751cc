#!/bin/sh
# Add Pictory Desktop to your applications menu, for you only (no root needed):   ./install.sh
# Remove it again:                                                                  ./install.sh --uninstall
#
# Copies this folder to ~/.local/share/pictory-desktop-app/ (beside, never inside, the app's own data folder
# ~/.local/share/pictory-desktop/, so installing or removing the program never touches your settings or job
# history), and puts the menu entry, the icons and the AppStream metadata where the desktop looks for them.
# XDG_DATA_HOME moves all of it, as it does for every desktop app.
set -eu

ID=io.github.pictorydesktop.PictoryDesktop
HERE="$(cd "$(dirname "$0")" && pwd)"
DATA="${XDG_DATA_HOME:-$HOME/.local/share}"
case "$DATA" in /*) ;; *) DATA="$HOME/.local/share" ;; esac # the XDG spec ignores a relative path
TARGET="$DATA/pictory-desktop-app"
SIZES="16 32 48 64 128 256 512"

refresh_desktop() {
    # Optional helpers: desktops also notice the new files by themselves, a little later.
    if command -v update-desktop-database >/dev/null 2>&1; then
        update-desktop-database -q "$DATA/applications" 2>/dev/null || true
    fi
    if command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -f "$DATA/icons/hicolor/index.theme" ]; then
        gtk-update-icon-cache -q -t "$DATA/icons/hicolor" 2>/dev/null || true
    fi
}

if [ "${1:-}" = "--uninstall" ]; then
    rm -rf "$TARGET"
    rm -f "$DATA/applications/$ID.desktop" "$DATA/metainfo/$ID.metainfo.xml" \
        "$DATA/icons/hicolor/scalable/apps/$ID.svg"
    for size in $SIZES; do
        rm -f "$DATA/icons/hicolor/${size}x${size}/apps/$ID.png"
    done
    refresh_desktop
    echo "Pictory Desktop was removed from your applications. Your settings, job history and videos are kept."
    exit 0
fi
if [ $# -gt 0 ]; then
    echo "Usage: $0 [--uninstall]" >&2
    exit 2
fi
if [ ! -x "$HERE/pictory-desktop" ] || [ ! -f "$HERE/share/$ID.desktop" ]; then
    echo "Run this install.sh from the unpacked pictory-desktop folder: pictory-desktop and share/ belong beside it." >&2
    exit 1
fi

mkdir -p "$DATA"
if [ "$HERE" != "$TARGET" ]; then
    # Copy first, then swap: an interrupted install leaves the previous version working.
    rm -rf "$TARGET.new"
    cp -RP "$HERE" "$TARGET.new" # links stay links
    rm -rf "$TARGET"
    mv "$TARGET.new" "$TARGET"
fi

mkdir -p "$DATA/applications" "$DATA/metainfo" "$DATA/icons/hicolor/scalable/apps"
# The entry runs the installed program by its full path (quoted: the path may hold spaces; & and | are
# escaped for sed).
program="$(printf '%s' "$TARGET/pictory-desktop" | sed 's/[&|\\]/\\&/g')"
sed -e "s|^Exec=.*|Exec=\"$program\" %f|" -e "/^# /d" \
    "$TARGET/share/$ID.desktop" >"$DATA/applications/$ID.desktop"
cp "$TARGET/share/$ID.metainfo.xml" "$DATA/metainfo/$ID.metainfo.xml"
cp "$TARGET/share/icons/pictory-desktop.svg" "$DATA/icons/hicolor/scalable/apps/$ID.svg"
for size in $SIZES; do
    mkdir -p "$DATA/icons/hicolor/${size}x${size}/apps"
    cp "$TARGET/share/icons/pictory-desktop-$size.png" "$DATA/icons/hicolor/${size}x${size}/apps/$ID.png"
done
refresh_desktop
echo "Pictory Desktop is in your applications menu (the program is in $TARGET)."
