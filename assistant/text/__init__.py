"""Language-level helpers shared by analysis and retrieval: script detection and taxonomy matching."""
