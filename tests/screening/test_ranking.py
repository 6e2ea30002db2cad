"""Ranking pairs: a better candidate must outscore a worse one (survives re-calibration)."""

from __future__ import annotations

import pytest

from offramp.model import DateValue, Entity, Name, Schema
from offramp.screening.screener import Screener

RANKINGS = [
    # (query, better, worse, schema)
    ("Maru No. 8", "Maru No. 8", "Maru No. 6", None),
    ("Steel Tubes", "Steel Tube", "Steel Wires", None),
    ("Nicolas Maduro", "MADURO MOROS, Nicolas", "MADURO GUERRA, Nicolas Ernesto", "person"),
    ("Nicolas Maduro", "MADURO MOROS, Nicolas", "Nicolas Madero", "person"),
    ("Rosneft", "ROSNEFT", "ROSNEFT TRADING S.A.", None),
    ("Hikvision", "HIKVISION", "Hikvision Digital Technology", None),
    ("Banco Nacional de Cuba", "National Bank of Cuba", "National Bank of Iran", None),
    ("Al Qaida", "AL-QAIDA", "AL-QAIDA IN IRAQ", None),
    ("Gazprom", "GAZPROM", "GAZPROM NEFT", None),
    ("Ivan Petrov", "Ivan Petrov", "Ivan Petrova", "person"),
    ("Ivan Petrov", "Ivan Petrova", "Ivan Ivanov", "person"),
    ("Dahua Technology", "Zhejiang Dahua Technology Co., Ltd.", "Dahua Electronics Corporation",
     None),
]


@pytest.mark.parametrize(("query", "better", "worse", "schema"), RANKINGS)
def test_better_outscores_worse(bundled: Screener, query: str, better: str, worse: str,
                                schema: str | None) -> None:
    assert bundled.compare(query, better, schema) > bundled.compare(query, worse, schema)


def test_date_of_birth_orders_namesakes() -> None:
    entities = [
        Entity(id="a", schema=Schema.PERSON, names=(Name("KIM, Jong Un"),), source="t",
               birth_dates=(DateValue.parse("1984-01-08"),)),
        Entity(id="b", schema=Schema.PERSON, names=(Name("KIM, Jong Un"),), source="t",
               birth_dates=(DateValue.parse("1951-03-02"),)),
    ]
    screener = Screener.from_entities(entities)
    with_dob = {m.entity.id: m.score for m in screener.search("Kim Jong Un",
                                                              birth_date="1984-01-08")}
    without = {m.entity.id: m.score for m in screener.search("Kim Jong Un")}
    assert with_dob["a"] > with_dob["b"]
    assert with_dob["a"] >= without["a"] and with_dob["b"] < without["b"]


def test_country_orders_namesakes() -> None:
    entities = [
        Entity(id="cn", schema=Schema.COMPANY, names=(Name("Golden Star Trading"),),
               source="t", countries=("CN",)),
        Entity(id="ae", schema=Schema.COMPANY, names=(Name("Golden Star Trading"),),
               source="t", countries=("AE",)),
    ]
    screener = Screener.from_entities(entities)
    ranked = [m.entity.id for m in screener.search("Golden Star Trading", country="China")]
    assert ranked == ["cn", "ae"]
