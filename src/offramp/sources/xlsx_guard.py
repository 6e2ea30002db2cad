"""Refusing an XLSX file before openpyxl opens it: not a zip, or a zip bomb.

Workbooks are untrusted (uploads, registers mailed in by a site): an XLSX is a zip of XML
members, and a few hundred kilobytes can declare gigabytes of XML. The sizes in the zip's
central directory are checked first; zipfile never inflates a member beyond its declared size,
so checking the declared sizes is enough. openpyxl then parses the XML with defusedxml (a
dependency of offramp), so entity-expansion tricks inside the workbook are refused too.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import IO

from offramp.model import SourceFormatError, UnsafeInputError

XLSX_MAX_RATIO = 100  # real workbooks compress 5-20x; a zip bomb, 1000x
XLSX_MAX_EXPANDED_BYTES = 1 << 30  # default cap on the unpacked size of a workbook
XLSX_RATIO_FLOOR = 1 << 20  # members smaller than this cannot hurt, whatever their ratio

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old binary .xls


def check_zip(path: Path, fh: IO[bytes], max_expanded_bytes: int = XLSX_MAX_EXPANDED_BYTES
              ) -> None:
    """Refuse what is not a zip, and a zip bomb, before any XML is parsed.

    Raises :class:`SourceFormatError` for a file that is not a zip (with a hint for an old
    ``.xls``) and :class:`UnsafeInputError` for a workbook that would unpack beyond
    ``max_expanded_bytes`` or more than ``XLSX_MAX_RATIO`` times its packed size. ``fh`` is
    left at its start.
    """
    try:
        with zipfile.ZipFile(fh) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, EOFError, ValueError):
        fh.seek(0)
        old = fh.read(len(OLE_MAGIC)) == OLE_MAGIC
        hint = "; it looks like an old .xls workbook: save it as .xlsx or CSV" if old else ""
        raise SourceFormatError(str(path), None,
                                f"not an XLSX workbook (not a zip file){hint}") from None
    finally:
        fh.seek(0)
    expanded = sum(m.file_size for m in members)
    packed = sum(m.compress_size for m in members)
    if expanded > max_expanded_bytes:
        raise UnsafeInputError(str(path), None, f"refused: the workbook would unpack to "
                               f"{expanded:,} bytes, more than the {max_expanded_bytes:,} allowed")
    for where, size, compressed in [(f"member {m.filename}", m.file_size, m.compress_size)
                                    for m in members] + [("the workbook", expanded, packed)]:
        if size > XLSX_RATIO_FLOOR and size > XLSX_MAX_RATIO * max(compressed, 1):
            raise UnsafeInputError(str(path), where, f"refused as a possible zip bomb: "
                                   f"{compressed:,} bytes would expand to {size:,} "
                                   f"(more than {XLSX_MAX_RATIO}x)")
