"""Business words abbreviated with their dot in company names, written out.

Company registers and suppliers' own records shorten the words of a trade: Turkish titles end
"San. ve Tic. Ltd. Şti." (Sanayi ve Ticaret, industry and trade), Brazilian ones "Ind. e Com.
Ltda." (Indústria e Comércio), Chinese exporters write "IMP. & EXP. CO., LTD.", Spanish firms
"Hnos." (Hermanos) and English ones "Mfg." or "Bros.". The lists write the same companies both
ways (OFAC: AL-OMGY & BROS. MONEY EXCHANGE, a.k.a. AL-OMGY AND BROTHERS MONEY EXCHANGE; MEHDI
BROS SHIP SERV. PVT. LTD., a.k.a. MEHDI BROS. SHIP SERVICES PRIVATE LIMITED). Read as words,
"ind" and "com" met nothing in "INDUSTRIA E COMERCIO" and counted against the match ("Aslan
Ind. e Com. Ltda." scored 0.44 on ASLAN INDUSTRIA E COMERCIO LTDA), and "Şama Aslan San." met
the person SANI, Samad by its "san".

The table, ``data/business_abbreviations.csv``, gives each abbreviation as written and the word
it stands for, which ``org_words.csv`` may then translate like any other (sanayi -> industry,
ticaret -> trading). An abbreviation is written out only with its dot and at the start of a
word: "San Jose" and "Tic Tac" are names, and in "S.Com." (a legal form) or "amazon.com" the
dot before "com" says it is no word of its own. A letter may follow the dot, and another
abbreviation may follow the first ("SAN.TIC.LTD.STI.").
"""

from __future__ import annotations

import re
from functools import cache

from offramp.normalize.translit import to_ascii
from offramp.normalize.vocab import read_table


@cache
def _table() -> tuple[re.Pattern[str], re.Pattern[str], dict[str, str]]:
    """(a run of abbreviations, one abbreviation, abbreviation -> word), in lower-case ASCII,
    the normaliser's body."""
    words: dict[str, str] = {}
    for row in read_table("business_abbreviations.csv"):
        words[to_ascii(row["written"]).lower()] = row["word"]
    # longest first; one without a final dot ("f.lli") must end its word
    one = "|".join(
        re.escape(w) + ("" if w.endswith(".") else r"(?![a-z0-9])")
        for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![a-z0-9.])(?:{one})+"), re.compile(one), words


def written_out(body: str) -> str:
    """``body`` (a lower-case ASCII name with a dot in it) with each business abbreviation
    replaced by the word it stands for (see the module docstring)."""
    run, one, words = _table()
    # (a run at once: in "san.tic." the second follows the first's dot, which the run's
    # start may not)
    return run.sub(lambda found: " " + " ".join(
        words[piece] for piece in one.findall(found.group(0))) + " ", body)
