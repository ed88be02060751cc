"""The app icon: the SVG source and the PNG, ICO and ICNS files scripts/make-icons renders from it."""
