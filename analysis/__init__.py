"""Data loading and validation, growth models and figures for "The AI factory, tested"."""
