"""Deterministic, language-aware pitch analysis (no model needed)."""
