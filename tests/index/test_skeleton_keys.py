"""A list name's consonant-skeleton keys, per reading (``candidates.skeleton_keys``)."""

from __future__ import annotations

from offramp.index.candidates import skeleton_keys
from offramp.normalize.names import normalize_name


def test_plain_skeleton_keys_are_words_and_adjacent_pairs() -> None:
    keys = skeleton_keys(normalize_name("KASPERSKY LAB"))
    assert keys == ["~ksprsk", "~ksprsklb"]


def test_hangul_keys_add_a_word_without_its_unsounded_r() -> None:
    # 카스퍼스키 ("kasuposuki") is "kspsk": Hangul writes no r where English sounds none
    keys = skeleton_keys(normalize_name("KASPERSKY LAB"), "Hang")
    assert "~ksprsk" in keys and "~kspsk" in keys


def test_hangul_keys_add_nothing_where_every_r_is_sounded() -> None:
    assert skeleton_keys(normalize_name("LAVROV, Sergei"), "Hang") == ["~rprp", "~srk",
                                                                         "~rprpsrk"]
    # (Sergei without its r, "sk", is too short to be a key)


def test_other_readings_keep_the_r() -> None:
    # katakana writes an English r: カスペルスキー, "kasuperusukii"
    assert "~kspsk" not in skeleton_keys(normalize_name("KASPERSKY LAB"), "Kana")
