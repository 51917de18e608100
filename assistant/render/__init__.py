"""Renderers: structured results in, text/Markdown/HTML out. Nothing here decides anything."""
