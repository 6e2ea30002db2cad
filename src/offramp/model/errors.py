"""offramp's exception tree.

    OfframpError                 anything offramp reports to a user as one clear line
    ├── SourceFormatError        a list file that cannot be read (names the file and place)
    ├── UnsafeInputError         XML with a DTD/entities, an oversized file: refused, not parsed
    ├── StoreError               the database refused or is inconsistent
    └── UpdateError              a download or validation failed; the last good version stays
"""

from __future__ import annotations


class OfframpError(Exception):
    """Base class: the message is a complete sentence for the user."""


class SourceFormatError(OfframpError):
    """A list file is malformed or truncated.

    ``path`` names the file and ``where`` the place (``line 12``, ``element <INDIVIDUAL> #40``)
    so the user can look.
    """

    def __init__(self, path: str, where: str | None, problem: str) -> None:
        self.path = path
        self.where = where
        self.problem = problem
        place = f" at {where}" if where else ""
        super().__init__(f"{path}{place}: {problem}")


class UnsafeInputError(SourceFormatError):
    """Input refused for safety (DTDs, external entities, entity expansion)."""


class StoreError(OfframpError):
    """The store cannot do what was asked."""


class UpdateError(OfframpError):
    """Fetching or validating a new list version failed."""
