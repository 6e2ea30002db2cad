"""Candidate selection: which list names are worth scoring for a query."""
