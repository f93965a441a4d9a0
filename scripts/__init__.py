"""Command-line entry points (`python -m scripts.<name>`), thin wrappers over importable code."""
