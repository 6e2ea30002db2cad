"""The store's schema, as ordered migrations.

Written in the SQL that SQLite and PostgreSQL share (TEXT, INTEGER, explicit keys, no
AUTOINCREMENT or SQLite-only types) so the same migrations can run on PostgreSQL; the only
dialect difference, how an integer primary key gets its values, is the ``{serial}``
placeholder filled in per dialect.
"""

from __future__ import annotations

# Never edit a migration that has shipped: add a new one. Each runs in one transaction.
MIGRATIONS: tuple[tuple[int, str], ...] = (
    (
        1,
        """
        CREATE TABLE list_versions (
            id {serial},
            source TEXT NOT NULL,
            format TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            entry_count INTEGER NOT NULL,
            publisher_date TEXT,
            fetched_at TEXT NOT NULL,
            loaded_at TEXT NOT NULL,
            origin TEXT,
            licence TEXT,
            note TEXT,
            UNIQUE (source, sha256)
        );
        CREATE TABLE entity_blobs (
            content_hash TEXT PRIMARY KEY,
            data TEXT NOT NULL
        );
        CREATE TABLE version_entities (
            version_id INTEGER NOT NULL REFERENCES list_versions (id),
            entity_id TEXT NOT NULL,
            content_hash TEXT NOT NULL REFERENCES entity_blobs (content_hash),
            caption TEXT NOT NULL,
            PRIMARY KEY (version_id, entity_id)
        );
        CREATE INDEX version_entities_hash ON version_entities (content_hash);
        CREATE TABLE version_extras (
            version_id INTEGER NOT NULL REFERENCES list_versions (id),
            kind TEXT NOT NULL,
            position INTEGER NOT NULL,
            data TEXT NOT NULL,
            PRIMARY KEY (version_id, kind, position)
        );
        CREATE TABLE current_versions (
            source TEXT PRIMARY KEY,
            version_id INTEGER NOT NULL REFERENCES list_versions (id),
            switched_at TEXT NOT NULL
        );
        CREATE TABLE update_attempts (
            id {serial},
            source TEXT NOT NULL,
            attempted_at TEXT NOT NULL,
            ok INTEGER NOT NULL,
            version_id INTEGER REFERENCES list_versions (id),
            origin TEXT,
            message TEXT NOT NULL,
            accepted_shrink INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX update_attempts_source ON update_attempts (source, id);
        """,
    ),
    (
        2,
        # Screening runs, subjects, alerts, decisions, the allow-list and the audit log.
        # Statuses and verdicts are CHECKed here too, so a bug or a hand edit cannot store a
        # value the review workflow does not know. Booleans are INTEGER 0/1 as in migration 1;
        # scores are DOUBLE PRECISION because PostgreSQL's REAL is single precision.
        """
        CREATE TABLE audit_log (
            seq INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            object TEXT,
            payload TEXT NOT NULL,
            prev_hash TEXT NOT NULL,
            hash TEXT NOT NULL
        );
        CREATE INDEX audit_log_object ON audit_log (object, seq);
        CREATE TABLE screening_runs (
            id {serial},
            started_at TEXT NOT NULL,
            finished_at TEXT,
            status TEXT NOT NULL CHECK (status IN ('running', 'done', 'failed')),
            actor TEXT NOT NULL,
            input_name TEXT NOT NULL,
            input_sha256 TEXT NOT NULL,
            row_count INTEGER,
            list_versions TEXT NOT NULL,
            algorithm TEXT NOT NULL,
            threshold DOUBLE PRECISION NOT NULL,
            options TEXT NOT NULL
        );
        CREATE INDEX screening_runs_status ON screening_runs (status);
        CREATE TABLE subjects (
            subject_key TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            subject_id TEXT,
            country TEXT,
            birth_date TEXT,
            first_seen_at TEXT NOT NULL,
            last_run_id INTEGER REFERENCES screening_runs (id),
            last_list_versions TEXT
        );
        CREATE TABLE run_results (
            run_id INTEGER NOT NULL REFERENCES screening_runs (id),
            row_number INTEGER NOT NULL,
            subject_key TEXT NOT NULL REFERENCES subjects (subject_key),
            subject_id TEXT,
            name TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('match', 'clear', 'unscreened')),
            reason TEXT,
            matches TEXT NOT NULL,
            PRIMARY KEY (run_id, row_number)
        );
        CREATE INDEX run_results_subject ON run_results (subject_key);
        CREATE TABLE alerts (
            id {serial},
            run_id INTEGER REFERENCES screening_runs (id),
            subject_key TEXT NOT NULL REFERENCES subjects (subject_key),
            source TEXT NOT NULL,
            entity_id TEXT NOT NULL,
            entity_content_hash TEXT NOT NULL,
            score DOUBLE PRECISION NOT NULL,
            matched_name TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('open', 'closed', 'escalated')),
            opened_at TEXT NOT NULL,
            closed_at TEXT,
            close_reason TEXT,
            previous_alert_id INTEGER REFERENCES alerts (id)
        );
        CREATE INDEX alerts_subject_entry ON alerts (subject_key, source, entity_id);
        CREATE INDEX alerts_run ON alerts (run_id);
        CREATE INDEX alerts_entry ON alerts (source, entity_id, status);
        CREATE UNIQUE INDEX alerts_one_active ON alerts (subject_key, source, entity_id)
            WHERE status <> 'closed';
        CREATE TABLE decisions (
            id {serial},
            alert_id INTEGER NOT NULL REFERENCES alerts (id),
            actor TEXT NOT NULL,
            at TEXT NOT NULL,
            verdict TEXT NOT NULL CHECK (verdict IN
                ('true-match', 'false-positive', 'escalate', 'approve', 'reopen')),
            reason TEXT NOT NULL CHECK (length(trim(reason)) > 0),
            score DOUBLE PRECISION NOT NULL,
            entity_content_hash TEXT NOT NULL,
            allow_list INTEGER NOT NULL DEFAULT 0,
            needs_approval INTEGER NOT NULL DEFAULT 0,
            approved_by TEXT,
            approved_at TEXT
        );
        CREATE INDEX decisions_alert ON decisions (alert_id, id);
        CREATE TABLE allow_list (
            subject_key TEXT NOT NULL REFERENCES subjects (subject_key),
            source TEXT NOT NULL,
            entity_id TEXT NOT NULL,
            entity_content_hash TEXT NOT NULL,
            decision_id INTEGER NOT NULL REFERENCES decisions (id),
            created_at TEXT NOT NULL,
            PRIMARY KEY (subject_key, source, entity_id, entity_content_hash)
        )
        """,
    ),
    (
        3,
        """
        CREATE TABLE scenarios (
            id {serial},
            name TEXT NOT NULL UNIQUE,
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL,
            params TEXT NOT NULL,
            list_versions TEXT NOT NULL,
            report TEXT NOT NULL
        )
        """,
    ),
    (
        4,
        """
        CREATE TABLE device_assessments (
            id {serial},
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL,
            inputs TEXT NOT NULL,
            registry_date TEXT,
            summary TEXT NOT NULL
        );
        CREATE TABLE devices (
            assessment_id INTEGER NOT NULL REFERENCES device_assessments (id),
            device_key TEXT NOT NULL,
            site TEXT,
            vendor TEXT NOT NULL,
            brand TEXT,
            model TEXT,
            confidence DOUBLE PRECISION NOT NULL,
            restricted INTEGER NOT NULL,
            data TEXT NOT NULL,
            PRIMARY KEY (assessment_id, device_key)
        );
        CREATE INDEX devices_vendor ON devices (vendor)
        """,
    ),
    (
        5,
        # The web front end's tables (offramp serve): API keys, users, sessions, failed logins,
        # and notes on web runs (why one was marked failed). Until this migration the web app
        # made the first four itself with CREATE TABLE IF NOT EXISTS; IF NOT EXISTS here lets a
        # database that already has them from then migrate without losing a key or a user.
        # User names are unique ignoring ASCII case through an index on lower(name), which
        # both dialects have (SQLite's COLLATE NOCASE is not PostgreSQL). Epoch seconds are
        # DOUBLE PRECISION: PostgreSQL's REAL would round them to about two minutes.
        """
        CREATE TABLE IF NOT EXISTS web_api_keys (
            id {serial},
            name TEXT NOT NULL,
            role TEXT NOT NULL,
            key_sha256 TEXT NOT NULL UNIQUE,
            prefix TEXT NOT NULL,
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL,
            revoked_at TEXT
        );
        CREATE TABLE IF NOT EXISTS web_users (
            id {serial},
            name TEXT NOT NULL,
            role TEXT NOT NULL,
            password_hash TEXT NOT NULL,
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL
        );
        CREATE UNIQUE INDEX IF NOT EXISTS web_users_name ON web_users (lower(name));
        CREATE TABLE IF NOT EXISTS web_sessions (
            token_sha256 TEXT PRIMARY KEY,
            user_id INTEGER NOT NULL REFERENCES web_users (id),
            csrf_token TEXT NOT NULL,
            created_at DOUBLE PRECISION NOT NULL,
            expires_at DOUBLE PRECISION NOT NULL
        );
        CREATE INDEX IF NOT EXISTS web_sessions_user ON web_sessions (user_id);
        CREATE TABLE IF NOT EXISTS web_login_failures (
            id {serial},
            at DOUBLE PRECISION NOT NULL,
            username TEXT NOT NULL,
            client TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS web_login_failures_user ON web_login_failures (username, at);
        CREATE INDEX IF NOT EXISTS web_login_failures_client ON web_login_failures (client, at);
        CREATE TABLE IF NOT EXISTS web_run_notes (
            run_id INTEGER PRIMARY KEY REFERENCES screening_runs (id),
            at TEXT NOT NULL,
            note TEXT NOT NULL
        )
        """,
    ),
)

# The audit log is append-only. Triggers are dialect-specific (and contain semicolons, so they
# are not split like migrations): each statement is idempotent and is run on every open, so a
# dropped guard comes back -- and the store records in the audit log that it had to.
APPEND_ONLY_GUARDS: dict[str, tuple[str, ...]] = {
    "sqlite": (
        "CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
        "CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
    ),
    # Not exercised by the test suite (no PostgreSQL there); kept beside the SQLite version
    # so a PostgreSQL deployment gets the same guarantee. TRUNCATE bypasses row triggers.
    "postgresql": (
        "CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql "
        "AS $$ BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$",
        "DROP TRIGGER IF EXISTS audit_log_no_change ON audit_log",
        "CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log "
        "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()",
        "DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log",
        "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log "
        "FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()",
    ),
}

# The migration that created audit_log: guards missing right after it are new, not dropped.
AUDIT_LOG_MIGRATION = 2

# The names of the SQLite guards, to notice when one was dropped.
SQLITE_GUARD_NAMES = ("audit_log_no_update", "audit_log_no_delete")

SERIAL = {
    "sqlite": "INTEGER PRIMARY KEY",
    "postgresql": "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY",
}


def migration_sql(version: int, dialect: str) -> list[str]:
    """The statements of migration ``version`` for ``dialect``, split for execution."""
    body = dict(MIGRATIONS)[version].replace("{serial}", SERIAL[dialect])
    return [stmt.strip() for stmt in body.split(";") if stmt.strip()]
