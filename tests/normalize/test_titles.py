"""Titles before a name and degrees after it are not the name (normalize.titles)."""

from __future__ import annotations

import pytest

from offramp.normalize.names import normalize_name
from offramp.normalize.titles import without_titles


@pytest.mark.parametrize(
    ("written", "tokens"),
    [
        ("Dipl.-Ing. Anna Koch B.Eng.", ("anna", "koch")),
        ("Prof. Dr. Hans Meier", ("hans", "meier")),
        ("Dr. med. Hans Meier", ("hans", "meier")),
        ("Univ.Prof. Karl Berg", ("karl", "berg")),
        ("Ing. Juan Carlos Loera", ("juan", "carlos", "loera")),
        ("Dott.ssa Maria Rossi", ("maria", "rossi")),
        ("Lic. Frida Gastélum", ("frida", "gastelum")),
        ("Doç. Yağın Koray Akça", ("yagin", "koray", "akca")),
        ("Öğr. Gör. Ali Veli", ("ali", "veli")),
        ("Tgk. Karya Saefullah, S.E.I", ("karya", "saefullah")),
        ("Ir. Anom Mansur, S.Pt.", ("anom", "mansur")),
        ("Britt Geisler MBA", ("britt", "geisler")),
        ("Britt Geisler MBA.", ("britt", "geisler")),
        ("Alan Möchlichen B.Sc.", ("alan", "mochlichen")),
        ("Dr. Gregory Fernandez PhD", ("gregory", "fernandez")),
        # a title after a comma starts that part of the name
        ("MEIER, Dipl.-Kfm. Hans", ("meier", "hans")),
    ],
)
def test_titles_and_degrees_are_not_the_name(written: str, tokens: tuple[str, ...]) -> None:
    assert normalize_name(written).tokens == tokens


@pytest.mark.parametrize(
    ("written", "tokens"),
    [
        # without its dot a word is a word: ING is a bank, Sig and Av may be names
        ("ING BANK", ("ing", "bank")),
        ("Sig Hansen", ("sig", "hansen")),
        # run on into the next word, the letters are an abbreviation of it
        ("IR.SHALAMCHE", ("ir", "shalamche")),
        # inside a name, DIPL.ING is part of it (and so it is no title of this query)
        ("BIB INDUSTRIE-HANDEL DIPL.ING M. MANGELSEN GMBH",
         ("bib", "industry", "handel", "dipl", "ing", "m", "mangelsen")),
        # two initials with a space stay initials; a ba at the end is a name (no dots)
        ("SMITH, John M. A.", ("smith", "john", "m", "a")),
        ("ALI BA", ("ali", "ba")),
        # a legal form is no degree: S.A. stays the company's legal form
        ("Acme S.A.", ("acme",)),
    ],
)
def test_what_is_no_title_stays(written: str, tokens: tuple[str, ...]) -> None:
    assert normalize_name(written).tokens == tokens


def test_a_degree_alone_stays_and_titles_alone_leave_nothing() -> None:
    assert without_titles("mba") == "mba"
    assert without_titles("b.sc.") == "b.sc."
    assert normalize_name("Dipl.-Ing.").tokens == ()
    assert normalize_name("Prof. Dr.").tokens == ()
    assert without_titles("hikvision digital technology co., ltd.") == (
        "hikvision digital technology co., ltd.")


def test_titles_alone_are_unscreenable_with_the_reason() -> None:
    from offramp.model import Entity, Name, Schema, UnscreenableError
    from offramp.screening.screener import Screener

    screener = Screener.from_entities([Entity(id="1", schema=Schema.PERSON, source="test",
                                              names=(Name("MEIER, Hans"),))])
    for name in ("Prof. Dr.", "Dr.", "Dipl.-Ing.", "Dott.ssa"):
        with pytest.raises(UnscreenableError, match="only a title"):
            screener.search(name)


def test_a_legal_form_after_a_degree_like_name_is_still_found() -> None:
    assert normalize_name("Acme S.A.").legal_forms == ("jsc",)
