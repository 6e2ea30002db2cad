"""Readers: official list files -> model entities.

One package per official format, each with a ``reader`` (file -> records in the list's own
shape) and a ``mapper`` (records -> :class:`~offramp.model.Entity`), exposing a ``FORMAT``
object that :mod:`offramp.sources.registry` lists. Readers do no I/O beyond the files they
are given.
"""
