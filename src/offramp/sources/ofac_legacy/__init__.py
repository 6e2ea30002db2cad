"""OFAC legacy CSV: the SDN list (``sdn.csv`` + ``alt.csv`` + ``add.csv`` +
``sdn_comments.csv``) and the non-SDN consolidated list (``cons_prim.csv`` + ``cons_alt.csv``
+ ``cons_add.csv`` + ``cons_comments.csv``).

Give :meth:`OfacLegacyCsv.read` the primary file (any case, plain or ``.gz``); the other
files are picked up beside it when present. Some publications ship only the primary file
(the 2024 SDN snapshots): aliases then come only from Remarks, which holds OFAC's weak ones.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from offramp.sources.base import ParsedList
from offramp.sources.ofac_legacy.mapper import map_record, unique_names
from offramp.sources.ofac_legacy.reader import SDN_COLUMNS, file_set_for, read_publication

_TYPES = frozenset({"-0-", "individual", "vessel", "aircraft"})


class OfacLegacyCsv:
    """The ``ofac-legacy-csv`` format (see the module docstring)."""

    name = "ofac-legacy-csv"
    default_source = "ofac-sdn"
    description = ("OFAC legacy CSV: SDN list (sdn.csv, alt.csv, add.csv, sdn_comments.csv) "
                   "or consolidated non-SDN list (cons_prim.csv and siblings)")

    def sniff(self, path: Path, head: bytes) -> bool:
        """True for the primary file's row shape: ``36,"NAME",-0- ,"PROGRAM",...``.

        Twelve columns, an integer ent_num, a quoted name and an SDN_Type that is
        ``-0-``, individual, vessel or aircraft; alt.csv (5 columns) and add.csv (6) are
        not primary files and are not claimed.
        """
        text = head.decode("latin-1")
        end = text.find("\n")
        if end < 0:
            return False  # not even one whole line in 4 KiB: not this format
        line = text[:end].rstrip("\r")
        if not line[:1].isdigit() or ',"' not in line:
            return False
        try:
            fields = next(csv.reader(io.StringIO(line), strict=True))
        except (csv.Error, StopIteration):
            return False
        return (len(fields) == len(SDN_COLUMNS) and fields[0].strip().isdigit()
                and bool(fields[1].strip()) and fields[2].strip() in _TYPES)

    def read(self, path: Path, source: str | None = None) -> ParsedList:
        """Read the publication whose primary file is ``path``.

        The list id is ``ofac-cons`` for ``cons_prim*`` files and ``ofac-sdn`` otherwise,
        unless ``source`` says. Raises :class:`~offramp.model.SourceFormatError` naming
        the file and line for malformed input; never returns a partial list.
        """
        path = Path(path)
        files = file_set_for(path, source)
        publication = read_publication(path, files)
        list_id = source or files.source
        ids = unique_names(publication.records)
        entities = [map_record(path, record, list_id, ids) for record in publication.records]
        return ParsedList(
            source=list_id,
            format=self.name,
            entities=entities,
            files=tuple(publication.files),
            publisher_date=None,  # the legacy CSV files carry no date
            warnings=tuple(publication.warnings),
        )


FORMAT = OfacLegacyCsv()

__all__ = ["FORMAT", "OfacLegacyCsv"]
