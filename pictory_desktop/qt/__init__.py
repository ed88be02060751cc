"""qt layer; see docs/ARCHITECTURE.md."""
