"""Build the bundled OUI registry from the reference files in ../shared/data/oui.

Run from the repository root:  .venv/bin/python tools/build_oui_registry.py [SHARED_OUI_DIR]

* MA-L (/24) from IEEE's own ``oui.csv`` as released 2026-05 (``ieee-ma-l-2026-05.csv``);
* MA-M (/28), MA-S and IAB (/36) from Wireshark's merged ``manuf`` file of 2024-08, whose
  header records the IEEE files it was made from (mam.csv and oui36.csv of 2024-08-25).

Writes ``src/offramp/data/oui/oui-registry.json.gz`` (the registry with its manifest inside)
and ``manifest.json`` beside it (the same manifest, for reading in review). Re-running on the
same input gives byte-identical output; tests/fingerprint/test_oui_registry.py checks that
the bundle matches its manifest.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

from offramp.fingerprint.oui import FORMAT, OuiRegistry, encode_registry
from offramp.fingerprint.oui_files import RegistryRow, parse_ieee_csv, parse_wireshark_manuf

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "offramp" / "data" / "oui"
MA_L = "ieee-ma-l-2026-05.csv"
MANUF = "wireshark-manuf-2024-08.txt"
DATE = "2026-05"
# IEEE issued IABs (Individual Address Blocks, /36) under these two MA-L blocks only; manuf
# lists them among the /36 blocks without saying which are IABs. Compiler's knowledge, to be
# confirmed against https://standards-oui.ieee.org/iab/iab.csv.
IAB_PARENTS = ("0050C2", "40D855")


def _file_entry(path: Path, data: bytes, what: str, date: str, rows: int) -> dict[str, object]:
    return {"file": path.name, "original": f"shared/data/oui/{path.name}", "what": what,
            "date": date, "sha256": hashlib.sha256(data).hexdigest(), "size": len(data),
            "rows_used": rows}


def build(shared: Path) -> tuple[bytes, dict[str, object]]:
    """The registry document and its manifest."""
    ma_l_bytes = (shared / MA_L).read_bytes()
    manuf_bytes = (shared / MANUF).read_bytes()
    ma_l = parse_ieee_csv(ma_l_bytes.decode("utf-8"), MA_L, "MA-L")
    small = parse_wireshark_manuf(manuf_bytes.decode("utf-8"), MANUF, frozenset({28, 36}))
    relabelled = [
        RegistryRow("IAB", r.assignment, r.organisation, r.line)
        if r.registry == "MA-S" and r.assignment.startswith(IAB_PARENTS) else r
        for r in small
    ]
    manifest: dict[str, object] = {
        "format": FORMAT,
        "date": DATE,
        "date_note": "MA-L from IEEE's oui.csv released 2026-05; MA-M/MA-S/IAB from "
                     "Wireshark manuf 2024-08 (IEEE mam.csv and oui36.csv of 2024-08-25)",
        "files": [
            _file_entry(shared / MA_L, ma_l_bytes, "IEEE MA-L registry (oui.csv)", DATE,
                        len(ma_l)),
            _file_entry(shared / MANUF, manuf_bytes,
                        "Wireshark manuf: its /28 (MA-M) and /36 (MA-S, IAB) blocks",
                        "2024-08-25", len(small)),
        ],
        "iab_parents": list(IAB_PARENTS),
        "licence": "IEEE registry data: public listing by the IEEE Registration Authority; "
                   "Wireshark manuf: GPL-2.0-or-later (facts taken: prefixes and names)",
        "refresh_urls": {
            "MA-L": "https://standards-oui.ieee.org/oui/oui.csv",
            "MA-M": "https://standards-oui.ieee.org/oui28/mam.csv",
            "MA-S": "https://standards-oui.ieee.org/oui36/oui36.csv",
        },
    }
    rows = [*ma_l, *relabelled]
    data = encode_registry(rows, date=DATE, manifest=manifest)
    counts = OuiRegistry.from_bytes(data, "built").counts
    manifest["counts"] = counts
    data = encode_registry(rows, date=DATE, manifest=manifest)
    return data, manifest


def main() -> None:
    """Build and write the bundle."""
    shared = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "data" / "oui"
    data, manifest = build(shared)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "oui-registry.json.gz").write_bytes(data)
    (OUT / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False)
                                       + "\n", "utf-8")
    print(f"oui registry {DATE}: {manifest['counts']}, {len(data)} bytes")


if __name__ == "__main__":
    main()
