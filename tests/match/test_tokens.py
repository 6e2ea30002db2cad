import pytest

from offramp.match.tokens import (
    ACRONYM_PAIR,
    ACRONYM_PAIR_LETTERS,
    COMPOUND_MIN,
    FEMININE_FLAG,
    MASCULINE_FLAG,
    Pair,
    align,
    compound_similarity,
    opposite_sexes,
    word_flags,
    word_similarity,
)
from offramp.normalize.names import TokenKind

W, N, INI = TokenKind.WORD, TokenKind.NUMBER, TokenKind.INITIAL


@pytest.mark.parametrize(
    ("a", "ka", "b", "kb", "expected"),
    [
        ("maduro", W, "maduro", W, 1.0),
        ("8", N, "6", N, 0.0),
        ("8", N, "8", N, 1.0),
        ("8", N, "eight", W, 0.0),
        ("j", INI, "john", W, 0.7),
        ("j", INI, "karl", W, 0.0),
        ("j", INI, "k", INI, 0.0),
    ],
)
def test_word_similarity_exact_cases(a: str, ka: TokenKind, b: str, kb: TokenKind,
                                     expected: float) -> None:
    assert word_similarity(a, ka, b, kb) == expected


def test_abbreviations_and_romanisation_variants() -> None:
    assert word_similarity("tech", W, "technology", W) == 0.8
    assert word_similarity("mohammed", W, "muhammad", W) > 0.75  # edit similarity alone
    assert word_similarity("bozhkov", W, "bojkov", W) == 0.92  # same variant key
    assert word_similarity("ghasem", W, "qasem", W) == 0.92  # Persian gh / q
    assert word_similarity("almadani", W, "madani", W) == 0.92  # article written onto it
    assert word_similarity("alexander", W, "exander", W) < 0.9
    assert word_similarity("hartman", W, "artman", W) < 0.85  # different first letter


def test_similar_spellings_score_between() -> None:
    assert 0.75 <= word_similarity("qaida", W, "qaeda", W) < 1.0
    assert word_similarity("tube", W, "wire", W) < 0.6


def test_alignment_is_one_to_one_and_ignores_order() -> None:
    pairs = align(("nicolas", "maduro"), (W, W), ("maduro", "moros", "nicolas"), (W, W, W))
    assert {(p.query, p.candidate, p.similarity) for p in pairs} == {(0, 2, 1.0), (1, 0, 1.0)}
    # The same word twice on one side pairs once.
    pairs = align(("ali", "ali"), (W, W), ("ali",), (W,))
    assert len(pairs) == 1


def test_two_words_written_together_pair_with_one() -> None:
    # "Ghulam Reza" / "GHOLAMREZA": the compound displaces the weaker ghulam~gholamreza pair
    pairs = align(("mahmoudi", "ghulam", "reza"), (W, W, W), ("mahmoudi", "gholamreza"), (W, W))
    assert [(p.query_words, p.candidate_words) for p in pairs] == [((0,), (0,)),
                                                                   ((1, 2), (1,))]
    assert pairs[1].compound and pairs[1].similarity == compound_similarity(
        "ghulam", "reza", "gholamreza") >= COMPOUND_MIN
    # on both sides at once: "HADDADADEL, Gholam-Ali" / "HADDAD-ADEL, Gholamali"
    pairs = align(("haddadadel", "gholam", "ali"), (W, W, W), ("haddad", "adel", "gholamali"),
                  (W, W, W))
    assert sorted((p.query_words, p.candidate_words, p.similarity) for p in pairs) == [
        ((0,), (0, 1), 1.0), ((1, 2), (2,), 1.0)]


def test_compounds_never_displace_a_better_pair() -> None:
    pairs = align(("aero", "caribbean"), (W, W), ("aero", "caribbean", "aerocaribbean"),
                  (W, W, W))
    assert not any(p.compound for p in pairs) and len(pairs) == 2
    # syllables written together or apart are the joined rule's job, not a compound's
    pairs = align(("hai", "kang"), (W, W), ("haikang",), (W,), syllabic=True)
    assert pairs == []
    # lengths alone can rule a compound out
    assert compound_similarity("al", "i", "gholamali") == 0.0


def test_a_particle_glued_on_pairs_with_the_particle_and_its_word() -> None:
    S = TokenKind.STOP
    # "ALAMIN, Mohamed" / AL-AMIN, Muhammad: al+amin~alamin, not amin~alamin (0.8)
    pairs = align(("alamin", "mohamed"), (W, W), ("al", "amin", "muhammad"), (S, W, W))
    assert sorted((p.query_words, p.candidate_words, p.similarity) for p in pairs)[0] == (
        (0,), (0, 1), 1.0)
    # ... either side, and spelt nearly alike ("AL-FAQIH" / "ALFAGIH", faqih~alfagih 0.74):
    # the spellings' first letters count, as the variant key of "alfagih" leaves its
    # article out ("fagih")
    pairs = align(("al", "faqih"), (S, W), ("alfagih",), (W,))
    assert [(p.query_words, p.candidate_words) for p in pairs] == [((0, 1), (0,))]
    assert pairs[0].similarity == compound_similarity("al", "faqih", "alfagih",
                                                      particle=True) > COMPOUND_MIN
    assert compound_similarity("al", "faqih", "alfagih") < COMPOUND_MIN
    # not a function word ("Davis and Sons" / DAVID, Andoson), nor before a short word
    # ("Alain" / AYDAH TRADING AL AIN)
    pairs = align(("davis", "and", "sons"), (W, S, W), ("david", "andoson"), (W, W))
    assert not any(p.compound for p in pairs)
    pairs = align(("alain",), (W,), ("trading", "al", "ain"), (W, S, W))
    assert not any(p.compound for p in pairs)


S = TokenKind.STOP
IRGC = ("islamic", "revolutionary", "guard", "corps", "ground", "force")


def _acronyms(pairs: list[Pair]) -> list[tuple[tuple[int, ...], tuple[int, ...], float]]:
    return [(p.query_words, p.candidate_words, p.similarity) for p in pairs if p.acronym]


def test_acronym_inside_a_name_pairs_with_the_words_it_spells() -> None:
    pairs = align(("irgc", "ground", "forces"), (W, W, W), IRGC, (W,) * 6)
    assert _acronyms(pairs) == [((0,), (0, 1, 2, 3), ACRONYM_PAIR)]
    assert all(p.compound for p in pairs if p.acronym)  # not a shared exact word
    # either side may hold the acronym
    pairs = align(IRGC, (W,) * 6, ("irgc", "ground", "forces"), (W, W, W))
    assert _acronyms(pairs) == [((0, 1, 2, 3), (0,), ACRONYM_PAIR)]


def test_acronym_skips_stop_words_inside_the_run() -> None:
    long = ("popular", "front", "for", "the", "liberation", "of", "palestine", "general",
            "command")
    kinds = (W, W, S, S, W, S, W, W, W)
    pairs = align(("pflp", "general", "command"), (W, W, W), long, kinds)
    assert _acronyms(pairs) == [((0,), tuple(range(7)), ACRONYM_PAIR)]


def test_acronym_rules_leave_other_cases_alone() -> None:
    # a name that is only the acronym: the name-level rule's (features._acronym)
    assert not _acronyms(align(("irgc",), (W,), IRGC, (W,) * 6))
    # not asked (persons, consonant skeletons)
    assert not _acronyms(align(("irgc", "ground"), (W, W), IRGC, (W,) * 6, acronyms=False))
    # words already paired are not spelled again; the initials must all be there
    assert not _acronyms(align(("ig", "ground"), (W, W), ("islamic", "ground"), (W, W)))
    assert not _acronyms(align(("irgx", "ground"), (W, W), IRGC, (W,) * 6))
    # one letter is an initial, seven too many
    assert not _acronyms(align(("i", "ground"), (INI, W), IRGC, (W,) * 6))
    assert ACRONYM_PAIR_LETTERS == (2, 6)


def test_acronym_takes_the_leftmost_run() -> None:
    pairs = align(("ab", "zeta"), (W, W), ("alpha", "beta", "zeta", "alpha", "bravo"),
                  (W,) * 5)
    assert _acronyms(pairs) == [((0,), (0, 1), ACRONYM_PAIR)]


def test_a_generic_word_pairs_across_scripts_only_when_spelt_nearly_alike() -> None:
    # ramy (رامي, Rami) is no spelling of army, which a listed name was translated into
    within = align(("ramy", "shhaby"), (W, W), ("army", "al", "shabi"), (W, S, W))
    across = align(("ramy", "shhaby"), (W, W), ("army", "al", "shabi"), (W, S, W),
                   across=True)
    assert [(p.query, p.candidate) for p in within] == [(1, 2), (0, 0)]
    assert [(p.query, p.candidate) for p in across] == [(1, 2)]
    # the generic word itself, or a spelling of it, still pairs
    assert [p.similarity for p in align(("army",), (W,), ("army",), (W,), across=True)] == [1.0]
    assert align(("armmy",), (W,), ("army",), (W,), across=True)
    # a generic word's skeleton is squeezed (committee -> comite), and counts as generic too
    assert align(("cmt",), (W,), ("comite",), (W,))
    assert not align(("cmt",), (W,), ("comite",), (W,), across=True)


def test_a_mans_given_name_never_pairs_with_a_womans() -> None:
    # Juana is not Juan (0.89 by spelling), nor Lisa Luis (0.75): the words stay unpaired
    assert word_similarity("juan", W, "juana", W) > 0.8
    assert align(("juan", "payne"), (W, W), ("payan", "meraz", "juana"), (W, W, W)) == [
        Pair(1, 0, word_similarity("payne", W, "payan", W))]
    assert [(p.query, p.candidate) for p in align(("lisa", "oliver"), (W, W),
                                                  ("rodriguez", "olivera", "luis"),
                                                  (W, W, W))] == [(1, 1)]
    # two men's names alike still pair (Mario / Marco), as a word of the table does with
    # one the table does not know
    assert [(p.query, p.candidate) for p in align(("mario", "rossi"), (W, W),
                                                  ("rossi", "marco"), (W, W))] == [
        (1, 0), (0, 1)]
    # and a word identical to itself, whatever it is
    assert align(("maria",), (W,), ("maria",), (W,)) == [Pair(0, 0, 1.0)]
    assert align(("juana",), (W,), ("juanita",), (W,))  # (juanita: not in the table)


def test_sexes_of_given_names() -> None:
    assert opposite_sexes("juan", "juana") and opposite_sexes("fernanda", "fernando")
    assert opposite_sexes("lisa", "luis")
    assert not opposite_sexes("juan", "luis")  # both a man's
    assert not opposite_sexes("juana", "maria")  # both a woman's
    assert not opposite_sexes("juan", "payan")  # a word that is no given name in the table
    # a name given to both sexes is in neither column, nor a Russian woman's name that is
    # also a man's name's genitive ("imeni Aleksandra": named after Aleksandr)
    assert not opposite_sexes("andrea", "andreas") and not opposite_sexes("jean", "jeanne")
    assert not opposite_sexes("aleksandra", "aleksandr")
    assert not opposite_sexes("valentina", "valentin")
    assert word_flags("juan") == MASCULINE_FLAG
    assert word_flags("juana") == FEMININE_FLAG
    assert word_flags("society") & (MASCULINE_FLAG | FEMININE_FLAG) == 0


def test_remembered_similarity_keeps_a_one_letter_words_kind() -> None:
    """A one-letter token is an initial or a word's consonant skeleton ("MA" is "m"): what
    one query remembered for the pair must not answer for the other kind."""
    from offramp.match.tokens import cached_similarity, word_similarity

    first = cached_similarity("mhmdy", TokenKind.WORD, "m", TokenKind.INITIAL)
    second = cached_similarity("mhmdy", TokenKind.WORD, "m", TokenKind.WORD)
    assert first == 0.7
    assert second == word_similarity("mhmdy", TokenKind.WORD, "m", TokenKind.WORD) < 0.6
