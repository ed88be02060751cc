"""The free draft video: the storyboard painted and encoded on this computer (see docs/ARCHITECTURE.md)."""
