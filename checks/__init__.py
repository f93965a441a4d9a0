"""Checks over a built output folder (links now; feeds and URL permanence build on it)."""
