"""Critique and expansion: analysis + retrieved cases → a grounded, structured Critique (offline or on a model)."""
