"""Batch critique: many pitches in, a typed log on disk out (results.jsonl / errors.jsonl), reports rendered from it."""
