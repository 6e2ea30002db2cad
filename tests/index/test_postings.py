from offramp.index.candidates import Postings, trigrams


def test_postings_group_sort_and_deduplicate() -> None:
    postings = Postings([("b", 5), ("a", 3), ("b", 1), ("a", 3), ("c", 0), ("b", 5)])
    assert postings.get("a").tolist() == [3]  # type: ignore[union-attr]
    assert postings.get("b").tolist() == [1, 5]  # type: ignore[union-attr]
    assert postings.get("c").tolist() == [0]  # type: ignore[union-attr]
    assert postings.get("d") is None
    assert (postings.count("b"), postings.count("d")) == (2, 0)
    assert "a" in postings and len(postings) == 3


def test_empty_postings() -> None:
    postings = Postings([])
    assert postings.get("a") is None and len(postings) == 0


def test_trigrams_are_padded() -> None:
    assert trigrams("abc") == {" ab", "abc", "bc "}
