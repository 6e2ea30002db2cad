"""Web addresses written as names: "WWW.SERCUBA.COM" is the company SERCUBA.

Lists carry websites as aliases (OFAC SDN 2021: "WWW.SERCUBA.COM", "KAHANE.ORG",
"WWW.AEROCONTINENTE.COM.PE") and supplier files carry them as names ("Amazon.com, Inc.").
What identifies the party is the host's own labels; "www", "http" and the top-level domains
say nothing, and left in they read as three extra words.
"""

from __future__ import annotations

import re

# Top-level domains that name nothing; a country code may follow them (".com.pe", ".co.uk").
GENERIC_TLDS = frozenset({"com", "net", "org", "info", "biz", "edu", "gov", "co", "ac"})

# Cheap test first: most names with a dot are "Co., Ltd." or "S.A.", not addresses.
_MAYBE = re.compile(r"www|https?:|\.(?:com|net|org|info|biz|edu|gov|co|ac)\b")
_ADDRESS = re.compile(r"(?:https?://)?(www\d?\.)?((?:[a-z0-9-]+\.)+[a-z0-9-]+)(?:/\S*)?")


def web_names(text: str) -> str:
    """``text`` (lower case) with each web address replaced by the names in it: the host's
    labels without "www" and the top-level domains ("https://www.aerocontinente.com.pe/" ->
    "aerocontinente", "amazon.com, inc." -> "amazon, inc.").

    A dotted word is an address only when it starts with www. or http(s)://, or ends in a
    generic top-level domain (with or without a country code after it), and every label
    left has two letters or more: "s.a.", "co.ltd", "no.8" and "j.p.morgan.com" stay as
    they are.
    """
    if not _MAYBE.search(text):
        return text
    return _ADDRESS.sub(_names, text)


def _names(match: re.Match[str]) -> str:
    labels = match.group(2).split(".")
    if labels[-1] in GENERIC_TLDS:
        drop = 1
    elif len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in GENERIC_TLDS:
        drop = 2
    elif match.group(1) or match.group(0).startswith("http"):
        drop = 1  # an address's last label is its top-level domain ("www.bntd.by")
    else:
        return match.group(0)
    names = labels[:-drop]
    if not names or any(len(label) < 2 for label in names):
        return match.group(0)
    return " ".join(names)
