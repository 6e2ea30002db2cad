import numpy as np
import pytest

from offramp.index.candidates import CodePostings, Postings, trigram_codes, trigrams


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


@pytest.mark.parametrize("positions", [
    [0, 0, 1, 1, 2, 3, 3, 3],  # in order, as of_strings gives them (a stable sort by code)
    [3, 0, 3, 1, 2, 0, 1, 3],  # any order (sorted by code and position)
])
def test_code_postings_group_sort_and_deduplicate(positions: list[int]) -> None:
    codes = [9, 4, 9, 4, 7, 4, 9, 9]
    postings = CodePostings(np.array(codes, dtype=np.int64), np.array(positions, dtype=np.int64))
    expected = {code: sorted({p for c, p in zip(codes, positions, strict=True) if c == code})
                for code in sorted(set(codes))}
    assert postings.codes.tolist() == list(expected)
    found = {code: postings.ids[postings.offsets[k]:postings.offsets[k + 1]].tolist()
             for k, code in enumerate(postings.codes.tolist())}
    assert found == expected and postings.offsets[-1] == len(postings.ids)


def test_empty_code_postings() -> None:
    postings = CodePostings(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64))
    assert len(postings) == 0 and postings.offsets.tolist() == [0]
