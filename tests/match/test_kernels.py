"""The compiled scorer must give exactly the reference's numbers (match.features/algorithm)."""

from __future__ import annotations

import hashlib
import random
from pathlib import Path

import numpy as np
import pytest
from rapidfuzz.distance import Indel

from offramp.index import kernels as index_kernels
from offramp.match import algorithm, kernels, tokens
from offramp.match.packed import encode, initials_code, pack_query
from offramp.model import Entity, FeatureScore, Name, NameKind, Schema, UnscreenableError
from offramp.normalize.names import normalize_name
from offramp.screening.screener import Screener


def _codes(text: str) -> np.ndarray:
    return encode([text])[0]


@pytest.mark.parametrize("alphabet", ["abcde", "abcdefghijklmnopqrstuvwxyz ", "aé中ك"])
def test_lcs_equals_rapidfuzz_indel(alphabet: str) -> None:
    rng = random.Random(alphabet)
    pm = np.zeros((256, 4), dtype=np.uint64)
    for _ in range(2000):
        # lengths beyond 64 (several bit blocks) and beyond 256 (the DP fallback) too
        a = "".join(rng.choice(alphabet) for _ in range(rng.choice((0, 3, 9, 70, 130, 300))))
        b = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 140)))
        assert kernels.indel(_codes(a), _codes(b), pm) == Indel.normalized_similarity(a, b)
    assert not pm.any()  # the scratch table is left clean


@pytest.mark.parametrize("text", ["Van der Berg, Pieter", "AL-QAHTANI Abu Bakr al", "X Y Z",
                                  "Mohammed bin Salman bin Abdulaziz", "the"])
def test_spellings_equal_normalized_name(text: str) -> None:
    name = normalize_name(text)
    chars, offs = encode(list(name.tokens))
    tok = np.arange(len(name.tokens), dtype=np.int64)
    kinds = np.array([["word", "number", "stop", "initial"].index(k.value)
                      for k in name.kinds], dtype=np.int8)
    spelled = ["".join(map(chr, kernels.spelled(tok, kinds, chars, offs, mode)))
               for mode in (0, 1, 2)]
    assert spelled == [name.joined, name.sorted_joined, name.glued_joined]


_ENTITIES = [
    Entity(id="p1", schema=Schema.PERSON, names=(
        Name("MADURO MOROS, Nicolas"), Name("Nicolás Maduro", NameKind.AKA)), source="t"),
    Entity(id="p2", schema=Schema.PERSON, names=(
        Name("AL-ZAWAHIRI, Ayman"), Name("أيمن الظواهري", NameKind.AKA),
        Name("Dr. Ayman", NameKind.WEAK)), source="t"),
    Entity(id="c1", schema=Schema.COMPANY, names=(
        Name("Hangzhou Hikvision Digital Technology Co., Ltd."),
        Name("杭州海康威视数字技术股份有限公司", NameKind.AKA)), source="t"),
    Entity(id="c2", schema=Schema.ORGANIZATION, names=(Name("Banco Nacional de Cuba"),),
           source="t"),
    Entity(id="v1", schema=Schema.VESSEL, names=(Name("DAEDONG MARU NO. 8"),), source="t"),
    Entity(id="c3", schema=Schema.COMPANY, names=(Name("STEEL TUBES GMBH & CO. KG"),
                                                  Name("A.B.C. Trading LLC")), source="t"),
    Entity(id="l1", schema=Schema.LEGAL_ENTITY, names=(Name("VAN DER BERG HOLDING B.V."),),
           source="t"),
    Entity(id="p3", schema=Schema.PERSON, names=(Name("KIM, Yong Chol"),
                                                 Name("ZHANG, Chunxian", NameKind.AKA)),
           source="t"),
    Entity(id="c4", schema=Schema.COMPANY, names=(Name("KOREA HYOKSIN TRADING CORPORATION"),),
           source="t"),
    # one rare word: lifts for a company, not for a vessel
    Entity(id="c5", schema=Schema.COMPANY, names=(Name("PEYKASA"),), source="t"),
    Entity(id="v2", schema=Schema.VESSEL, names=(Name("OSLEG"),), source="t"),
    # parts of a name written together or apart (compounds)
    Entity(id="p4", schema=Schema.PERSON, names=(Name("MAHMOUDI, Gholamreza"),
                                                 Name("HADDAD-ADEL, Gholamali"),
                                                 Name("MALEKOUTI POUR, Hamidreza")), source="t"),
    Entity(id="c6", schema=Schema.COMPANY, names=(Name("AEROCARIBBEAN AIRLINES"),),
           source="t"),
    # acronyms: three letters score less than four or more
    Entity(id="o1", schema=Schema.ORGANIZATION, names=(
        Name("LIBERATION TIGERS OF TAMIL EELAM"), Name("PFLP", NameKind.AKA),
        Name("NATIONAL LIBERATION ARMY", NameKind.AKA)), source="t"),
    # acronyms inside names, either side, stop words inside the run
    Entity(id="o2", schema=Schema.ORGANIZATION, names=(
        Name("ISLAMIC REVOLUTIONARY GUARD CORPS AIR FORCE"), Name("CONTINUITY IRA", NameKind.AKA),
        Name("JSC COMMERCIAL BANK NORTH CREDIT", NameKind.AKA),
        Name("PFLP GENERAL COMMAND", NameKind.AKA)), source="t"),
    # no acronyms between consonant skeletons: "rn" is no "rstgr ndstr"
    Entity(id="c7", schema=Schema.COMPANY, names=(Name("SHAHID RASTEGAR INDUSTRIES"),),
           source="t"),
    # particles reduced to skeletons too ("bin" -> bn, "al" -> l), apart or written on
    Entity(id="p5", schema=Schema.PERSON, names=(Name("ABD AL-KHALIQ AL-HOUTHI"),
                                                 Name("BIN LADEN, Hamza Usama"),
                                                 Name("JALALUDDIN HAQQANI"),
                                                 Name("JALAL AL-DIN HAQQANI"),
                                                 Name("JALALATIF HAQQANI"),
                                                 Name("JALAL LATIF HAQQANI")), source="t"),
    # names that Japanese kana write with a vowel after every consonant
    Entity(id="c8", schema=Schema.COMPANY, names=(Name("KASPERSKY LAB"), Name("ROSATOM"),
                                                  Name("SAMSUNG ELECTRONICS")), source="t"),
    Entity(id="p6", schema=Schema.PERSON, names=(Name("PUTIN, Vladimir Vladimirovich"),
                                                 Name("LAVROV, Sergei Viktorovich")), source="t"),
    # places on one side only count little (organisations), on both sides in full
    Entity(id="c9", schema=Schema.COMPANY, names=(Name("HIKVISION"), Name("REYCO GMBH GERMANY"),
                                                  Name("MUJAHIDIN INDONESIA TIMUR"),
                                                  Name("IRAN SHAHED")), source="t"),
    Entity(id="p7", schema=Schema.PERSON, names=(Name("KHAN, Asia"),), source="t"),
    # a person's name with a word that reads as a legal form (ag: Aktiengesellschaft)
    Entity(id="p8", schema=Schema.PERSON, names=(Name("GHALI, Iyad ag"),), source="t"),
    # one long word a letter or two from the query's (the near miss's doubt counts less)
    Entity(id="c10", schema=Schema.COMPANY, names=(Name("OBORONLOGISTICS LLC"),
                                                   Name("TRANSSERVICE"), Name("MELON")),
           source="t"),
    Entity(id="p9", schema=Schema.PERSON, names=(Name("AL-MUHAYSINI, Abdallah"),), source="t"),
    # syllabic abbreviations, either side (not for persons, nor between skeletons)
    Entity(id="c11", schema=Schema.COMPANY, names=(
        Name("COMERCIALIZACION DE PRODUCTOS VARIOS"), Name("KAHANE CHAI"), Name("SOVCOMFLOT"),
        Name("AVIATRANS ANSTALT"), Name("UNIDAD 7 CARDIOVASCULAR"),
        Name("INVERSIONES Y CONSTRUCCIONES VALLE S.A."), Name("VALLE COMUNICACIONES"),
        Name("MARTYRS INSTITUTE"), Name("MINOTERIE DU CONGO"), Name("COPETE"),
        Name("FANG LIWU")), source="t"),
    Entity(id="p10", schema=Schema.PERSON, names=(Name("ORTEGA, Maria"),), source="t"),
    # Hebrew queries: short skeletons count as one word (features.SKELETON_MIN_LETTERS)
    Entity(id="p11", schema=Schema.PERSON, names=(
        Name("KHAN, Ali"), Name("LAVROV, Sergei Viktorovich"), Name("MA LI"),
        Name("KHAN, Mohammed")), source="t"),
    # Hangul queries: skeletons as Hangul leaves them (phonetic.korean_skeleton); a generic
    # word beside a skeleton of few letters (features.SKELETON_MIN_DISTINCT)
    Entity(id="p12", schema=Schema.PERSON, names=(
        Name("SHOIGU, Sergei Kuzhugetovich"), Name("PUTIN, Vladimir Vladimirovich")),
           source="t"),
    Entity(id="o4", schema=Schema.ORGANIZATION, names=(
        Name("KAIKAI TECHNOLOGY CO., LTD."), Name("HIZBALLAH"), Name("AUM SHINRIKYO"),
        Name("KASPERSKY LAB"), Name("BANK MELLAT"), Name("HUAWEI TECHNOLOGIES CO., LTD."),
        Name("MI'MAR ENGINEERING COMPANY"), Name("OOO ENKOR GRUPP")),
           source="t"),
    # generic (translated) words pair across scripts only when spelt nearly alike: army and
    # ramy (رامي, Rami), bank and bnan (بنان, Banan); in katakana too
    Entity(id="o3", schema=Schema.ORGANIZATION, names=(
        Name("JAYSH AL-SHA'BI"), Name("ANSAR BANK"), Name("ARMY OF ISLAM"),
        Name("جيش الشعبي", NameKind.AKA)), source="t"),
    # acronyms of the words as written, legal form included (not a person's)
    Entity(id="o5", schema=Schema.ORGANIZATION, names=(
        Name("NATIONAL IRANIAN OIL COMPANY"), Name("PETROLEOS DE VENEZUELA, S.A."),
        Name("COMPAGNIE AERIENNE DES GRANDS LACS"), Name("GLBC")), source="t"),
    Entity(id="p13", schema=Schema.PERSON, names=(Name("DE LA CRUZ, Maria"),
                                                  Name("MKLC")), source="t"),
    # a list name whole in a query with generic words added, and the other way round
    Entity(id="c12", schema=Schema.COMPANY, names=(Name("NAFTAN OAO"),
                                                   Name("MARSHALL CAPITAL PARTNERS")),
           source="t"),
    Entity(id="v3", schema=Schema.VESSEL, names=(Name("NAFTAN"),), source="t"),
    Entity(id="p14", schema=Schema.PERSON, names=(Name("NAFTAN, Ivan"),), source="t"),
    # a short form beside the entity's full name (query.extended_names)
    Entity(id="c13", schema=Schema.COMPANY, names=(Name("Dahua"), Name("Dahua Technology")),
           source="t"),
    # a list name of generic words alone (features._whole_with_generic wants a word of its own)
    Entity(id="c14", schema=Schema.COMPANY, names=(Name("Trading Services"),), source="t"),
    # the same telling words and another kind of body, or another trade
    Entity(id="c15", schema=Schema.ORGANIZATION, names=(Name("AL-SALAH SOCIETY"),),
           source="t"),
    Entity(id="c16", schema=Schema.COMPANY, names=(Name("MILENYUM ENERGY S.A."),), source="t"),
    # one telling word of one length with letters swapped (features.SWAPPED_SHARE)
    Entity(id="c17", schema=Schema.COMPANY, names=(Name("BERLIN INDUSTRIES, CORP."),),
           source="t"),
    Entity(id="p4", schema=Schema.PERSON, names=(Name("ZEAITER, Ali"),), source="t"),
    # generic words and a short telling one, compared without spaces or not
    # (features._words_align); acronyms, not across scripts
    Entity(id="c18", schema=Schema.COMPANY, names=(
        Name("AKTSIONERNOE OBSHCHESTVO 'STRAKHOVAYA GRUPPA MSK'"), Name("URALVAGONZAVOD"),
        Name("AF TELECOM HOLDING LIMITED LIABILITY COMPANY"),
        Name("AKTSIONERNOE OBSHCHESTVO SG-DEVELOPMENT")), source="t"),
    # as many words split differently, a word left over on one side or on both, and a
    # vessel's skeleton (features._one_side_left)
    Entity(id="p5", schema=Schema.PERSON, names=(
        Name("AL-OTAIBI, Mohammad"), Name("ABAHUSSAIN, Mansour Othman M.")), source="t"),
    Entity(id="v3", schema=Schema.VESSEL, names=(Name("SPARTA IV"),), source="t"),
    # a man's given name and a woman's never pair (tokens.opposite_sexes), in either name
    Entity(id="p15", schema=Schema.PERSON, names=(
        Name("CARO QUINTERO, Rafael"), Name("PAYAN MERAZ, Juana"),
        Name("RODRIGUEZ OLIVERA, Luis")), source="t"),
    # an exact compound shares its words (four letters or more, one side with no telling
    # word left over; not for a vessel, nor between skeletons)
    Entity(id="c19", schema=Schema.COMPANY, names=(
        Name("HANGZHOU HIKVISION DIGITAL TECHNOLOGY CO., LTD."),
        Name("NAFTIRAN INTERTRADE CO. (NICO) LIMITED"),
        Name("PREDSTAVNISTVO CASAGRANDE EXPORT-IMPORT"), Name("BAVI GENERAL TRADING CO L.L.C"),
        Name("TIDEWATER MIDDLE EAST CO.")), source="t"),
    Entity(id="v4", schema=Schema.VESSEL, names=(Name("TIDEWATER"),), source="t"),
    # a particle glued onto its word on one side pairs with the particle and the word on the
    # other (tokens._particle): not a function word, not before a word under four letters
    Entity(id="p16", schema=Schema.PERSON, names=(
        Name("AL-AMIN, Muhammad 'Abdallah"), Name("DORDA, Abu Zaid"),
        Name("ALCHWIKI, Mhd Amer"), Name("DAVID, Andoson")), source="t"),
    Entity(id="c20", schema=Schema.ORGANIZATION, names=(
        Name("AL RAHMAH WELFARE ORGANIZATION"), Name("AYDAH TRADING AL AIN")), source="t"),
]
_QUERIES = ["Nicolas Maduro", "Maduro Moros Nicolás", "N. Maduro", "Ayman al Zawahiri",
            "ايمن الظواهري", "Hikvision", "Hangzhou Haikangweishi", "海康威视",
            "National Bank of Cuba", "Daedong Maru No 6", "Daedong Maru 8", "Steel Wires GmbH",
            "ABC Trading", "ABC", "Vanderberg Holding", "van der Berg Holding Ltd",
            "Ayman", "Maduro", "Steel Tubes Co. Ltd.", "Hikvision Digital Tech SA de CV",
            # syllabic scripts (near misses count less) and shared exact words
            "김영철", "김병철", "加藤 春香", "張春賢", "キム ヨンチョル",
            "Korea Hyoksin Export and Import Corporation", "Hyoksin Korea",
            "Peykasa Message-Ware Co.", "Osleg Enterprises", "Peykasa Osleg", "Peykasa Steel",
            "MAHMOUDI, Ghulam Reza Khodrat", "HADDADADEL, Gholam-Ali", "Aero-Caribbean",
            "MALAKUTIPUR, Hamid Reza", "Gholam Reza Haddad Adel", "Aero Caribbean Air Lines",
            "LTTE", "NLA", "Popular Front for the Liberation of Palestine", "LTTE Ltd",
            "IRGC Air Force", "IRGC AF", "Continuity Irish Republican Army", "CB North Credit",
            "Popular Front for the Liberation of Palestine General Command", "IRA Continuity",
            "Ilya Pavlovich Kozlov", "IP Kozlov", "North Credit CB Ltd", "شهد ايران",
            "عبدالخالق الحوثي", "عبد الخالق الحوثي", "حمزة أسامة بن لادن", "Hamza bin Ladin",
            "جلال الدين حقانى", "جلالدين حقانى", "Jalal al Din Haqqani", "جلال لطيف حقانى",
            "جلالطيف حقانى",
            "نصر الدين", "Nassereddine", "عبد الملك دروكدال", "Abdelmalek Droukdel",
            "カスペルスキー・ラボ", "カスペルスキー", "ロスアトム", "サムスン電子",
            "ウラジーミル・プーチン", "プーチン", "セルゲイ・ラブロフ", "Kaspersky",
            "Hikvision UK Ltd", "Hikvision Europe", "Reyco GmbH", "Reyco Italia",
            "Mujahidin Indonesia Barat", "Mujahidin of Eastern Indonesia", "شاهد",
            "شاهد ایران", "Asia Khan", "Khan UK", "GHALY, Iyad ag", "Iyad Ghaly AG",
            "OBORONLOGISTIKA, OOO", "Transservis", "Trans Servis", "Melo", "Oboron",
            "ALMUHAYSINI, A.", "MUHAYSENI, A.", "ALMUHAYSINI, Abdullah",
            "COPROVA", "Coprova SARL", "KACH", "Sovremenny Flot", "Sovcom Flot", "AVIATRANS",
            "UNICA", "UNI7CA", "INCOVALLE", "ORMARI", "Ormari Ltd", "VALLECOM",
            "VALLECOMUNICACIONESX", "COMVALLE", "Martins", "MINOCONGO", "MINOTCONGO",
            "VALCOMUNICACIONES", "MINOTERIECON", "كاخ", "COMPROVAR", "COPROVAS",
            "Colombo Peruana de Tejidos S.A.", "Colombo Peruana de Tejidos", "方丽", "Fangli",
            "Colombo Peruana S.A.", "رامي الشهابي", "بنان الأنصاري", "بنك الأنصار",
            "جيش الإسلام", "Rami al-Shahabi", "Army al Shaabi", "アーミー", "バンク アンサール",
            "לאה כהן", "יעל כהן", "מאיה לוי", "מוחמד כהן", "סרגיי לברוב", "לברוב",
            "ולדימיר פוטין", "קספרסקי", "בנק מלת", "רומן אברמוביץ'",
            "블라디미르 푸틴", "세르게이 쇼이구", "카스퍼스키 랩", "헤즈볼라", "(주) 코어기술",
            "코어기술", "김민준", "オウム真理教", "ファーウェイ・テクノロジーズ", "하이테라",
            "(주) 마루엔지니어링", "주식회사 네오겨레그룹", "마루",
            "แคสเปอร์สกี้ แล็บ", "เซอร์เกย์ ลาฟรอฟ", "กวาง ทันยุค", "ธนาคารกรุงเทพ",
            "NIOC", "PDVSA", "PVSA", "CAGL", "CADGL", "MCDL", "DLCM", "نيوك", "MKLC",
            "Great Lakes Business Company", "Petroleos de Venezuela SA", "Maria Kim Lopez Co",
            "Naftan Production Association", "Naftan Steelworks Association", "Naftan",
            "Production Association Naftan 2", "Ivan Naftan Group", "Marshall LLC",
            "Marshall Capital Partners Trading", "Naftan OAO Security Services",
            "Dahua Electronics Corporation", "Dahua Technology Group", "Dahua Group",
            "Trading Group", "Capital Partners Group", "Trading Services Group",
            "Al-Salah Organization", "Al-Salah Islamic Foundation", "Al-Salah Trading",
            "Al-Salah", "Milenyum Shipping", "Milenyum Group", "Milenyum Energy Group",
            "Bilgin San.", "Berlun Industries", "Bilgin Industries Zeaiter", "ZOEITER, Ali",
            "Zoeiter Industries", "Berlin Ind. Corp.", "Brelin Industries",
            "Brelni Industries", "Insurance Group", "Insurance Group MSK Holding",
            "NPK URALVAGONZAVOD", "الأستاذ فاتح طه", "AF Telecom", "سرمايه گذاري توسعه ملي",
            "SG Development", "اف تلکام", "ALOTAIBI, Mohammed I.", "ALOTAIBI Mohammed",
            "HUSSEIN, Mansour Othman Aba", "Mansour Othman Abahussain", "سفير عتيبة",
            "Sparta", "Rafaela Castro", "Rafael Caro", "Juan Payne", "Juana Payan",
            "Lisa Oliver", "Luis Olivera", "HangzhouHikvision", "Hangzhou Hik Vision",
            "ALAMIN, Mohamed", "Al Amin", "DORDA, Abouzid Omar", "AL CHWIKI, Mohamad Amer",
            "ALRAHMAH WELFARE ORG", "Alain Adam", "Davis and Sons", "Abuzaid Dorda",
            "Naft Iran Intertrade Company Ltd", "Casa Grande Brito - EI", "Casa Grande - EI",
            "Bà Vi Lê", "Tide Water Company", "Tide Water", "Tide Water Brito Trading",
            "تايد واتر", "Hikvision Digital Technology"]


def _scored_alike(screener: Screener, text: str, schema: str | None, explain: bool = False,
                  ) -> list[tuple[str, tuple[FeatureScore, ...]]]:
    """Score ``text`` against every name of ``screener`` compiled and by the reference,
    asserting they agree; each name's text with the reference's explanation (empty unless
    ``explain``)."""
    q = screener.query(text, schema)
    names = np.arange(len(screener.names), dtype=np.int64)
    values, totals = screener.packed.score(pack_query(q), names)
    out = []
    for i, prepared in enumerate(screener.names):
        entity = screener.entities[prepared.entity]
        assert values[i] == algorithm.name_only(q, prepared, entity), (text, prepared.text)
        expected, parts = algorithm.score(q, prepared, entity, explain=explain)
        assert min(1.0, max(0.0, totals[i])) == expected, (text, prepared.text)
        out.append((prepared.text, parts))
    return out


@pytest.mark.parametrize("schema", [None, "person", "company", "vessel"])
def test_compiled_scores_equal_the_reference(schema: str | None) -> None:
    screener = Screener.from_entities(_ENTITIES)
    compared = sum(len(_scored_alike(screener, text, schema)) for text in _QUERIES)
    assert compared == len(_QUERIES) * len(screener.names)


def test_search_scores_equal_their_explanations(bundled: Screener) -> None:
    """Over real list names: the score a search returns is the one its explanation adds up
    to (the explanation comes from the reference features)."""
    rng = random.Random(5)
    names = [n.value for e in bundled.entities for n in e.names]
    checked = 0
    for text in [*rng.sample(names, 150), "Mohamed Ali", "Kim Jong", "Bank Melli"]:
        # typos move the query off the list's own spelling
        chars = list(text)
        if len(chars) > 4:
            chars[rng.randrange(len(chars))] = rng.choice("aeioun")
        try:
            found = bundled.search("".join(chars))
        except UnscreenableError:
            continue
        for match in found:
            total = sum(f.value * f.weight for f in match.explanation)
            assert round(min(1.0, max(0.0, total)), 4) == pytest.approx(match.score, abs=1e-4)
            checked += 1
    assert checked > 500


def test_compiled_rare_word_lift_equals_the_reference() -> None:
    """One rare shared word (features.RARE_WEIGHT) lifts a company's score but not a vessel's;
    a word is rare only among many names, so the index here holds 2,000 more."""
    fillers = [Entity(id=f"f{i}", schema=Schema.COMPANY,
                      names=(Name(f"FILLER{i:04d} TRADING"),), source="t") for i in range(2000)]
    screener = Screener.from_entities([*_ENTITIES, *fillers])
    targets = [i for i, p in enumerate(screener.names) if p.text in ("PEYKASA", "OSLEG")]
    lifted = 0
    for text in ["Peykasa Message-Ware Co.", "Osleg Enterprises", "Peykasa Steel",
                 "Peykasa Osleg", "Osleg Message-Ware"]:
        for schema in (None, "company", "vessel"):
            q = screener.query(text, schema)
            values, totals = screener.packed.score(pack_query(q), np.array(targets, np.int64))
            for t, i in enumerate(targets):
                prepared = screener.names[i]
                entity = screener.entities[prepared.entity]
                assert values[t] == algorithm.name_only(q, prepared, entity), (text, schema)
                expected, parts = algorithm.score(q, prepared, entity, explain=True)
                assert min(1.0, max(0.0, totals[t])) == expected, (text, schema)
                lifted += any("a rare word spelled alike" in p.detail for p in parts)
    # PEYKASA for the three queries with that word, unless the query is a vessel; never the
    # vessel OSLEG
    assert lifted == 6


def test_compound_first_letter_shortcut_holds() -> None:
    """kernels._compounds skips compounds whose variant keys begin differently unless the
    words spell the same letters: sound only while such a compound cannot otherwise reach
    COMPOUND_MIN (see kernels._joins)."""
    assert tokens.FIRST_LETTER_FACTOR <= tokens.COMPOUND_MIN
    assert tokens.VARIANT_FACTOR < 1.0


def test_index_kernels_fingerprint_is_current() -> None:
    """match/kernels.py records index/kernels.py's hash: numba caches search_names by its own
    file only, so a change to the selection it compiles in must change this file too."""
    # (line ends as committed: a checkout that writes CRLF changes both files alike)
    source = Path(index_kernels.__file__).read_bytes().replace(b"\r\n", b"\n")
    assert hashlib.sha256(source).hexdigest()[:16] == kernels.INDEX_KERNELS_SHA256, (
        "index/kernels.py changed: set match.kernels.INDEX_KERNELS_SHA256 to its new hash")


def test_initials_codes_compare_as_the_strings_do() -> None:
    """The compiled scorer compares a word with a name's initials as written by one number."""
    chars, offs = encode(["nioc", "nioz", "ニオク"])
    assert kernels._code(chars, offs[0], offs[1]) == initials_code("nioc")
    assert kernels._code(chars, offs[1], offs[2]) != initials_code("nioc")
    assert kernels._code(chars, offs[2], offs[3]) == -1  # not ASCII: equal to no code
    with pytest.raises(ValueError):
        initials_code("abcdefghi")  # nine letters are no acronym
    with pytest.raises(UnicodeEncodeError):
        initials_code("niöc")


def test_the_flag_bits_are_the_ones_tokens_sets() -> None:
    # the scorer tests q_gen/v_gen & GENERIC, BODY, MASCULINE, FEMININE; packing writes
    # tokens.word_flags
    assert kernels.BODY == tokens.BODY_FLAG
    assert kernels.GENERIC == tokens.GENERIC_FLAG
    assert (kernels.MASCULINE, kernels.FEMININE) == (tokens.MASCULINE_FLAG, tokens.FEMININE_FLAG)
    assert kernels.FUNCTION == tokens.FUNCTION_FLAG
    assert tokens.generic_flag("society") == tokens.GENERIC_FLAG | tokens.BODY_FLAG
    assert tokens.generic_flag("trading") == tokens.GENERIC_FLAG
    assert tokens.generic_flag("hikvision") == 0


def test_compiled_compound_lift_equals_the_reference() -> None:
    """An exact compound shares its words (features._name_similarity): the lift is there for
    words of four letters or more with one side having no telling word left over, not for
    shorter words, a word left over on both sides, or a vessel; compiled as the reference."""
    screener = Screener.from_entities(_ENTITIES)
    lifted = set()
    for text, schema in [("HangzhouHikvision", None), ("Naft Iran Intertrade Company Ltd", None),
                         ("Tide Water Company", None), ("Bà Vi Lê", None),
                         ("Casa Grande Brito - EI", None), ("Tide Water", "vessel")]:
        for listed, parts in _scored_alike(screener, text, schema, explain=True):
            # (lifted, with a compound among the pairs: the words clause writes it "a+b")
            if any("telling words spelled alike" in p.detail and "+" in p.detail.split(";")[0]
                   for p in parts):
                lifted.add((text, listed))
    assert lifted == {
        ("HangzhouHikvision", "HANGZHOU HIKVISION DIGITAL TECHNOLOGY CO., LTD."),
        ("HangzhouHikvision", "Hangzhou Hikvision Digital Technology Co., Ltd."),  # (c1)
        ("Naft Iran Intertrade Company Ltd", "NAFTIRAN INTERTRADE CO. (NICO) LIMITED"),
        ("Tide Water Company", "TIDEWATER MIDDLE EAST CO.")}
