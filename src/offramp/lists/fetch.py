"""Downloading publisher files: bounded in time and size, failing loudly.

Every way a download goes wrong -- an HTTP error status, a timeout, a connection cut short,
a body larger than the cap -- becomes an :class:`UpdateError` with one readable line; a
partial file is never handed on.
"""

from __future__ import annotations

import http.client
import socket
import urllib.error
import urllib.request
from pathlib import Path

from offramp.model import UpdateError

DEFAULT_TIMEOUT = 60.0
MAX_BYTES = 1 << 30  # the largest official file (SDN advanced XML) is well under 1 GiB
USER_AGENT = "offramp-list-updater (+https://github.com/offramp)"


def download(url: str, dest: Path, *, timeout: float = DEFAULT_TIMEOUT,
             max_bytes: int = MAX_BYTES) -> int:
    """Fetch ``url`` into ``dest``; returns the byte count. Raises UpdateError on any failure."""
    if not url.startswith(("http://", "https://")):
        raise UpdateError(f"{url}: only http and https URLs are fetched")
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            expected = response.headers.get("Content-Length")
            received = 0
            with dest.open("wb") as out:
                while True:
                    chunk = response.read(1 << 16)
                    if not chunk:
                        break
                    received += len(chunk)
                    if received > max_bytes:
                        raise UpdateError(f"{url}: larger than {max_bytes} bytes, refused")
                    out.write(chunk)
            if expected is not None and expected.isdigit() and int(expected) != received:
                raise UpdateError(f"{url}: connection closed after {received} of {expected} "
                                  "bytes (truncated download)")
            return received
    except urllib.error.HTTPError as exc:
        raise UpdateError(f"{url}: server answered HTTP {exc.code} {exc.reason}") from exc
    except TimeoutError as exc:
        raise UpdateError(f"{url}: timed out after {timeout:g} s") from exc
    except http.client.IncompleteRead as exc:
        raise UpdateError(f"{url}: connection closed early (truncated download)") from exc
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, (TimeoutError, socket.timeout)):
            raise UpdateError(f"{url}: timed out after {timeout:g} s") from exc
        raise UpdateError(f"{url}: cannot connect ({exc.reason})") from exc
    except (http.client.HTTPException, OSError) as exc:
        raise UpdateError(f"{url}: download failed ({exc})") from exc


