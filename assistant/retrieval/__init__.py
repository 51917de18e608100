"""Retrieval: the case index (Chroma) and case-level search with explanations."""
