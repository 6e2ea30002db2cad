"""Persistence: SQLite (WAL) by default, schema written to run on PostgreSQL too."""

from offramp.store.audit import AuditLog, AuditProblem, AuditRecord, AuditReport, verify_chain
from offramp.store.db import Database
from offramp.store.lists import ListStore, UpdateAttempt
from offramp.store.reviews import (
    Alert,
    AlertStatus,
    Decision,
    ResultRow,
    ResultStatus,
    ReviewError,
    ReviewStore,
    Run,
    RunStatus,
    Subject,
    Verdict,
    match_record,
    subject_key,
)

__all__ = [
    "Alert",
    "AlertStatus",
    "AuditLog",
    "AuditProblem",
    "AuditRecord",
    "AuditReport",
    "Database",
    "Decision",
    "ListStore",
    "ResultRow",
    "ResultStatus",
    "ReviewError",
    "ReviewStore",
    "Run",
    "RunStatus",
    "Subject",
    "UpdateAttempt",
    "Verdict",
    "match_record",
    "subject_key",
    "verify_chain",
]
