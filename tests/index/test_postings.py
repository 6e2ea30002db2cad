from offramp.index.candidates import Postings, trigram_codes, trigrams


def test_postings_group_sort_and_deduplicate() -> None:
    postings = Postings(["b", "a", "b", "a", "c", "b"], [5, 3, 1, 3, 0, 5])
    assert postings.get("a").tolist() == [3]  # type: ignore[union-attr]
    assert postings.get("b").tolist() == [1, 5]  # type: ignore[union-attr]
    assert postings.get("c").tolist() == [0]  # type: ignore[union-attr]
    assert postings.get("d") is None
    assert (postings.count("b"), postings.count("d")) == (2, 0)
    assert "a" in postings and len(postings) == 3


def test_empty_postings() -> None:
    postings = Postings([], [])
    assert postings.get("a") is None and len(postings) == 0


def test_trigrams_are_padded() -> None:
    assert trigrams("abc") == {" ab", "abc", "bc "}


def _decoded(code: int) -> str:
    return "".join(chr(code >> shift & 0x1FFFFF) for shift in (42, 21, 0))


def test_trigram_codes_are_each_strings_padded_trigrams() -> None:
    strings = ["abc", "", "x", "aaaa", "hikvision", "ab"]
    codes, owners = trigram_codes(strings)
    for i, text in enumerate(strings):
        mine = [_decoded(c) for c in codes[owners == i].tolist()]
        assert sorted(mine) == sorted(f" {text} "[j:j + 3] for j in range(len(text)))
        assert set(mine) == (trigrams(text) if text else set())
    assert [len(a) for a in trigram_codes([])] == [0, 0]
    assert [len(a) for a in trigram_codes([""])] == [0, 0]
