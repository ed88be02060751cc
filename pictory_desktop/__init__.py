"""Pictory Desktop: a point-and-click storyboard editor for Pictory's video API."""

__version__ = "0.1.0"
