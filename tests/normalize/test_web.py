"""Web addresses written as names give the names in their host."""

import pytest

from offramp.normalize.names import normalize_name
from offramp.normalize.web import web_names


@pytest.mark.parametrize(("text", "expected"), [
    # OFAC SDN 2021 aliases
    ("www.sercuba.com", "sercuba"),
    ("www.aerocontinente.com.pe", "aerocontinente"),
    ("kahane.org", "kahane"),
    ("www.cuba-shop.net", "cuba-shop"),
    ("www.bntd.by", "bntd"),  # www. says it is an address: its last label is a country
    ("https://www.kahane.org/about", "kahane"),
    # supplier files
    ("amazon.com, inc.", "amazon, inc."),
    ("info@acme.co.uk", "info@acme"),
    # dotted names that are no addresses
    ("s.a.r.l.", "s.a.r.l."),
    ("hikvision digital technology co., ltd.", "hikvision digital technology co., ltd."),
    ("acme co.ltd", "acme co.ltd"),
    ("maru no.8", "maru no.8"),
    ("block 1.5", "block 1.5"),
    ("j.p.morgan.com", "j.p.morgan.com"),  # initials, not a host
    ("www.x.com", "www.x.com"),
])
def test_web_names(text: str, expected: str) -> None:
    assert web_names(text) == expected


def test_a_web_address_normalises_to_its_names() -> None:
    assert normalize_name("WWW.SERCUBA.COM").tokens == normalize_name("SERCUBA").tokens
    amazon = normalize_name("Amazon.com, Inc.")
    assert (amazon.tokens, amazon.legal_forms) == (("amazon",), ("corp",))
    # a legal form glued on with a dot is still one
    glued = normalize_name("HIKVISION.CO.,LTD")
    assert (glued.tokens, glued.legal_forms) == (("hikvision",), ("ltd",))
