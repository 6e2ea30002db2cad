from offramp.index.candidates import Postings, trigrams


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
