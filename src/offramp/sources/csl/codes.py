"""The publisher's sub-lists inside the US Consolidated Screening List, as short codes.

Each CSL row names the list it comes from in full ("Entity List (EL) - Bureau of Industry
and Security"); the wording has changed over the years ("Capta List (CAP)" in 2019,
"Correspondent Account or Payable-Through Account Sanctions (CAPTA)" later, "Military End
User (MEU) List"), so the code is found from key words, not from the exact text.
"""

from __future__ import annotations

import re

# (code, words that identify the sub-list in the source text, lower case). Checked in order:
# "Non-SDN Chinese Military-Industrial Complex" must win over "Specially Designated".
_KEYWORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("CMIC", ("chinese military-industrial", "(cmic)", "ns-cmic")),
    ("MBS", ("menu-based", "(ns-mbs", "(mbs)")),
    ("CAPTA", ("capta", "(cap)", "payable-through")),
    ("SSI", ("sectoral sanctions", "(ssi)")),
    ("FSE", ("foreign sanctions evaders", "(fse)")),
    ("PLC", ("palestinian legislative council", "(plc)", "ns-plc")),
    ("ISA", ("iranian sanctions act", "(ns-isa)")),
    ("SDN", ("specially designated nationals", "(sdn)")),
    ("EL", ("entity list", "(el)")),
    ("DPL", ("denied persons", "(dpl)")),
    ("UVL", ("unverified list", "(uvl)")),
    ("MEU", ("military end user", "military end-user", "(meu)")),
    ("ISN", ("nonproliferation sanctions", "(isn)")),
    ("DTC", ("itar debarred", "aeca debarred", "(dtc)")),
)

_PAREN = re.compile(r"\(([A-Z][A-Z0-9-]{1,9})\)")

KNOWN_CODES: frozenset[str] = frozenset(code for code, _ in _KEYWORDS)


def source_code(source_text: str) -> str:
    """Short stable code ("EL", "DPL", "SDN", ...) for a CSL ``source`` cell.

    An unknown sub-list falls back to the abbreviation in brackets in its name, and failing
    that to the text itself, so a new list the publisher adds is still kept apart.
    """
    lowered = source_text.lower()
    for code, words in _KEYWORDS:
        if any(word in lowered for word in words):
            return code
    match = _PAREN.search(source_text)
    if match:
        return match.group(1)
    return source_text.strip()
