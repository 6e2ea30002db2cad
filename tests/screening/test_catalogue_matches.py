"""Screening against the restricted-vendor catalogue, inside the bundled lists.

The catalogue is screened with every other bundled list (word weights come from all of them),
so these cases run on the real bundled screener, not on the catalogue alone.
"""

from __future__ import annotations

import pytest

from offramp.screening.screener import Screener
from offramp.sources.catalogue import SOURCE


def catalogue_hits(screener: Screener, name: str) -> dict[str, float]:
    """Catalogue parties that alert on ``name``, with their scores."""
    return {m.entity.id: m.score for m in screener.search(name, limit=20)
            if m.entity.source == SOURCE and m.alert}


@pytest.mark.parametrize(("name", "party"), [
    ("Hangzhou Hikvision Digital Technology Co., Ltd.", "hikvision"),
    ("HANGZHOU HIKVISION DIGITAL TECHNOLOGY CO LTD", "hikvision"),
    ("Hikvision", "hikvision"),
    ("杭州海康威视数字技术股份有限公司", "hikvision"),
    ("海康威视", "hikvision"),
    ("Zhejiang Dahua Technology Co., Ltd.", "dahua"),
    ("浙江大华技术股份有限公司", "dahua"),
    ("Dahua Technology", "dahua"),
    ("DAHUA", "dahua"),  # the short name alone (0.77 on "Dahua Technology Company" before)
    ("大华", "dahua"),
    ("Huawei Technologies Co., Ltd.", "huawei"),
    ("华为技术有限公司", "huawei"),
    ("ZTE Corp.", "zte"),
    ("中兴通讯股份有限公司", "zte"),
    ("Hytera Communications Co., Ltd.", "hytera"),
    ("海能达通信股份有限公司", "hytera"),
    ("EZVIZ", "ezviz"),
    ("Hangzhou Ezviz Software Co.,Ltd.", "ezviz"),
    ("HIKMICRO", "hikmicro"),
    ("Hangzhou Hikrobot Technology Co., Ltd.", "hikrobot"),
    ("Prama Hikvision India Pvt Ltd", "prama-hikvision"),
    ("HiLook", "hilook"),
    ("HiWatch", "hiwatch"),
    ("Imou", "huacheng"),
    ("hangzhou huacheng network technology co., ltd", "huacheng"),
    ("Zhejiang HuaRay Technology Co.,Ltd", "huaray"),
    ("Dahua Technology USA Inc.", "dahua-usa"),
    # subsidiaries named for where they trade: a place on one side only counts little
    ("Hikvision UK Ltd", "hikvision"),
    ("Hikvision Europe B.V.", "hikvision"),
    ("Dahua Europe B.V.", "dahua"),
    ("Huawei UK", "huawei"),
    ("ZTE UK Ltd", "zte"),
    ("EZVIZ Europe", "ezviz"),
    ("China Telecom (Americas) Corporation", "china-telecom-americas"),
    # the Russian name, a catalogue alias (0.47 on Kaspersky before), and romanised
    ("Лаборатория Касперского", "kaspersky"),
    ("АО «Лаборатория Касперского»", "kaspersky"),
    ("Laboratoriya Kasperskogo", "kaspersky"),
])
def test_names_of_listed_vendors_find_the_catalogue(bundled: Screener, name: str,
                                                    party: str) -> None:
    hits = catalogue_hits(bundled, name)
    assert party in hits, f"{name!r} did not alert on {party}: {hits}"


def test_a_catalogue_match_carries_its_instruments(bundled: Screener) -> None:
    [hit] = [m for m in bundled.search("Hikvision") if m.entity.source == SOURCE and m.alert]
    assert hit.entity.id == "hikvision"
    assert hit.entity.programs == ("fcc-covered-list", "ndaa-889", "bis-entity-list",
                                   "ofac-ns-cmic")
    assert hit.entity.properties["confirmed"] == (
        "fcc-covered-list: no", "ndaa-889: no", "bis-entity-list: no", "ofac-ns-cmic: yes")


@pytest.mark.parametrize("name", [
    "Shanghai Dahua Scale Factory",  # unrelated company sharing the word "Dahua"
    "Dahua Electronics Corporation",  # a Denied Person in Flushing, NY, not Dahua Technology
    "Honor Device Co., Ltd.",  # divested from Huawei in 2020
    "Zhejiang Uniview Technologies Co., Ltd.",  # another Hangzhou camera maker
    "Amcrest Technologies LLC",  # white-label brand: recognised for devices, never screened
    "Lorex Technology Inc.",
    "Acme Office Supplies Ltd",
])
def test_false_friends_do_not_alert_on_the_catalogue(bundled: Screener, name: str) -> None:
    assert catalogue_hits(bundled, name) == {}


def test_the_denied_person_dahua_still_alerts_on_its_own_list(bundled: Screener) -> None:
    [top, *_] = bundled.search("Dahua Electronics Corporation")
    assert (top.entity.source, top.alert) == ("bis-dpl", True)


@pytest.mark.xfail(reason="reported to the matcher's owner: Hikvision's Indian joint venture "
                          "partner shares every distinctive word but 'Hikvision' with the JV "
                          "(scores 0.84 against 'Prama Hikvision India Private Limited')")
def test_the_joint_venture_partner_is_not_the_joint_venture(bundled: Screener) -> None:
    assert catalogue_hits(bundled, "Prama India Private Limited") == {}


@pytest.mark.parametrize("name", ["ハイテラ", "ไฮเทรา"])
def test_hytera_in_kana_or_thai_ranks_the_catalogue_party_high(bundled: Screener,
                                                               name: str) -> None:
    # One skeleton key ("htr") is shared by dozens of list names (HAYDAR, AL-AKHTAR, HOTEL
    # ...); of those its sums tie with, the names of fewest words are scored first, so Hytera
    # is among the candidates (a one-word name compared by skeletons scores at most 0.75: it
    # ranks, it does not alert).
    top = bundled.search(name, limit=3)
    assert "hytera" in [m.entity.id for m in top if m.entity.source == SOURCE]
