"""The public Screener API on small real-shaped entities and on the bundled lists."""

from __future__ import annotations

from pathlib import Path

import pytest

from offramp.index.candidates import sound_keys, word_keys
from offramp.model import Entity, Identifier, Name, NameKind, Schema, UnscreenableError
from offramp.normalize.names import normalize_name
from offramp.screening.screener import Screener

ENTITIES = [
    Entity(id="30946", schema=Schema.COMPANY, source="ofac-cons",
           names=(Name("HANGZHOU HIKVISION DIGITAL TECHNOLOGY CO., LTD."),
                  Name("HIKVISION", NameKind.AKA)),
           countries=("CN",),
           identifiers=(Identifier("uscc", "91330000733796106P", "CN"),
                        Identifier("isin", "CNE100000PM8"))),
    Entity(id="9999", schema=Schema.VESSEL, source="ofac-sdn", names=(Name("ALI BABA"),)),
    Entity(id="7777", schema=Schema.PERSON, source="ofac-sdn", names=(Name("BABA, Ali"),)),
    Entity(id="5555", schema=Schema.COMPANY, source="ofac-sdn",
           names=(Name("GOLDEN PHOENIX LOGISTICS LLC"),)),
]


@pytest.fixture(scope="module")
def small() -> Screener:
    return Screener.from_entities(ENTITIES)


def test_search_returns_explained_matches(small: Screener) -> None:
    [top, *_] = small.search("Hikvision Digital Technology")
    assert top.entity.id == "30946"
    assert 0.0 < top.score <= 1.0
    assert top.threshold == small.threshold and top.algorithm == small.algorithm
    assert top.explanation[0].feature == "name" and top.explanation[0].weight == 1.0
    assert top.explanation[0].detail


@pytest.mark.parametrize("bad", ["", "   ", "!!!", "---", "x" * 2000, "LLC", "The Company Ltd"])
def test_unscreenable_input_is_an_error_not_an_empty_result(small: Screener, bad: str) -> None:
    with pytest.raises(UnscreenableError) as err:
        small.search(bad)
    assert err.value.reason


@pytest.mark.parametrize(("bad", "reason"), [
    ("!!!", "no letters or digits"),
    ("The Company Ltd", "only legal forms or stop words"),
    ("FRAU", "only a title such as Mr or Frau"),
    ("Mrs.", "only a title such as Mr or Frau"),
    ("\u0294\u0295", "could not be transliterated"),  # IPA letters with no ASCII form
])
def test_unscreenable_says_why(small: Screener, bad: str, reason: str) -> None:
    with pytest.raises(UnscreenableError) as err:
        small.search(bad)
    assert err.value.reason.startswith(reason)


@pytest.mark.parametrize("name", ["Vân Lê", "DAS", "M&S Ltd", "MS Ltd", "van Es BV"])
def test_names_that_read_as_particles_or_titles_are_screened(small: Screener,
                                                             name: str) -> None:
    # real names and companies once reported "unscreened": particles that are names (Lê,
    # Văn, Das), letters joined by "&" that spell a title (M&S), a company's one word
    small.search(name)  # no UnscreenableError


def test_exact_identifier_is_decisive(small: Screener) -> None:
    [top, *_] = small.search("HZ Digital", identifiers=["uscc:91330000733796106P"])
    assert top.entity.id == "30946" and top.score >= 0.98 and top.alert
    assert any(f.feature == "identifier" and f.value == 1.0 for f in top.explanation)


def test_conflicting_identifier_counts_against(small: Screener) -> None:
    plain = small.search("Hikvision")[0].score
    conflicting = small.search("Hikvision", identifiers=["uscc:91110000000000000X"])[0].score
    assert conflicting < plain


def test_a_person_is_not_a_vessel(small: Screener) -> None:
    ids = [m.entity.id for m in small.search("Ali Baba", schema="person")]
    assert "7777" in ids and "9999" not in ids
    assert "9999" in [m.entity.id for m in small.search("Ali Baba", schema="vessel")]


def test_save_and_load_give_the_same_results(small: Screener, tmp_path: Path) -> None:
    path = tmp_path / "screener.pickle"
    small.save(path)
    loaded = Screener.load(path)
    assert [(m.entity.id, m.score) for m in loaded.search("Golden Phoenix Logistics")] == [
        (m.entity.id, m.score) for m in small.search("Golden Phoenix Logistics")]


def test_damaged_cache_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bad.pickle"
    path.write_bytes(b"not a pickle")
    with pytest.raises(Exception, match="cannot load screener"):
        Screener.load(path)


def test_a_new_cache_prunes_the_least_recently_used_of_its_kind(small: Screener,
                                                                tmp_path: Path) -> None:
    """Every list update writes a new cached screener of about 30 MB: only the last
    CACHES_KEPT used of a kind stay, other kinds and other files are left alone."""
    import os

    from offramp.screening import screener as module

    for n, name in enumerate(["screener-store-aaaa", "screener-store-bbbb",
                              "screener-store-cccc", "screener-store-dddd",
                              "screener-bundled-eeee"]):
        small.save(tmp_path / f"{name}.pickle")
        os.utime(tmp_path / f"{name}.pickle", (1000 + n, 1000 + n))
    (tmp_path / "screener-store-ffff.pickle.tmp").write_bytes(b"interrupted")
    os.utime(tmp_path / "screener-store-ffff.pickle.tmp", (1000, 1000))
    (tmp_path / "screener-store-9999.pickle.tmp").write_bytes(b"being written now")
    (tmp_path / "notes.txt").write_text("mine")
    # a cache hit counts as a use: the oldest file, read now, outlives two newer ones
    assert Screener._cached(tmp_path / "screener-store-aaaa.pickle", lambda: small)
    built = Screener._cached(tmp_path / "screener-store-0000.pickle", lambda: small)
    assert built is small
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == ["notes.txt", "screener-bundled-eeee.pickle", "screener-store-0000.pickle",
                    "screener-store-9999.pickle.tmp", "screener-store-aaaa.pickle",
                    "screener-store-dddd.pickle"]
    assert module.CACHES_KEPT == 3
    # a directory that is not there: nothing deleted, nothing raised
    assert module.prune_caches(tmp_path / "elsewhere" / "screener-store-1.pickle") == []


def test_misspelling_sharing_no_word_or_sound_key_is_still_found(small: Screener) -> None:
    query = "Gokden Pjoenix Loguistics"
    listed = normalize_name("GOLDEN PHOENIX LOGISTICS LLC")
    norm = normalize_name(query)
    # The premise: the query shares no exact word key and no phonetic key with the entry,
    # so only the trigram fallback can find it.
    assert not set(word_keys(norm)) & set(word_keys(listed))
    assert not set(sound_keys(norm)) & set(sound_keys(listed))
    assert "5555" in [m.entity.id for m in small.search(query)]


def test_compare_is_on_the_search_scale(small: Screener) -> None:
    direct = small.compare("Golden Phoenix Logistics", "GOLDEN PHOENIX LOGISTICS LLC")
    searched = [m for m in small.search("Golden Phoenix Logistics") if m.entity.id == "5555"]
    assert searched and searched[0].score == direct


def test_default_screener_finds_hikvision_in_the_bundled_lists(bundled: Screener) -> None:
    for query in ("Hikvision", "Hangzhou Hikvision Digital Technology Co., Ltd.",
                  "HANGZHOU HIKVISION DIGITAL TECHNOLOGY"):
        top = bundled.search(query)[0]
        assert (top.entity.id, top.entity.source) == ("30946", "ofac-cons")
        assert top.alert


def test_min_score_keeps_only_strong_results(small: Screener) -> None:
    everything = small.search("Golden Phoenix Hikvision", limit=10)
    strong = small.search("Golden Phoenix Hikvision", limit=10, min_score=0.6)
    assert [(m.entity.id, m.score) for m in strong] == [
        (m.entity.id, m.score) for m in everything if m.score >= 0.6]
    assert 0 < len(strong) < len(everything)


def test_arabic_script_query_finds_its_latin_entry_by_skeletons(tmp_path: Path) -> None:
    """A query in Arabic script is selected by consonant skeletons, built on first use.

    "هدايت الله" romanises to "hdayt allh", which shares no word, no sound and too few
    trigrams with HIDAYATULLAH (UN Security Council list, TAi.108); joined, the two skeletons
    spell hdtlh, as HIDAYATULLAH's does.
    """
    entities = [*ENTITIES, Entity(id="6908412", schema=Schema.PERSON, source="un-sc",
                                  names=(Name("HIDAYATULLAH"),)),
                *[Entity(id=f"f{i}", schema=Schema.PERSON, source="t",
                         names=(Name(f"HIDAYAT {name}"),))
                  for i, name in enumerate(("KHAN", "ALI", "SHAH", "NOOR", "GUL"))]]
    screener = Screener.from_entities(entities)
    assert screener.index._skeletons == {}  # not built for a screener of Latin names alone
    screener.search("Hidayatullah Khan")
    assert screener.index._skeletons == {}
    path = tmp_path / "screener.pkl"
    screener.save(path)
    loaded = Screener.load(path)
    for s in (screener, loaded):
        q = s.query("هدايت الله")
        keyed = [s.names.text(i) for i in s.index.keyed_candidates(q.name, q.weights)]
        assert "HIDAYATULLAH" in keyed  # by its skeleton key, not the trigram fallback
        top = s.search("هدايت الله")[0]
        assert top.entity.id == "6908412"
        # (scored as one word's skeleton: found, but below the threshold, as a one-word
        # skeleton match always is)
        assert top.explanation[0].detail == "consonants only: words hdt+lh=hdtlh"
        built = s.index._skeletons[""]
        assert s.index.skeletons() is built  # built once


@pytest.mark.parametrize(("query", "listed"), [
    ("세르게이 쇼이구", "SHOIGU, Sergei Kuzhugetovich"),  # a foreign name: skeleton keys
    ("장선영", "JANG, Yong Son"),  # a Korean name, joined: the trigram fallback
    ("김정은", "KIM, Jong Un"),
    # an English r Hangul leaves out: the index keys KASPERSKY's "kspsk" too
    ("카스퍼스키 랩", "AO Kaspersky Lab"),
])
def test_hangul_query_finds_its_latin_entry(bundled: Screener, query: str,
                                            listed: str) -> None:
    """A query in Hangul is selected by the skeletons Hangul leaves (a foreign name's: "sk"
    for Shoigu is too short a key, the last word joined to the first, "sk" + "srk", is
    one) and always by the joined name's trigrams too (a Korean name's words are joined in
    Hangul, "jangsonyong", and apart and in another order on the list)."""
    top = bundled.search(query)[0]
    assert top.matched_name == listed


@pytest.mark.parametrize("query", [
    # "hikhwichan": Thai writes the v of vision as ว (w) and -sion as ชั่น, so as Thai leaves
    # them, Hikvision and the Thai are both "hkjn"
    "ฮิควิชั่น",
    # "hykvizhn": Hebrew writes the s of vision as ז' (zh), so both are "hkbzhn"
    "הייקוויז'ן",
])
def test_a_maker_written_by_its_sounds_ranks_first(bundled: Screener, query: str) -> None:
    """An English -sion is read as it sounds (``phonetic.english_ion``). A one-word skeleton
    match never alerts, but it ranks first."""
    top = bundled.search(query)[0]
    assert "hikvision" in top.matched_name.lower()
    assert top.score == 0.75


@pytest.mark.parametrize(("query", "listed"), [
    ("ガスプロム", "GAZPROM"),  # gasupuromu: kana write Gazprom's z as s
    ("ズベルバンク", "SBER"),  # zuberu bank: and Sberbank's s as z
    ("ヒズボラ", "HIZBALLAH"),  # hizubora: no final h
    # gasupuromu bank: a generic word apart in the query, written onto the name in the list
    # (the query's pair key with bank's consonants, "gsprmbnk")
    ("ガスプロムバンク", "GAZPROMBANK"),
    # nobateku, "nbtk": NOVATEK's word, only spelled so by NOVO-VYATKA ("nb" + "btk"), whose
    # same letters spaced otherwise score a little less between skeletons
    ("ノバテク", "NOVATEK"),
])
def test_katakana_query_ranks_its_entry_first(bundled: Screener, query: str,
                                             listed: str) -> None:
    assert listed in bundled.search(query)[0].matched_name


def test_katakana_query_finds_its_latin_entry_by_japanese_skeletons(tmp_path: Path) -> None:
    """A query in katakana is selected and scored by the skeletons kana leave of a name,
    whose keys and vocabulary are built on the first such query, after a save and load too.

    "カスペルスキー・ラボ" romanises to "kasuperusuki rabo", which shares no word, no sound and
    few trigrams with KASPERSKY LAB (FCC Covered List); as kana leave them, both are ksprsk rb.
    """
    entities = [*ENTITIES, Entity(id="kaspersky", schema=Schema.COMPANY, source="fcc",
                                  names=(Name("KASPERSKY LAB"),)),
                Entity(id="kasper", schema=Schema.COMPANY, source="t",
                       names=(Name("KASPER LABORATORIES"),))]
    screener = Screener.from_entities(entities)
    screener.search("Kaspersky Lab")
    assert screener.index._skeletons == {}  # not built for Latin queries
    assert screener.packed._readings == {}
    path = tmp_path / "screener.pkl"
    screener.save(path)
    loaded = Screener.load(path)
    for s in (screener, loaded):
        q = s.query("カスペルスキー・ラボ")
        assert q.name.script == "Kana"
        keyed = [s.names.text(i) for i in s.index.keyed_candidates(q.name, q.weights)]
        assert "KASPERSKY LAB" in keyed  # by its skeleton keys, not the trigram fallback
        top = s.search("カスペルスキー・ラボ")[0]
        assert (top.entity.id, top.alert) == ("kaspersky", True)
        assert top.explanation[0].detail == "consonants only: words rb=rb, ksprsk=ksprsk"
        vocab = s.packed._readings["Kana"]
        s.search("カスペルスキー")
        assert s.packed._readings["Kana"] is vocab  # built once
        assert list(s.index._skeletons) == ["Kana"]
        # a Latin query after it still reads the plain vocabulary
        assert s.search("Kaspersky Lab")[0].score == 1.0
