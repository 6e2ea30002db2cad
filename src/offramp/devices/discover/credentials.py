"""Credentials for device-API enrichment, built so they cannot leak by accident.

The password is held in one private slot; ``repr``/``str`` mask it, it is never part of any
result, log line, error or saved file, and it leaves the process only inside an HTTP Digest
response or a WS-UsernameToken digest (never as clear text: devices offering only Basic
authentication are skipped).
"""

from __future__ import annotations

import base64
import hashlib
import os
from datetime import UTC, datetime


class Credentials:
    """A user name and password supplied by the user for their own devices."""

    __slots__ = ("_password", "user")

    def __init__(self, user: str, password: str) -> None:
        if not user:
            raise ValueError("a user name is required")
        self.user = user
        self._password = password

    def secret(self) -> str:
        """The password, for the authentication code that needs it and nothing else."""
        return self._password

    def __repr__(self) -> str:
        return f"Credentials(user={self.user!r}, password='***')"

    __str__ = __repr__

    def __reduce__(self) -> tuple[object, ...]:
        # Pickling would write the password to wherever the pickle goes.
        raise TypeError("Credentials cannot be pickled")


def username_token(credentials: Credentials, *, nonce: bytes | None = None,
                   created: str | None = None) -> str:
    """A WS-Security ``UsernameToken`` header with a PasswordDigest.

    ``Base64(SHA-1(nonce + created + password))`` as the WS-Security UsernameToken Profile 1.0
    defines it and ONVIF requires; the password itself is not in the header.
    """
    nonce = nonce if nonce is not None else os.urandom(16)
    created = created or datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    digest = base64.b64encode(hashlib.sha1(
        nonce + created.encode() + credentials.secret().encode()).digest()).decode()
    wsse = ("http://docs.oasis-open.org/wss/2004/01/"
            "oasis-200401-wss-wssecurity-secext-1.0.xsd")
    wsu = ("http://docs.oasis-open.org/wss/2004/01/"
           "oasis-200401-wss-wssecurity-utility-1.0.xsd")
    profile = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0"
    user = (credentials.user.replace("&", "&amp;").replace("<", "&lt;")
            .replace(">", "&gt;"))
    return (
        f'<wsse:Security xmlns:wsse="{wsse}" xmlns:wsu="{wsu}"><wsse:UsernameToken>'
        f"<wsse:Username>{user}</wsse:Username>"
        f'<wsse:Password Type="{profile}#PasswordDigest">{digest}</wsse:Password>'
        f'<wsse:Nonce EncodingType="http://docs.oasis-open.org/wss/2004/01/'
        f'oasis-200401-wss-soap-message-security-1.0#Base64Binary">'
        f"{base64.b64encode(nonce).decode()}</wsse:Nonce>"
        f"<wsu:Created>{created}</wsu:Created>"
        "</wsse:UsernameToken></wsse:Security>"
    )
