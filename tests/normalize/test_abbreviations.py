"""Business words abbreviated with their dot are written out (normalize.abbreviations)."""

from __future__ import annotations

import pytest

from offramp.normalize.abbreviations import written_out
from offramp.normalize.names import normalize_name


@pytest.mark.parametrize(
    ("written", "tokens"),
    [
        # Turkish company titles: San. ve Tic. (Sanayi ve Ticaret, industry and trade)
        ("Aslan Elektrik San. ve Tic. Ltd. Şti.", ("aslan", "elektrik", "industry", "ve",
                                                   "trading")),
        # one run on into the next, as registries write them
        ("ABC SAN.TIC.LTD.STI.", ("abc", "industry", "trading")),
        # a Turkish letter in the abbreviation (İth., İhr.: import, export)
        ("Profesyoneller Elektronik Tic. İth. ve İhr. Ltd. Şti.",
         ("profesyoneller", "electronics", "trading", "import", "ve", "export")),
        # Brazilian Ind. e Com. (Indústria e Comércio)
        ("Aslan Ind. e Com. Ltda.", ("aslan", "industry", "e", "comercio")),
        # Chinese exporters' Imp. & Exp.
        ("WUHAN SANJIANG IMP. & EXP. CO. LTD.", ("wuhan", "sanjiang", "import", "and",
                                                 "export")),
        ("MEHDI BROS. SHIP SERV. PVT. LTD.", ("mahdi", "brothers", "ship", "service")),
        ("Pérez Hnos. S.A.", ("perez", "hermanos")),
        ("F.lli Rossi S.p.A.", ("fratelli", "rossi")),
        ("Gebr. Müller GmbH", ("gebruder", "muller")),
    ],
)
def test_abbreviations_are_written_out(written: str, tokens: tuple[str, ...]) -> None:
    assert normalize_name(written).tokens == tokens


@pytest.mark.parametrize(
    ("written", "tokens"),
    [
        # without its dot a word is a word: San Jose, ING BANK-like names stay as written
        ("San Jose Trading", ("san", "jose", "trading")),
        ("Tic Tac Toys", ("tic", "tac", "toys")),
        # a dot before it: a legal form (S.Com.) or a web address, not the word
        ("Coll y Martinez S.Com.", ("coll", "y", "martinez")),
        ("amazon.com, inc.", ("amazon",)),
        # "F.lli" only as a word of its own
        ("F.llinox", ("f", "llinox")),
    ],
)
def test_what_is_no_abbreviation_stays(written: str, tokens: tuple[str, ...]) -> None:
    assert normalize_name(written).tokens == tokens


def test_written_out_only_touches_the_abbreviations() -> None:
    assert written_out("yaman san.").split() == ["yaman", "sanayi"]
    assert written_out("no abbreviation here, s.a.") == "no abbreviation here, s.a."
