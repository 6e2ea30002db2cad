"""``discover`` through click, against simulated devices on 127.0.0.1."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from discover_responders import UdpResponder, device_api, dhip_reply, sadp_reply

from offramp.cli.discover_cmd import discover_cmd
from offramp.scans.replies import read_reply

PASSWORD = "Cli-Secret-Pass-42"


@pytest.fixture
def simulated() -> Iterator[tuple[UdpResponder, UdpResponder]]:
    with device_api("admin", PASSWORD) as (_api, http_port):
        sadp = UdpResponder("sadp", sadp_reply(http_port))
        dhip = UdpResponder("dhip", dhip_reply(http_port))
        yield sadp, dhip
        sadp.close()
        dhip.close()


def args(sadp: UdpResponder, dhip: UdpResponder, *extra: str) -> list[str]:
    return ["--network", "127.0.0.1/32", "--protocol", "sadp", "--protocol", "dhip",
            "--sadp-port", str(sadp.port), "--dhip-port", str(dhip.port),
            "--timeout", "0.5", "--rate", "500", *extra]


def test_without_consent_it_exits_non_zero_and_sends_nothing(
        simulated: tuple[UdpResponder, UdpResponder]) -> None:
    sadp, dhip = simulated
    result = CliRunner().invoke(discover_cmd, args(sadp, dhip))
    assert result.exit_code == 1
    assert "--i-am-authorised" in result.output and "nothing was sent" in result.output
    assert sadp.received == [] and dhip.received == []


def test_table_of_discovered_devices(simulated: tuple[UdpResponder, UdpResponder]) -> None:
    sadp, dhip = simulated
    result = CliRunner().invoke(discover_cmd, args(sadp, dhip, "--i-am-authorised"))
    assert result.exit_code == 0, result.output
    assert "DS-7608NI-K2/8P" in result.output and "IPC-HDW2431T-AS-S2" in result.output
    assert "sent 2 probe(s)" in result.output


def test_json_and_save_with_credentials_from_the_environment(
        simulated: tuple[UdpResponder, UdpResponder], tmp_path: Path) -> None:
    sadp, dhip = simulated
    saved = tmp_path / "found.jsonl"
    result = CliRunner().invoke(
        discover_cmd, args(sadp, dhip, "--i-am-authorised", "--json", "--user", "admin",
                           "--password-env", "CAM_PASS", "--save", str(saved),
                           "--site", "Depot"),
        env={"CAM_PASS": PASSWORD})
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    sources = sorted({o["source"] for o in data["observations"]})
    assert sources == ["dhip", "isapi", "magicbox", "nvr-channel", "sadp"]
    assert data["errors"] == [] and data["refused"] == []
    assert {o["site"] for o in data["observations"]} == {"Depot"}
    assert PASSWORD not in result.output and PASSWORD not in saved.read_text()
    assert len(read_reply(saved)) == len(data["observations"])


def test_missing_password_variable_is_a_usage_error(
        simulated: tuple[UdpResponder, UdpResponder]) -> None:
    sadp, dhip = simulated
    result = CliRunner().invoke(
        discover_cmd, args(sadp, dhip, "--i-am-authorised", "--user", "admin",
                           "--password-env", "NOT_SET_ANYWHERE"), env={"NOT_SET_ANYWHERE": None})
    assert result.exit_code == 2 and "NOT_SET_ANYWHERE is not set" in result.output
    assert sadp.received == []


def test_oversized_network_is_refused_with_a_clear_message() -> None:
    result = CliRunner().invoke(discover_cmd, ["--network", "10.0.0.0/8", "--i-am-authorised"])
    assert result.exit_code == 1 and "more than the cap" in result.output
