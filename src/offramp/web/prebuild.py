"""Build the screener for the lists in use in a separate process, into the cache folder.

    python -m offramp.web.prebuild DB_PATH CACHE_DIR

Building a screener over the official lists is seconds of pure Python; done in the serving
process it would hold the interpreter lock against every request meanwhile. The server runs this
first when the lists change, then loads the cached result (about a second), so answers stay fast
while a new version is prepared. Any failure here only means the server builds it itself.
"""

from __future__ import annotations

import sys
from pathlib import Path

from offramp.model import OfframpError
from offramp.screening.screener import Screener
from offramp.store import ListStore


def main(argv: list[str]) -> int:
    """Build and cache; 0 on success, 1 when there is nothing to build or it failed."""
    if len(argv) != 2:
        print("usage: python -m offramp.web.prebuild DB_PATH CACHE_DIR", file=sys.stderr)
        return 2
    try:
        with ListStore(Path(argv[0])) as store:
            Screener.from_store(store, Path(argv[1]))
    except OfframpError as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
