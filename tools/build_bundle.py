"""Build the bundled default snapshot from the reference files in ../shared/data/lists.

Run from the repository root:  .venv/bin/python tools/build_bundle.py [SHARED_DATA_DIR]

Also bundles offramp's own restricted-vendor catalogue (src/offramp/data/catalogue, see
docs/catalogue.md): re-run this after editing it, or the bundle test fails.

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
from offramp.lists.supplement import apply_aliases, write_aliases
from offramp.sources.base import ParsedList
from offramp.sources.files import content_sha256
from offramp.sources.registry import get_format

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "offramp" / "data" / "bundled"

# (source, publisher's date, folder under lists/, files in reading order, where the date
# comes from). The 2024 SDN file is the primary file alone, whose Remarks hold only weak
# aliases; the 2021 set's alt.csv aliases are carried over for entries whose primary name is
# unchanged (see offramp.lists.supplement).
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
# offramp's own compilation, from the repository rather than shared data; its date is read
# from the file itself (the newest source it cites).
CATALOGUE = ("offramp-catalogue", ROOT / "src" / "offramp" / "data" / "catalogue",
             ("restricted_vendors.csv",), "src/offramp/data/catalogue",
             "newest source_date in the catalogue (offramp's own compilation)")


def gzip_bytes(data: bytes) -> bytes:
    """Deterministic gzip: fixed mtime, no file name."""
    return gzip.compress(data, compresslevel=9, mtime=0)


def _carry_over_aliases(shared: Path, target: Path, current: ParsedList) -> dict[str, str]:
    """Write the 2021 alt.csv aliases of entries still listed under the same primary name."""
    old = get_format("ofac-legacy-csv").read(shared / "ofac/sdn-2021-07-07/sdn.csv", "ofac-sdn")
    now = {e.id: e.record.get("SDN_Name") for e in current.entities}
    rows = []
    for entity in old.entities:
        name = entity.record.get("SDN_Name")
        if entity.id not in now or now[entity.id] != name:
            continue
        rows += [(entity.id, str(name), n.kind.value, n.value) for n in entity.names
                 if n.kind.value in ("aka", "fka", "nka")]
    data = write_aliases(rows)
    file_name = "aliases-2021-07-07.csv.gz"
    (target / file_name).write_bytes(gzip_bytes(data))
    return {
        "file": file_name,
        "label": "OFAC SDN alt.csv of 2021-07-07 (the 2024-05-03 file has no alt.csv)",
        "original": "shared/data/lists/ofac/sdn-2021-07-07/alt.csv and sdn.csv",
        "sha256": hashlib.sha256(data).hexdigest(),
        "rows": str(len(rows)),
    }


def _bundle(source: str, pub_date: str | None, folder: Path, names: tuple[str, ...],
            original: str, date_from: str, shared: Path) -> dict[str, object]:
    """Copy one publication into the bundle; its manifest entry."""
    publisher = load_publishers()[source]
    target = OUT / source
    target.mkdir(parents=True, exist_ok=True)
    for old in target.glob("*.gz"):
        old.unlink()
    files = []
    for name in names:
        data = (folder / name).read_bytes()
        (target / f"{name}.gz").write_bytes(gzip_bytes(data))
        files.append({
            "name": f"{name}.gz",
            "original": f"{original}/{name}",
            "sha256": hashlib.sha256(data).hexdigest(),
            "size": len(data),
        })
    main_file = target / f"{names[0]}.gz"
    parsed = get_format(publisher.format).read(main_file, source)
    aliases = None
    if source == "ofac-sdn":
        aliases = _carry_over_aliases(shared, target, parsed)
        parsed = apply_aliases(parsed, target / aliases["file"], aliases["label"])
    if pub_date is None:
        assert parsed.publisher_date is not None, f"{source}: the file gives no date"
        pub_date = parsed.publisher_date.isoformat()
    entry: dict[str, object] = {
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
    }
    if aliases is not None:
        entry["aliases"] = aliases
    print(f"{source}: {len(parsed.entities)} entries from {len(files)} file(s)")
    return entry


def main() -> None:
    shared = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "data" / "lists"
    manifest = [
        _bundle(source, pub_date, shared / folder, names, f"shared/data/lists/{folder}",
                date_from, shared)
        for source, pub_date, folder, names, date_from in CHOSEN
    ]
    source, folder, names, original, date_from = CATALOGUE
    manifest.append(_bundle(source, None, folder, names, original, date_from, shared))
    (OUT / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", "utf-8")

if __name__ == "__main__":
    main()
