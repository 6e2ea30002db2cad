"""Normalisation of text, names, countries and identifiers (pure functions)."""
