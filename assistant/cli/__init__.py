"""Command-line interface; `main.py` only wires the command modules together."""
