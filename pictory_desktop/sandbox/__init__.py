"""sandbox layer; see docs/ARCHITECTURE.md."""
