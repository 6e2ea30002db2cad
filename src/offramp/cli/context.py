"""What every command needs: settings and an open store."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import click

from offramp.lists.publishers import Publisher, load_publishers
from offramp.settings import Settings, load_settings
from offramp.store import ListStore, ReviewStore


@dataclass
class AppContext:
    """Per-invocation state, created lazily so ``--help`` never touches the database."""

    db_override: Path | None = None
    _store: ListStore | None = None

    @property
    def settings(self) -> Settings:
        return load_settings()

    @property
    def db_path(self) -> Path:
        return self.db_override or self.settings.db_path

    def store(self) -> ListStore:
        if self._store is None:
            self._store = ListStore(self.db_path)
        return self._store

    def reviews(self) -> ReviewStore:
        """Runs, alerts and decisions, over the same database connection as :meth:`store`,
        with the configured approval level for the four-eyes rule."""
        return ReviewStore(self.store(), approval_level=self.settings.approval_level)

    @property
    def user(self) -> str:
        """Who is acting: ``OFFRAMP_USER``, else the operating-system login name."""
        return self.settings.user

    def publishers(self) -> dict[str, Publisher]:
        return load_publishers(self.settings.config_path)

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


pass_app = click.make_pass_decorator(AppContext)
