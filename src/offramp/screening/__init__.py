"""Screening use cases: counterparties against the lists in use."""
