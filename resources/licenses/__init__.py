"""The licence texts the bundle carries for Qt and FFmpeg (store/third_party.py)."""
