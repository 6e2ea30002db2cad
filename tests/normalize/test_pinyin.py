"""The bundled pinyin table reads Chinese as pypinyin does, and a damaged one says so."""

from __future__ import annotations

import gzip
import importlib.util
import random
from pathlib import Path
from types import ModuleType

import pytest

from offramp.normalize.pinyin import (
    PinyinTableError,
    han_pinyin,
    load_table,
    parse_table,
    pinyin_table,
    segments,
)

TOOL = Path(__file__).resolve().parents[2] / "tools" / "build_pinyin_table.py"


def _tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_pinyin_table", TOOL)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _lazy(run: str) -> str:
    from pypinyin import lazy_pinyin

    return "".join(lazy_pinyin(run))


def test_the_bundled_table_is_what_the_tool_makes_from_the_installed_pypinyin() -> None:
    """Its readings, character class and order (the header's version may differ)."""
    def content(text: str) -> list[str]:
        return [line for line in text.splitlines()
                if not line.startswith(("#pypinyin ", "# Derived by"))]

    bundled = gzip.decompress(
        (TOOL.parents[1] / "src/offramp/normalize/data/pinyin.tsv.gz").read_bytes())
    assert content(bundled.decode("utf-8")) == content(_tool().table_text()), (
        "pypinyin reads differently: re-run tools/build_pinyin_table.py")


def test_runs_of_phrases_and_characters_read_as_lazy_pinyin() -> None:
    table = pinyin_table()
    rng = random.Random(7)
    phrases = sorted(table.phrases)
    chars = sorted(table.chars)
    prefixes = sorted(table.prefixes)
    for _ in range(3000):
        pieces = [rng.choice(rng.choice((phrases, chars, prefixes)))
                  for _ in range(rng.randint(1, 5))]
        run = "".join(pieces)
        assert han_pinyin(run) == _lazy(run), run


@pytest.mark.parametrize("run", [
    "海康威视", "重庆", "长城", "银行行长", "杭州海康威视数字技术股份有限公司",
    "𠀀中",  # a rare character pypinyin reads alone
    "中\U0002a6e0国",  # a character in the Han blocks that pypinyin does not read: kept
    "〇",
])
def test_names_read_as_lazy_pinyin(run: str) -> None:
    assert han_pinyin(run) == _lazy(run)


def test_a_run_that_only_begins_phrases_is_cut_into_characters() -> None:
    """pypinyin's quirk: the rest of a run that begins some phrase but holds none is read
    character by character, with no phrase looked for further on."""
    table = pinyin_table()
    found = None
    for phrase in sorted(table.phrases):
        head = phrase[:-1]
        # (no phrase begins it, and one is inside it, which the quirk does not look for)
        if len(head) >= 3 and not any(
                head[:end] in table.phrases for end in range(1, len(head) + 1)) and any(
                head[start:end] in table.phrases for start in range(1, len(head))
                for end in range(start + 2, len(head) + 1)):
            found = head
            break
    assert found is not None
    assert list(segments(found)) == list(found)
    assert han_pinyin(found) == _lazy(found)


def test_segments_keep_other_characters_whole() -> None:
    assert list(segments("重庆abc银行")) == ["重庆", "abc", "银行"]


def _write(path: Path, text: str) -> Path:
    path.write_bytes(gzip.compress(text.encode("utf-8")))
    return path


GOOD = "#pypinyin 0.55.0\n#hans [\\u4e00-\\u9fff]\n#phrases\n重庆\tchongqing\n#chars\n重\tzhong\n"


def test_a_small_table_reads(tmp_path: Path) -> None:
    table = load_table(_write(tmp_path / "t.tsv.gz", GOOD))
    assert table.source == "0.55.0"
    assert table.phrases == {"重庆": "chongqing"} and table.chars == {"重": "zhong"}
    assert table.prefixes == frozenset({"重"})


@pytest.mark.parametrize(("text", "message"), [
    (GOOD.replace("#chars\n", ""), "#phrases and #chars"),
    (GOOD.replace("#pypinyin 0.55.0\n", ""), "#pypinyin and #hans"),
    (GOOD.replace("[\\u4e00-\\u9fff]", "[\\u4e00-"), "#hans"),
    (GOOD.replace("重庆\tchongqing", "重庆 chongqing"), "not '<text>"),
    (GOOD.replace("重\tzhong", "重\tzhong\textra"), "not '<text>"),
    (GOOD.replace("重\tzhong\n", ""), "not '<text>"),
])
def test_a_damaged_table_is_an_error(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(PinyinTableError, match=message):
        load_table(_write(tmp_path / "bad.tsv.gz", text))
    with pytest.raises(PinyinTableError, match=message):
        parse_table(text)


def test_a_truncated_or_missing_file_is_an_error(tmp_path: Path) -> None:
    whole = _write(tmp_path / "t.tsv.gz", GOOD).read_bytes()
    (tmp_path / "cut.tsv.gz").write_bytes(whole[:len(whole) // 2])
    with pytest.raises(PinyinTableError, match="cannot read"):
        load_table(tmp_path / "cut.tsv.gz")
    with pytest.raises(PinyinTableError, match="cannot read"):
        load_table(tmp_path / "missing.tsv.gz")
    middle = len(whole) // 2
    (tmp_path / "flipped.tsv.gz").write_bytes(
        whole[:middle] + bytes([whole[middle] ^ 0xFF]) + whole[middle + 1:])
    with pytest.raises(PinyinTableError, match="cannot read"):
        load_table(tmp_path / "flipped.tsv.gz")
