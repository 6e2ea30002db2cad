"""Rate limits on API calls and pages: token buckets per caller and per client address,
429 with Retry-After, exempt names, and the settings that configure them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from offramp.model import OfframpError
from offramp.web.config import RATE_PER_CALLER, WebConfig
from offramp.web.keys_store import Role
from offramp.web.rate_limit import TokenBuckets

from .conftest import Template, Web, make_config, started


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_bucket_allows_a_burst_then_the_rate() -> None:
    clock = Clock()
    buckets = TokenBuckets(rate=2.0, burst=3.0, clock=clock)
    assert [buckets.take("a") for _ in range(3)] == [None, None, None]
    wait = buckets.take("a")
    assert wait == pytest.approx(0.5)
    assert buckets.take("b") is None  # another key has its own bucket
    clock.now += 0.5
    assert buckets.take("a") is None and buckets.take("a") is not None
    clock.now += 100  # refills to the burst, never past it
    assert [buckets.take("a") for _ in range(4)][-1] is not None


def test_idle_buckets_are_forgotten_past_the_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("offramp.web.rate_limit.MAX_BUCKETS", 10)
    clock = Clock()
    buckets = TokenBuckets(rate=1.0, burst=2.0, clock=clock)
    for n in range(10):
        buckets.take(f"client-{n}")
    clock.now += 5  # all full again
    buckets.take("busy")
    buckets.take("one-more")
    assert len(buckets._buckets) <= 2


@pytest.fixture
def limited(web_template: Template, tmp_path: Path) -> Iterator[Callable[..., Web]]:
    """Makes an app with the limits given; each is stopped after the test."""
    apps: list[Iterator[TestClient]] = []

    def make(**limits: object) -> Web:
        config = make_config(web_template, tmp_path / f"home{len(apps)}", **limits)
        apps.append(started(config))
        return Web(next(apps[-1]), config, web_template.keys)

    yield make
    for app in apps:
        app.close()  # leaves the client's block: the app's lifespan ends


def test_api_calls_past_the_callers_rate_get_429_with_retry_after(
        limited: Callable[..., Web]) -> None:
    web = limited(rate_per_caller=0.5, burst_per_caller=3)
    viewer = web.auth(Role.VIEWER)
    codes = [web.client.get("/lists", headers=viewer).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    refused = web.client.get("/lists", headers=viewer)
    assert refused.status_code == 429 and int(refused.headers["retry-after"]) == 2
    assert "too many requests" in refused.json()["detail"]
    # Another key is another caller; the health checks are never limited.
    assert web.client.get("/lists", headers=web.auth(Role.ANALYST)).status_code == 200
    assert web.client.get("/healthz").status_code == 200


def test_the_client_address_is_limited_whoever_calls(limited: Callable[..., Web]) -> None:
    web = limited(rate_per_client=0.5, burst_per_client=2)
    assert web.client.get("/lists", headers=web.auth(Role.VIEWER)).status_code == 200
    assert web.client.get("/lists", headers=web.auth(Role.ANALYST)).status_code == 200
    third = web.client.get("/lists", headers=web.auth(Role.APPROVER))
    assert third.status_code == 429 and third.headers["retry-after"] == "2"
    # Guessing keys from the same address is limited too, before the key is checked.
    guess = web.client.get("/lists", headers={"Authorization": "Bearer ofr_guess"})
    assert guess.status_code == 429


def test_pages_are_limited_with_an_error_page(limited: Callable[..., Web]) -> None:
    web = limited(rate_per_caller=0.5, burst_per_caller=2)
    web.login("vera")  # the login form is not limited; the search page it opens takes one
    assert web.client.get("/ui/lists").status_code == 200
    page = web.client.get("/ui/lists")
    assert page.status_code == 429 and "too many requests" in page.text
    assert page.headers["retry-after"] == "2"


def test_an_exempt_key_is_not_limited(limited: Callable[..., Web]) -> None:
    web = limited(rate_per_caller=0.5, burst_per_caller=1, rate_per_client=0.5,
                  burst_per_client=1, rate_exempt=frozenset({"viewer-key"}))
    codes = {web.client.get("/lists", headers=web.auth(Role.VIEWER)).status_code
             for _ in range(20)}
    assert codes == {200}
    # An exempt caller's requests do not use up the address's bucket either.
    codes2 = [web.client.get("/lists", headers=web.auth(Role.ANALYST)).status_code
              for _ in range(2)]
    assert codes2 == [200, 429]


def test_settings(tmp_path: Path) -> None:
    def config(**env: str) -> WebConfig:
        return WebConfig.from_settings(env=env, db_path=tmp_path / "x.db")

    defaults = config()
    assert defaults.rate_per_caller == RATE_PER_CALLER and defaults.rate_exempt == frozenset()
    set_ = config(OFFRAMP_WEB_RATE_PER_CALLER="5", OFFRAMP_WEB_BURST_PER_CALLER="10",
                  OFFRAMP_WEB_RATE_PER_CLIENT="7", OFFRAMP_WEB_BURST_PER_CLIENT="14",
                  OFFRAMP_WEB_RATE_EXEMPT=" bench, erp ,")
    assert (set_.rate_per_caller, set_.burst_per_caller, set_.rate_per_client,
            set_.burst_per_client) == (5, 10, 7, 14)
    assert set_.rate_exempt == frozenset({"bench", "erp"})
    with pytest.raises(OfframpError, match="OFFRAMP_WEB_RATE_PER_CALLER must be a positive"):
        config(OFFRAMP_WEB_RATE_PER_CALLER="0")
    with pytest.raises(OfframpError, match="OFFRAMP_WEB_BURST_PER_CLIENT must be at least 1"):
        config(OFFRAMP_WEB_BURST_PER_CLIENT="0.5")
