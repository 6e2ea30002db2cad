"""Build the bundled default snapshot from the reference files in ../shared/data/lists.

Run from the repository root:  .venv/bin/python tools/build_bundle.py [SHARED_DATA_DIR]

Copies each chosen publication gzip-compressed (deterministically: no name, no mtime) into
src/offramp/data/bundled/<source>/ and writes manifest.json with its provenance: publisher,
publisher's date, sha256 of every original file, the publication's content hash, the entry
count as read by offramp's own reader, and the licence. Re-running on the same input gives
byte-identical output.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import sys
from pathlib import Path

from offramp.lists.publishers import load_publishers
from offramp.sources.files import content_sha256
from offramp.sources.registry import get_format

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "offramp" / "data" / "bundled"

# (source, publisher's date, folder under lists/, files in reading order, where the date
# comes from). The SDN 2021 set is not merged into the 2024 file: three years of listings
# and delistings lie between them, and the 2024 file carries its aliases in Remarks.
CHOSEN = (
    ("ofac-sdn", "2024-05-03", "ofac/sdn-2024-05-03", ("sdn.csv",),
     "archive folder name; OFAC's legacy CSV carries no date"),
    ("ofac-cons", "2025-12-19", "ofac/cons-2025-12-19",
     ("cons_prim.csv", "cons_alt.csv", "cons_add.csv", "cons_comments.csv"),
     "archive folder name (shared/data README: 'about 2025-12'); the CSV carries no date"),
    ("un-sc", "2026-02-27", "un", ("consolidated-2026-02-27.xml",),
     "dateGenerated attribute of the file"),
    ("bis-dpl", "2022-09-07", "bis", ("dpl-2022-09-07.txt",),
     "file name; the DPL text file carries no date"),
)


def gzip_bytes(data: bytes) -> bytes:
    """Deterministic gzip: fixed mtime, no file name."""
    return gzip.compress(data, compresslevel=9, mtime=0)


def main() -> None:
    shared = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "data" / "lists"
    publishers = load_publishers()
    manifest = []
    for source, pub_date, folder, names, date_from in CHOSEN:
        publisher = publishers[source]
        target = OUT / source
        target.mkdir(parents=True, exist_ok=True)
        for old in target.glob("*.gz"):
            old.unlink()
        files = []
        for name in names:
            data = (shared / folder / name).read_bytes()
            (target / f"{name}.gz").write_bytes(gzip_bytes(data))
            files.append({
                "name": f"{name}.gz",
                "original": f"shared/data/lists/{folder}/{name}",
                "sha256": hashlib.sha256(data).hexdigest(),
                "size": len(data),
            })
        main_file = target / f"{names[0]}.gz"
        parsed = get_format(publisher.format).read(main_file, source)
        manifest.append({
            "source": source,
            "title": publisher.title,
            "publisher": publisher.publisher,
            "format": publisher.format,
            "publisher_date": pub_date,
            "publisher_date_from": date_from,
            "main_file": f"{names[0]}.gz",
            "files": files,
            "sha256": content_sha256(list(parsed.files)),
            "entry_count": len(parsed.entities),
            "licence": publisher.licence,
            "info_url": publisher.info_url,
        })
        print(f"{source}: {len(parsed.entities)} entries from {len(files)} file(s)")
    (OUT / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", "utf-8")


if __name__ == "__main__":
    main()
