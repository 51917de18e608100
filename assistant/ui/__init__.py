"""The Gradio UI: a thin adapter over the package (views are pure functions; handlers call package functions)."""
