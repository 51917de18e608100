"""Evaluation: retrieval quality now; critique rubric scoring joins here."""
