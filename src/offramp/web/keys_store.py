"""Who may use the web API and UI: API keys, users, sessions and failed logins.

Kept in the store's database, in the tables of migration 5 (:mod:`offramp.store.schema`),
made when the store opens. Nothing secret is stored in the clear:

- an API key is 32 random bytes (``ofr_`` + URL-safe base64); only its SHA-256 is kept (a hash
  of a high-entropy secret needs no salt or stretching), plus its first characters to tell
  keys apart in a listing;
- a password is kept as a salted scrypt hash (``hashlib.scrypt``), compared in constant time;
- a session cookie is 32 random bytes; only its SHA-256 is kept, with the session's CSRF token
  (a synchroniser token, sent back in every form).

Creating and revoking keys and adding, changing and removing users are written to the audit
log in the same transaction (names and roles, never password material). Changing a user's
password or role, or removing the user, ends every session that user has.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import sqlite3
import time
from dataclasses import dataclass
from enum import IntEnum

from offramp.model import OfframpError
from offramp.store.audit import AuditLog
from offramp.store.transaction import timestamp, transaction

KEY_PREFIX = "ofr_"
SHOWN_PREFIX_CHARS = 12  # "ofr_" and 8 characters: enough to tell keys apart, useless to guess
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1  # 16 MiB and some 50 ms per check on one core
MIN_PASSWORD_CHARS = 12

class Role(IntEnum):
    """What a caller may do; each role may do everything the ones below it may.

    viewer: read lists, search, read runs, alerts and the audit check; analyst: also screen
    files and decide alerts; approver: also approve decisions (four-eyes); admin: everything.
    """

    VIEWER = 1
    ANALYST = 2
    APPROVER = 3
    ADMIN = 4

    @property
    def label(self) -> str:
        """The role's name as written on the command line and in JSON."""
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Role:
        """A role from its name; OfframpError naming the roles for anything else."""
        try:
            return cls[text.strip().upper()]
        except KeyError:
            names = ", ".join(r.label for r in cls)
            raise OfframpError(f"unknown role {text!r} (roles: {names})") from None


@dataclass(frozen=True, slots=True)
class ApiKey:
    """A stored API key (never the key itself)."""

    id: int
    name: str
    role: Role
    prefix: str
    created_at: str
    created_by: str
    revoked_at: str | None

    @property
    def active(self) -> bool:
        """False once revoked."""
        return self.revoked_at is None


@dataclass(frozen=True, slots=True)
class User:
    """A web UI user (the password hash stays in the store)."""

    id: int
    name: str
    role: Role
    created_at: str


@dataclass(frozen=True, slots=True)
class Session:
    """A logged-in browser: the user and the CSRF token its forms must send back."""

    user: User
    csrf_token: str
    expires_at: float


def sha256_hex(text: str) -> str:
    """SHA-256 of a secret's UTF-8 bytes, hex: what is stored for keys and session tokens."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def hash_password(password: str, salt: bytes | None = None) -> str:
    """A salted scrypt hash of ``password``, with its parameters, as stored."""
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R,
                            p=SCRYPT_P, dklen=32)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${digest.hex()}"


def check_password(password: str, stored: str) -> bool:
    """Whether ``password`` matches a hash made by :func:`hash_password` (constant time)."""
    try:
        kind, n, r, p, salt, digest = stored.split("$")
        if kind != "scrypt":
            return False
        found = hashlib.scrypt(password.encode("utf-8"), salt=bytes.fromhex(salt), n=int(n),
                               r=int(r), p=int(p), dklen=len(bytes.fromhex(digest)))
    except ValueError:
        return False
    return hmac.compare_digest(found.hex(), digest)


# Compared against when the user does not exist, so an unknown name takes as long to refuse
# as a wrong password: response times do not tell which user names exist.
_DUMMY_HASH = hash_password("not a password", salt=b"\x00" * 16)


class KeysStore:
    """API keys, users, sessions and failed logins over an open store connection.

    The connection must be used by one thread only (each request thread opens its own).
    """

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._db = connection

    # -- API keys -----------------------------------------------------------------------

    def create_key(self, name: str, role: Role, actor: str) -> tuple[ApiKey, str]:
        """A new API key for ``name``; returns it and the secret, which is not kept."""
        label = _required_name(name, "an API key needs a name (who or what uses it)")
        secret = KEY_PREFIX + secrets.token_urlsafe(32)
        with transaction(self._db):
            cur = self._db.execute(
                "INSERT INTO web_api_keys (name, role, key_sha256, prefix, created_at, "
                "created_by) VALUES (?, ?, ?, ?, ?, ?)",
                (label, role.label, sha256_hex(secret), secret[:SHOWN_PREFIX_CHARS],
                 timestamp(), actor))
            assert cur.lastrowid is not None
            key = self.get_key(cur.lastrowid)
            AuditLog(self._db).append("web.key.create", actor, f"web-key:{key.id}",
                                      {"key_id": key.id, "name": label, "role": role.label,
                                       "prefix": key.prefix})
        return key, secret

    def get_key(self, key_id: int) -> ApiKey:
        """One key by id; OfframpError when there is none."""
        row = self._db.execute("SELECT * FROM web_api_keys WHERE id = ?", (key_id,)).fetchone()
        if row is None:
            raise OfframpError(f"no API key {key_id}")
        return _key(row)

    def api_keys(self) -> list[ApiKey]:
        """Every key ever made, revoked ones included, oldest first."""
        return [_key(r) for r in self._db.execute("SELECT * FROM web_api_keys ORDER BY id")]

    def revoke_key(self, key_id: int, actor: str) -> ApiKey:
        """Revoke a key: from now on it authenticates nothing. Revoking twice is an error."""
        with transaction(self._db):
            key = self.get_key(key_id)
            if not key.active:
                raise OfframpError(f"API key {key_id} was already revoked at {key.revoked_at}")
            self._db.execute("UPDATE web_api_keys SET revoked_at = ? WHERE id = ?",
                             (timestamp(), key_id))
            AuditLog(self._db).append("web.key.revoke", actor, f"web-key:{key_id}",
                                      {"key_id": key_id, "name": key.name})
        return self.get_key(key_id)

    def key_for(self, secret: str) -> ApiKey | None:
        """The active key whose secret this is, or None."""
        if not secret.startswith(KEY_PREFIX):
            return None
        digest = sha256_hex(secret)
        row = self._db.execute("SELECT * FROM web_api_keys WHERE key_sha256 = ?",
                               (digest,)).fetchone()
        # The look-up is by hash already; comparing again in constant time costs nothing and
        # keeps the check independent of how the database compares text.
        if row is None or not hmac.compare_digest(row["key_sha256"], digest):
            return None
        key = _key(row)
        return key if key.active else None

    # -- users --------------------------------------------------------------------------

    def add_user(self, name: str, role: Role, password: str, actor: str) -> User:
        """Add a web UI user with a password (at least :data:`MIN_PASSWORD_CHARS` long)."""
        label = _required_name(name, "a user needs a name")
        _check_password_length(password)
        with transaction(self._db):
            if self._user_row(label) is not None:
                raise OfframpError(f"there is already a user called {label!r}")
            cur = self._db.execute(
                "INSERT INTO web_users (name, role, password_hash, created_at, created_by) "
                "VALUES (?, ?, ?, ?, ?)",
                (label, role.label, hash_password(password), timestamp(), actor))
            assert cur.lastrowid is not None
            AuditLog(self._db).append("web.user.add", actor, f"web-user:{cur.lastrowid}",
                                      {"user_id": cur.lastrowid, "name": label,
                                       "role": role.label})
        user = self.user(label)
        assert user is not None
        return user

    def user(self, name: str) -> User | None:
        """A user by name (case-insensitive), or None."""
        row = self._user_row(name)
        return _user(row) if row is not None else None

    def users(self) -> list[User]:
        """Every user, oldest first."""
        return [_user(r) for r in self._db.execute("SELECT * FROM web_users ORDER BY id")]

    def authenticate(self, name: str, password: str) -> User | None:
        """The user when the password is right, else None (in about the same time either
        way)."""
        row = self._user_row(name)
        if row is None:
            check_password(password, _DUMMY_HASH)
            return None
        return _user(row) if check_password(password, row["password_hash"]) else None

    def set_password(self, name: str, password: str, actor: str) -> User:
        """Give ``name`` a new password; their sessions end (they log in again)."""
        _check_password_length(password)
        with transaction(self._db):
            user = self._existing_user(name)
            self._db.execute("UPDATE web_users SET password_hash = ? WHERE id = ?",
                             (hash_password(password), user.id))
            ended = self._end_sessions_of(user)
            AuditLog(self._db).append("web.user.password", actor, f"web-user:{user.id}",
                                      {"user_id": user.id, "name": user.name,
                                       "sessions_ended": ended})
        return self._existing_user(name)

    def set_role(self, name: str, role: Role, actor: str) -> User:
        """Give ``name`` another role; their sessions end, so the old role stops at once."""
        with transaction(self._db):
            user = self._existing_user(name)
            if user.role == role:
                raise OfframpError(f"{user.name!r} has the {role.label} role already")
            self._db.execute("UPDATE web_users SET role = ? WHERE id = ?",
                             (role.label, user.id))
            ended = self._end_sessions_of(user)
            AuditLog(self._db).append("web.user.role", actor, f"web-user:{user.id}",
                                      {"user_id": user.id, "name": user.name,
                                       "from": user.role.label, "to": role.label,
                                       "sessions_ended": ended})
        return self._existing_user(name)

    def remove_user(self, name: str, actor: str) -> User:
        """Remove ``name`` and end their sessions. What they decided stays recorded under
        their name (decisions keep the name, not the user's id)."""
        with transaction(self._db):
            user = self._existing_user(name)
            ended = self._end_sessions_of(user)
            self._db.execute("DELETE FROM web_users WHERE id = ?", (user.id,))
            AuditLog(self._db).append("web.user.remove", actor, f"web-user:{user.id}",
                                      {"user_id": user.id, "name": user.name,
                                       "role": user.role.label, "sessions_ended": ended})
        return user

    def _existing_user(self, name: str) -> User:
        user = self.user(name)
        if user is None:
            raise OfframpError(f"there is no user called {name.strip()!r}")
        return user

    def _end_sessions_of(self, user: User) -> int:
        cur = self._db.execute("DELETE FROM web_sessions WHERE user_id = ?", (user.id,))
        return max(cur.rowcount, 0)

    def _user_row(self, name: str) -> sqlite3.Row | None:
        row: sqlite3.Row | None = self._db.execute(
            "SELECT * FROM web_users WHERE lower(name) = lower(?)", (name.strip(),)).fetchone()
        return row

    # -- sessions -----------------------------------------------------------------------

    def start_session(self, user: User, ttl_seconds: float) -> tuple[str, Session]:
        """A new session for ``user``; returns the cookie value (not kept) and the session."""
        token = secrets.token_urlsafe(32)
        csrf = secrets.token_urlsafe(32)
        now = time.time()
        with transaction(self._db):
            # Expired sessions go as new ones come: the table stays small without a sweeper.
            self._db.execute("DELETE FROM web_sessions WHERE expires_at < ?", (now,))
            self._db.execute(
                "INSERT INTO web_sessions (token_sha256, user_id, csrf_token, created_at, "
                "expires_at) VALUES (?, ?, ?, ?, ?)",
                (sha256_hex(token), user.id, csrf, now, now + ttl_seconds))
        return token, Session(user, csrf, now + ttl_seconds)

    def session_for(self, token: str) -> Session | None:
        """The live session of this cookie value, or None (unknown or expired)."""
        row = self._db.execute(
            "SELECT s.csrf_token, s.expires_at, u.* FROM web_sessions s "
            "JOIN web_users u ON u.id = s.user_id WHERE s.token_sha256 = ?",
            (sha256_hex(token),)).fetchone()
        if row is None or row["expires_at"] < time.time():
            return None
        return Session(_user(row), row["csrf_token"], row["expires_at"])

    def end_session(self, token: str) -> None:
        """Log a session out (nothing happens for an unknown one)."""
        with transaction(self._db):
            self._db.execute("DELETE FROM web_sessions WHERE token_sha256 = ?",
                             (sha256_hex(token),))

    # -- failed logins ------------------------------------------------------------------

    def record_failure(self, username: str, client: str) -> None:
        """Note a failed login for this user name and client address."""
        with transaction(self._db):
            self._db.execute("INSERT INTO web_login_failures (at, username, client) "
                             "VALUES (?, ?, ?)", (time.time(), username.strip().casefold(),
                                                  client))

    def failures_since(self, since: float, *, username: str | None = None,
                       client: str | None = None) -> int:
        """Failed logins after ``since`` (epoch seconds) for a user name or a client."""
        if username is not None:
            row = self._db.execute("SELECT COUNT(*) FROM web_login_failures WHERE username = ? "
                                   "AND at > ?", (username.strip().casefold(), since))
        else:
            row = self._db.execute("SELECT COUNT(*) FROM web_login_failures WHERE client = ? "
                                   "AND at > ?", (client or "", since))
        return int(row.fetchone()[0])


def _required_name(name: str, message: str) -> str:
    label = " ".join(name.split())
    if not label:
        raise OfframpError(message)
    return label


def _check_password_length(password: str) -> None:
    if len(password) < MIN_PASSWORD_CHARS:
        raise OfframpError(f"the password must have at least {MIN_PASSWORD_CHARS} characters")


def _key(row: sqlite3.Row) -> ApiKey:
    return ApiKey(id=row["id"], name=row["name"], role=Role.parse(row["role"]),
                  prefix=row["prefix"], created_at=row["created_at"],
                  created_by=row["created_by"], revoked_at=row["revoked_at"])


def _user(row: sqlite3.Row) -> User:
    return User(id=row["id"], name=row["name"], role=Role.parse(row["role"]),
                created_at=row["created_at"])
