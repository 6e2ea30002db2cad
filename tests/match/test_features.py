"""Exact per-feature values and detail texts."""

from __future__ import annotations

from dataclasses import replace

import pytest

from offramp.match import features as f
from offramp.match.query import PreparedName, Query
from offramp.match.tokens import compound_similarity
from offramp.model import DateValue, Entity, Identifier, Name, NameKind, Schema
from offramp.normalize.names import normalize_name


def _q(text: str, schema: Schema | None = None, **kw: object) -> Query:
    norm = normalize_name(text)
    return Query(text, norm, tuple(1.0 for _ in norm.tokens), schema, **kw)  # type: ignore[arg-type]


def _c(text: str, kind: NameKind = NameKind.PRIMARY) -> PreparedName:
    norm = normalize_name(text)
    return PreparedName(0, text, kind, norm, tuple(1.0 for _ in norm.tokens))


def _e(schema: Schema = Schema.LEGAL_ENTITY, **kw: object) -> Entity:
    return Entity(id="1", schema=schema, names=(Name("X"),), source="t", **kw)  # type: ignore[arg-type]


def test_name_identical_is_one() -> None:
    result = f.name_similarity(_q("Banco Nacional de Cuba"), _c("BANCO NACIONAL DE CUBA"), _e())
    assert result is not None and result[0] == 1.0
    assert "banco" in result[1] or "bank" in result[1]


def test_name_reports_unmatched_words() -> None:
    result = f.name_similarity(_q("Steel Tubes"), _c("Steel Wires"), _e())
    assert result is not None
    value, detail = result
    assert value < 0.6
    assert "only in query" in detail and "only in list name" in detail


def test_name_person_order_and_missing_middle_name() -> None:
    result = f.name_similarity(_q("Nicolas Maduro"), _c("MADURO MOROS, Nicolas"),
                               _e(Schema.PERSON))
    assert result is not None and 0.8 <= result[0] < 1.0


def test_name_without_spaces() -> None:
    result = f.name_similarity(_q("AlQaida"), _c("AL-QAIDA"), _e())
    assert result is not None and result[0] >= 0.9


def test_name_syllabic_scripts_count_near_misses_less() -> None:
    # Hangul and Han are romanised syllable by syllable: "pyong" is not "yong".
    same = f.name_similarity(_q("김영철"), _c("KIM, Yong Chol"), _e(Schema.PERSON))
    other = f.name_similarity(_q("김병철"), _c("KIM, Yong Chol"), _e(Schema.PERSON))
    latin = f.name_similarity(_q("Kim Pyong Chol"), _c("KIM, Yong Chol"), _e(Schema.PERSON))
    assert same is not None and same[0] == 1.0
    assert other is not None and latin is not None
    assert other[0] < 0.8 < latin[0]  # the Latin spelling may be a variant; the Hangul not
    xian = f.name_similarity(_q("加藤 春香"), _c("ZHANG, Chunxian"), _e(Schema.PERSON))
    assert xian is not None and xian[0] < 0.6
    assert xian[1].endswith("; romanised syllable by syllable, so near misses count less")


def test_name_shared_exact_words_lift_partial_names() -> None:
    # Two words spelled alike: the same company renamed ("trading" -> "export and import").
    shared = f.name_similarity(_q("Korea Hyoksin Export and Import Corporation"),
                               _c("KOREA HYOKSIN TRADING CORPORATION"), _e())
    assert shared is not None
    # coverage of each side (all weights 1 here, "and" included; legal forms set aside)
    base = f.ORG_ALPHA * (2 / 3) + (1 - f.ORG_ALPHA) * (2 / 5)
    lift = f.SHARED_BONUS * min(1.0, 2 / f.SHARED_FULL)
    assert shared[0] == pytest.approx(base + (1 - base) * lift)
    assert shared[1].endswith(f"; 2 telling words spelled alike (+{(1 - base) * lift:.2f})")
    # Not for persons: a first name and a surname in common is how namesakes look.
    person = f.name_similarity(_q("William Ramirez"), _c("RAMIREZ VALENCIANO, William"),
                               _e(Schema.PERSON))
    lenient = (2 / (2 + f.PERSON_EXTRA_NAME))  # the second surname counts less
    assert person is not None
    assert person[0] == pytest.approx(f.PERSON_ALPHA + (1 - f.PERSON_ALPHA) * lenient)
    # One shared word gets no lift.
    one = f.name_similarity(_q("Hyoksin Export Corporation"),
                            _c("KOREA HYOKSIN TRADING CORPORATION"), _e())
    alpha = f.SINGLE_ALPHA  # one pair: the less-covered side decides more
    # ("korea", a place only the list name gives, counts PLACE_WEIGHT)
    listed = 1 / (1 + f.PLACE_WEIGHT + 1)
    assert one is not None and one[0] == pytest.approx(alpha * (1 / 2) + (1 - alpha) * listed)


def test_name_a_place_on_one_side_only_counts_little() -> None:
    # A subsidiary named for where it trades is the company (all weights 1 here, so
    # "hikvision" is a rare word too).
    uk = f.name_similarity(_q("Hikvision UK Ltd"), _c("HIKVISION"), _e())
    alpha = f.SINGLE_ALPHA
    base = alpha * 1.0 + (1 - alpha) * (1 / (1 + f.PLACE_WEIGHT))
    lift = (1 - base) * f.SHARED_BONUS * min(1.0, 1.0 / f.SHARED_FULL)
    assert uk is not None and uk[0] == pytest.approx(base + lift)
    assert uk[1] == ("words hikvision=hikvision; only in query: uk; "
                     f"a place on one side only counts little: uk; a rare word spelled alike "
                     f"(+{lift:.2f})")
    # the same from the list's side
    listed = f.name_similarity(_q("Reyco"), _c("REYCO GERMANY"), _e())
    assert listed is not None and listed[0] == pytest.approx(uk[0])
    # Each side giving its own place: two subsidiaries, the places count in full.
    two = f.name_similarity(_q("Hikvision UK"), _c("HIKVISION EUROPE"), _e())
    assert two is not None and two[0] == pytest.approx(alpha * (1 / 2) + (1 - alpha) * (1 / 2))
    assert "counts little" not in two[1]
    # A place both give is evidence like any word (two telling words alike: lifted).
    both = f.name_similarity(_q("Mujahidin Indonesia Barat"),
                             _c("MUJAHIDIN INDONESIA TIMUR"), _e())
    lifted = 2 / 3 + (1 - 2 / 3) * f.SHARED_BONUS
    assert both is not None and both[0] == pytest.approx(lifted)
    # Not for persons (Asia, India, Kenya are given names) nor vessels.
    for schema in (Schema.PERSON, Schema.VESSEL):
        plain = f.name_similarity(_q("Hikvision UK"), _c("HIKVISION"), _e(schema))
        assert plain is not None and plain[0] == pytest.approx(alpha + (1 - alpha) / 2)


def test_name_one_rare_word_lifts_when_one_side_is_covered() -> None:
    # All weights are 1 here, so every word is rare; "message ware" is only in the query and
    # the list name has nothing left over: one rare word spelled alike counts (OFAC lists
    # "PEYKASA MESSAGE-WARE CO." as an alias of "PEYKASA").
    lifted = f.name_similarity(_q("Peykasa Message-Ware Co."), _c("PEYKASA"), _e())
    assert lifted is not None
    alpha = f.SINGLE_ALPHA
    base = alpha * 1.0 + (1 - alpha) * (1 / 3)
    lift = (1 - base) * f.SHARED_BONUS * min(1.0, 1.0 / f.SHARED_FULL)
    assert lifted[0] == pytest.approx(base + lift)
    assert lifted[1].endswith(f"; a rare word spelled alike (+{lift:.2f})")
    # A vessel's name is often a given name: no lift.
    vessel = f.name_similarity(_q("Peykasa Message-Ware Co."), _c("PEYKASA"),
                               _e(Schema.VESSEL))
    assert vessel is not None and vessel[0] == pytest.approx(base)
    # Too short a word to be more than a chance spelling.
    short = f.name_similarity(_q("Osa Message-Ware"), _c("OSA"), _e())
    assert short is not None and short[0] == pytest.approx(base)


def test_name_list_name_whole_with_generic_words_lifts_in_full() -> None:
    # OFAC lists "NAFTAN PRODUCTION ASSOCIATION" as an alias of NAFTAN OAO: the list name is
    # written whole in it, and the query adds only generic words.
    alpha = f.SINGLE_ALPHA
    base = alpha * 1.0 + (1 - alpha) * (1 / 3)
    full = base + (1 - base) * f.SHARED_BONUS
    partial = base + (1 - base) * f.SHARED_BONUS * min(1.0, 1.0 / f.SHARED_FULL)
    whole = f.name_similarity(_q("Naftan Production Association"), _c("NAFTAN OAO"), _e())
    assert whole is not None and whole[0] == pytest.approx(full)
    assert whole[1].endswith(f"; the same telling words, the others generic (+{full - base:.2f})")
    # a word of its own added ("steelworks" is no generic word): the rare word's lift only
    steel = f.name_similarity(_q("Naftan Steelworks Association"), _c("NAFTAN OAO"), _e())
    assert steel is not None and steel[0] == pytest.approx(partial)
    # the list name in the query with a word missing: no lift beyond the rare word's
    part = f.name_similarity(_q("Naftan Association"), _c("NAFTAN STEELWORKS OAO"), _e())
    assert part is not None and part[0] < f.SHARED_BONUS
    # a list name of a generic word alone names no party of its own: the rare word's lift
    base_two = alpha * 1.0 + (1 - alpha) * (1 / 2)
    bare = f.name_similarity(_q("Trading Group"), _c("TRADING"), _e())
    assert bare is not None and bare[0] == pytest.approx(
        base_two + (1 - base_two) * f.SHARED_BONUS * min(1.0, 1.0 / f.SHARED_FULL))
    # not for persons nor vessels, whose names are given names and surnames
    for schema in (Schema.PERSON, Schema.VESSEL):
        other = f.name_similarity(_q("Naftan Production Association"), _c("NAFTAN"),
                                  _e(schema))
        assert other is not None and other[0] < partial


def test_name_same_words_but_the_kind_of_body_lifts_in_full() -> None:
    # OFAC lists AL-SALAH SOCIETY as AL-SALAH ORGANIZATION too: the same telling words, and
    # each name has a word of its own that names a kind of body.
    # (the helpers weigh every word 1, the article too: two of three words pair on each side)
    alpha = f.SINGLE_ALPHA
    base = 2 / 3
    partial = base + (1 - base) * f.SHARED_BONUS * min(1.0, 1.0 / f.SHARED_FULL)
    full = base + (1 - base) * f.SHARED_BONUS
    body = f.name_similarity(_q("Al-Salah Organization"), _c("AL-SALAH SOCIETY"), _e())
    assert body is not None and body[0] == pytest.approx(full)
    assert body[1] == ("words salah=salah, al=al; only in query: organization; only in list "
                       f"name: society; the same telling words, the others generic "
                       f"(+{full - base:.2f})")
    # a trade word tells companies apart (MILENYUM SHIPPING / MILENYUM ENERGY S.A.)
    trade = f.name_similarity(_q("Milenyum Shipping"), _c("MILENYUM ENERGY S.A."), _e())
    assert trade is not None and trade[0] < partial
    mixed = f.name_similarity(_q("Aman Trading Group"), _c("AMAN HOLDING COMPANY"), _e())
    assert mixed is not None and mixed[0] < full - 0.1
    # the query with no word of its own: the list name's body word is missing from it, which
    # the full lift is not for ("(주) 고려", Koryo Ltd, is no KORYO BANK)
    # (the rare word's lift, as before: the query has no word left over)
    bare = f.name_similarity(_q("Al-Salah"), _c("AL-SALAH SOCIETY"), _e())
    bare_base = alpha * 1.0 + (1 - alpha) * (2 / 3)
    assert bare is not None and bare[0] == pytest.approx(
        bare_base + (1 - bare_base) * f.SHARED_BONUS * min(1.0, 1.0 / f.SHARED_FULL))
    # nor for persons
    person = f.name_similarity(_q("Al-Salah Organization"), _c("AL-SALAH SOCIETY"),
                               _e(Schema.PERSON))
    assert person is not None and person[0] < partial


def test_name_short_form_of_its_entity_is_not_lifted_in_full() -> None:
    # The catalogue writes Dahua Technology both whole and as "Dahua"; "Dahua Electronics
    # Corporation", a Denied Person in New York, is another company: the short form keeps
    # the rare word's lift only.
    base = f.SINGLE_ALPHA * 1.0 + (1 - f.SINGLE_ALPHA) * (1 / 2)
    short = replace(_c("Dahua"), extended=True)
    result = f.name_similarity(_q("Dahua Electronics Corporation"), short, _e())
    assert result is not None and result[0] == pytest.approx(
        base + (1 - base) * f.SHARED_BONUS * min(1.0, 1.0 / f.SHARED_FULL))
    alone = f.name_similarity(_q("Dahua Electronics Corporation"), _c("Dahua"), _e())
    assert alone is not None and alone[0] == pytest.approx(base + (1 - base) * f.SHARED_BONUS)


def test_name_one_rare_word_needs_a_rare_word() -> None:
    q = _q("Peykasa Message-Ware Co.")
    norm = normalize_name("PEYKASA")
    common = PreparedName(0, "PEYKASA", NameKind.PRIMARY, norm, (f.RARE_WEIGHT - 0.01,))
    result = f.name_similarity(q, common, _e())
    assert result is not None and "rare word" not in result[1]


@pytest.mark.parametrize(("letters", "exponent"), [(4, 1.0), (8, 1.0), (10, 0.75), (12, 0.5),
                                                    (20, 0.5)])
def test_doubt_exponent(letters: int, exponent: float) -> None:
    assert f.doubt_exponent(letters) == exponent


def test_name_one_near_miss_counts_its_doubt_twice_less_for_a_long_word() -> None:
    short = f.name_similarity(_q("Melo"), _c("MELON"), _e())
    long = f.name_similarity(_q("Transservis"), _c("TRANSSERVICE"), _e())
    assert short is not None and long is not None
    # Melo / MELON: one pair at 8/9 (Indel), its doubt twice
    assert short[0] == pytest.approx((8 / 9) ** 2)
    # twelve letters: the doubt once and a half (20/23 to the power 1.5)
    assert long[0] == pytest.approx((20 / 23) ** 1.5)


def test_numbers_feature() -> None:
    assert f.numbers(_q("Maru No. 8"), _c("Maru No. 6"), _e()) == (
        -1.0, "different numbers: 8 vs 6")
    assert f.numbers(_q("Maru No. 8"), _c("Maru No 8"), _e()) == (0.0, "same numbers: 8")
    assert f.numbers(_q("Maru"), _c("Maru"), _e()) is None
    result = f.numbers(_q("Maru 8"), _c("Maru"), _e())
    assert result is not None and result[0] == -0.5


def test_schema_fit() -> None:
    result = f.schema_fit(_q("Emma LLC"), _c("Emma Daniels"), _e(Schema.PERSON))
    assert result is not None and result[0] == -1.0
    assert f.schema_fit(_q("Emma Daniels"), _c("Emma Daniels"), _e(Schema.PERSON)) is None
    # a legal form the person's listed name has too is a word of the name ("ag": son of)
    assert f.schema_fit(_q("GHALY, Iyad ag"), _c("GHALI, Iyad ag"), _e(Schema.PERSON)) is None
    assert not f.schemas_compatible(Schema.PERSON, Schema.VESSEL)
    assert not f.schemas_compatible(Schema.COMPANY, Schema.VESSEL)
    assert f.schemas_compatible(Schema.PERSON, Schema.LEGAL_ENTITY)
    assert f.schemas_compatible(None, Schema.AIRCRAFT)


def test_weak_alias() -> None:
    result = f.weak_alias(_q("BNC"), _c("BNC", NameKind.WEAK), _e())
    assert result is not None and result[0] == -1.0
    assert f.weak_alias(_q("BNC"), _c("BNC"), _e()) is None


def test_birth_date_agreement() -> None:
    entity = _e(Schema.PERSON, birth_dates=(DateValue.parse("1962-10-23"),))
    same = f.birth_date(_q("X", birth_date=DateValue.parse("1962-10-23")), _c("X"), entity)
    year = f.birth_date(_q("X", birth_date=DateValue.parse("1962")), _c("X"), entity)
    other = f.birth_date(_q("X", birth_date=DateValue.parse("1975")), _c("X"), entity)
    assert same is not None and same[0] == 1.0
    assert year is not None and year[0] == 0.5
    assert other is not None and other[0] == -1.0
    circa = _e(Schema.PERSON, birth_dates=(DateValue.parse("~1962"),))
    near = f.birth_date(_q("X", birth_date=DateValue.parse("1963")), _c("X"), circa)
    assert near is not None and near[0] == 0.3
    assert f.birth_date(_q("X"), _c("X"), entity) is None


def test_country() -> None:
    entity = _e(countries=("CN",))
    expected = (1.0, "country CN on the list entry")
    assert f.country(_q("X", country="CN"), _c("X"), entity) == expected
    result = f.country(_q("X", country="GB"), _c("X"), entity)
    assert result is not None and result[0] == -1.0
    assert f.country(_q("X", country="GB"), _c("X"), _e()) is None


def test_identifiers() -> None:
    entity = _e(identifiers=(Identifier("uscc", "91330000733796106P", "CN"),))
    match = f.identifiers(_q("X", identifiers=(Identifier("uscc", "9133 0000 7337 96106P"),)),
                          _c("X"), entity)
    assert match == (1.0, "same uscc 9133 0000 7337 96106P")
    conflict = f.identifiers(_q("X", identifiers=(Identifier("uscc", "91110000000000000X"),)),
                             _c("X"), entity)
    assert conflict is not None and conflict[0] == -1.0
    assert f.identifiers(_q("X", identifiers=(Identifier("imo", "9123456"),)), _c("X"),
                         entity) is None


def test_name_compound_words_explained() -> None:
    """Parts of a name written together on one side and apart on the other pair up, and the
    explanation shows them joined with "+"."""
    result = f.name_similarity(_q("MAHMOUDI, Ghulam Reza"), _c("MAHMOUDI, Gholamreza"),
                               _e(Schema.PERSON))
    assert result is not None
    sim = compound_similarity("ghulam", "reza", "gholamreza")  # the variant keys agree
    assert sim > 0.9
    assert f"ghulam+reza~gholamreza ({sim:.2f})" in result[1] and "only in" not in result[1]
    # every word paired: two query words and one list word at that similarity (weights 1)
    cov_q, cov_c = (1 + 2 * sim) / 3, (1 + sim) / 2
    alpha = f.PERSON_ALPHA
    assert result[0] == pytest.approx(alpha * max(cov_q, cov_c) + (1 - alpha) * min(cov_q, cov_c))


@pytest.mark.parametrize(("short", "long", "value"), [
    ("NLA", "NATIONAL LIBERATION ARMY", f.ACRONYM_SCORE),  # three letters
    ("LTTE", "LIBERATION TIGERS OF TAMIL EELAM", f.LONG_ACRONYM_SCORE),  # "of" skipped
    ("IRGCAF", "ISLAMIC REVOLUTIONARY GUARD CORPS AIR FORCE", f.LONG_ACRONYM_SCORE),
])
def test_name_acronym_worth_more_from_four_letters(short: str, long: str,
                                                   value: float) -> None:
    assert f.ACRONYM_SCORE < 0.78 <= f.LONG_ACRONYM_SCORE  # the default threshold between
    for a, b in ((short, long), (long, short)):  # either side may be the acronym
        result = f.name_similarity(_q(a), _c(b), _e())
        assert result is not None
        assert result == (value, f"acronym: {short.lower()!r} = initials of "
                                 f"{' '.join(normalize_name(long).tokens)!r}")


@pytest.mark.parametrize(("short", "long", "value"), [
    # OFAC SDN 2021 aliases of these names: the legal form is one of the initials
    ("NIOC", "NATIONAL IRANIAN OIL COMPANY", f.LONG_ACRONYM_SCORE),
    ("PGPICC", "PERSIAN GULF PETROCHEMICAL INDUSTRY COMMERCIAL CO.", f.LONG_ACRONYM_SCORE),
    ("GAESA", "GRUPO DE ADMINISTRACION EMPRESARIAL S.A.", f.LONG_ACRONYM_SCORE),
    # a generic word's initial as written ("ejercito" reads as "army")
    ("ERPAC", "EJERCITO REVOLUCIONARIO POPULAR ANTITERRORISTA DE COLOMBIA",
     f.LONG_ACRONYM_SCORE),
    ("EPR", "EJERCITO POPULAR REVOLUCIONARIO", f.ACRONYM_SCORE),  # three letters: no alert
])
def test_name_acronym_of_the_words_as_written(short: str, long: str, value: float) -> None:
    for a, b in ((short, long), (long, short)):  # either side may be the acronym
        result = f.name_similarity(_q(a), _c(b), _e())
        assert result is not None
        assert result[0] == value
        assert result[1].startswith(f"acronym: {short.lower()!r} = initials of ")


def test_name_acronym_as_written_not_for_persons() -> None:
    # a person's name with a legal form's word in it spells no acronym with it
    for schema in (Schema.PERSON, None):
        q_schema = None if schema is Schema.PERSON else Schema.PERSON
        result = f.name_similarity(_q("MKLC", q_schema), _c("Maria Kim Lopez Company"),
                                   _e(schema or Schema.LEGAL_ENTITY))
        assert result is not None and "initials" not in result[1] and result[0] < 0.5
    # an organisation's does
    result = f.name_similarity(_q("MKLC"), _c("Maria Kim Lopez Company"), _e())
    assert result is not None and result[0] == f.LONG_ACRONYM_SCORE


def test_name_acronym_as_written_needs_three_of_the_names_own_words() -> None:
    # innocent suppliers of bench/screen_batch.py that alerted on a listed acronym while the
    # legal form's letters or the stop words counted as much as the name's own words
    for query, listed in (("Banco del Noroeste S.A.", "BNSA CO"),
                          ("Instalaciones Rosa S.A.", "IRSA S.A."),
                          ("Andrea Navarrete de Anda", "ANDA COMPANY"),
                          ("Moss Inc", "MINISTRY OF STATE SECURITY")):
        result = f.name_similarity(_q(query), _c(listed), _e())
        assert result is not None and result[0] < 0.78, (query, listed)


def test_name_acronym_needs_every_initial() -> None:
    result = f.name_similarity(_q("LTT"), _c("LIBERATION TIGERS OF TAMIL EELAM"), _e())
    assert result is not None and result[0] < f.ACRONYM_SCORE
    result = f.name_similarity(_q("LTTF"), _c("LIBERATION TIGERS OF TAMIL EELAM"), _e())
    assert result is not None and result[0] < f.ACRONYM_SCORE


def test_name_acronym_inside_a_name_is_explained() -> None:
    result = f.name_similarity(_q("IRGC Ground Forces"),
                               _c("ISLAMIC REVOLUTIONARY GUARD CORPS GROUND FORCE"), _e())
    assert result is not None and result[0] >= 0.9
    assert "irgc = initials of islamic revolution guard corps (0.90)" in result[1]


def test_name_acronym_inside_a_name_not_for_persons_or_skeletons() -> None:
    # "IP" (a Russian legal form) is no acronym of a person's given names
    person = f.name_similarity(_q("IP Kozlov"), _c("KOZLOV, Ilya Pavlovich"), _e(Schema.PERSON))
    assert person is not None and "initials" not in person[1] and person[0] < 0.5
    # Arabic against Latin compares consonant skeletons, whose first letters are not the
    # words': "rn" (from "ayran") is no acronym of "rstgr ndstr"
    bare = f.name_similarity(_q("شهد ايران"), _c("SHAHID RASTEGAR INDUSTRIES"), _e())
    assert bare is not None and "initials" not in bare[1] and bare[0] < 0.5


@pytest.mark.parametrize(("short", "long", "value", "written_out", "detail"), [
    # three words or more: a one-word query alerts from six letters; a query written out
    # only with a legal form of its own (it may be anyone's name)
    ("COPROVA", "COMERCIALIZACION DE PRODUCTOS VARIOS", f.LONG_ABBREVIATION_SCORE,
     f.ABBREVIATION_SCORE,
     "'coprova' = co+pro+va, the beginnings of 'comercializacion productos varios'"),
    ("COPETE S.A.", "COLOMBO PERUANA DE TEJIDOS S.A.", f.LONG_ABBREVIATION_SCORE,
     f.LONG_ABBREVIATION_SCORE,
     "'copete' = co+pe+te, the beginnings of 'colombo peruana tejidos'"),
    # a single letter ("y") is skipped as a stop word is; the explanation shows the words as
    # matched (INVERSIONES is the generic "investment")
    ("INCOVALLE", "INVERSIONES Y CONSTRUCCIONES VALLE S.A.", f.LONG_ABBREVIATION_SCORE,
     f.LONG_ABBREVIATION_SCORE,
     "'incovalle' = in+co+valle, the beginnings of 'investment construcciones valle'"),
    # two words, one written whole, either one: only a one-word query alerts
    ("VALLECOM", "VALLE COMUNICACIONES LTDA.", f.LONG_ABBREVIATION_SCORE, f.ABBREVIATION_SCORE,
     "'vallecom' = valle+com, the beginnings of 'valle comunicaciones'"),
    ("MINOCONGO", "MINOTERIE DU CONGO SPRL", f.LONG_ABBREVIATION_SCORE, f.ABBREVIATION_SCORE,
     "'minocongo' = mino+congo, the beginnings of 'minoterie congo'"),
    # two words both cut short, or under six letters: ranks but does not alert
    ("CANALVE", "CANALES VENECIA", f.ABBREVIATION_SCORE, f.ABBREVIATION_SCORE,
     "'canalve' = canal+ve, the beginnings of 'canales venecia'"),
    ("KACH", "KAHANE CHAI", f.ABBREVIATION_SCORE, f.ABBREVIATION_SCORE,
     "'kach' = ka+ch, the beginnings of 'kahane chai'"),
])
def test_name_syllabic_abbreviation(short: str, long: str, value: float, written_out: float,
                                    detail: str) -> None:
    assert f.ABBREVIATION_SCORE < 0.78 <= f.LONG_ABBREVIATION_SCORE  # the threshold between
    # either side may be the abbreviation
    assert f.name_similarity(_q(short), _c(long), _e()) == (value, f"abbreviation: {detail}")
    assert f.name_similarity(_q(long), _c(short), _e()) == (written_out,
                                                            f"abbreviation: {detail}")


@pytest.mark.parametrize(("short", "long"), [
    ("COPROV", "COMERCIALIZACION DE PRODUCTOS VARIOS"),  # every word gives a piece: "va"
    ("CPROVA", "COMERCIALIZACION DE PRODUCTOS VARIOS"),  # two letters a piece at least
    ("COPROVAX", "COMERCIALIZACION DE PRODUCTOS VARIOS"),  # nothing added, the order kept
    ("PROCOVA", "COMERCIALIZACION DE PRODUCTOS VARIOS"),
    ("AVIATRANS", "AVIATRANS ANSTALT"),  # one of the words is no abbreviation of them all
    ("MARU", "MARCO 7 UNITED"),  # a number is no word to abbreviate
    ("ABCDEFGHIJ", "ABCDE FGHIJ KLM"),  # ... nor is the last word left out
])
def test_name_syllabic_abbreviation_needs_every_word_in_order(short: str, long: str) -> None:
    result = f.name_similarity(_q(short), _c(long), _e())
    assert result is not None and not result[1].startswith("abbreviation")


def test_name_syllabic_abbreviation_not_for_persons_skeletons_or_syllables() -> None:
    # a person's names are written out: "Ormari" is no abbreviation of ORTEGA, Maria
    person = f.name_similarity(_q("Ormari"), _c("ORTEGA, Maria"), _e(Schema.PERSON))
    assert person is not None and person[0] < f.ABBREVIATION_SCORE
    assert not person[1].startswith("abbreviation")
    # consonant skeletons have lost the letters that an abbreviation keeps
    bare = f.name_similarity(_q("كاخ"), _c("KAHANE CHAI"), _e())
    assert bare is not None and "abbreviation" not in bare[1]
    # a Chinese name romanised is its syllables run together: 方丽 (fangli) is no
    # abbreviation of FANG LIWU
    han = f.name_similarity(_q("方丽"), _c("FANG LIWU"), _e())
    assert han is not None and "abbreviation" not in han[1]
    assert f.name_similarity(_q("Fangli"), _c("FANG LIWU"), _e()) == (
        f.LONG_ABBREVIATION_SCORE, "abbreviation: 'fangli' = fang+li, the beginnings of "
                                   "'fang liwu'")


def test_skeletons_reduce_particles_as_arabic_writes_them() -> None:
    # Arabic writes "bin" and "al" without vowels like every other word: bn, l
    bare = f.skeleton(normalize_name("Usama BIN LADIN"))
    assert bare.tokens == ("sm", "bn", "ldn")
    assert bare.kinds == normalize_name("Usama BIN LADIN").kinds  # particles stay particles
    assert f.skeleton(normalize_name("DAEDONG MARU NO. 8")).tokens[-1] == "8"  # not numbers
    # the article written onto its word meets the Latin written apart (since match-9 both
    # are "abd al" and the name: names._abd_al, names._al_written_on)
    joined = f.name_similarity(_q("عبدالخالق الحوثي"), _c("ABD AL-KHALIQ AL-HOUTHI"),
                               _e(Schema.PERSON))
    assert joined is not None and joined[0] >= 0.78
    assert "bdal~abdal" in joined[1]
    apart = f.name_similarity(_q("محمد بن سلمان"), _c("MUHAMMAD BIN SALMAN"),
                              _e(Schema.PERSON))
    assert apart is not None and "bn=bn" in apart[1]


def test_skeleton_spellings_write_a_doubled_letter_once_across_words() -> None:
    # "جلال لطيف" is jl + ltf as skeleton words, JALALATIF jltf: each skeleton word has its
    # doubled letters written once, and so has the joined spelling (the same letters spaced
    # differently: nearly identical between skeletons)
    result = f.name_similarity(_q("جلال لطيف حقانى"), _c("JALALATIF HAQQANI"),
                               _e(Schema.PERSON))
    assert result is not None
    assert result[0] == pytest.approx(f.SKELETON_DISCOUNT * f.SQUEEZED_IDENTICAL)
    assert result[1] == "consonants only: spelled without spaces: 'jltphkn' ~ 'jltphkn'"
    # ("جلال الدين", Jalal al-Din, is one word on both sides now: names._al_written_on)
    din = f.name_similarity(_q("جلال الدين حقانى"), _c("JALALUDDIN HAQQANI"),
                            _e(Schema.PERSON))
    assert din is not None and din[1] == "consonants only: words hkn=hkn, jldn=jldn"
    # between Latin names nothing is squeezed: "Al Lami" spells allami, not alami
    plain = f._joined_similarity(normalize_name("Al Lami"), normalize_name("Alami"), 0.0)
    assert plain < 1.0
    assert f._joined_similarity(normalize_name("Al Lami"), normalize_name("Alami"), 0.0,
                                squeeze=True) == f.SQUEEZED_IDENTICAL
