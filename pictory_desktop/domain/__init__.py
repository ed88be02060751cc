"""domain layer; see docs/ARCHITECTURE.md."""
