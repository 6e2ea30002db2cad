"""``offramp devices discover``: opt-in, read-only discovery on networks the user names."""

from __future__ import annotations

import os
from pathlib import Path

import click
from rich.table import Table

from offramp.cli.output import console, emit_json, json_option
from offramp.devices.discover import (
    DEFAULT_MAX_ADDRESSES,
    PROTOCOLS,
    Credentials,
    DiscoveryError,
    DiscoveryResult,
    Ports,
    discover,
)
from offramp.scans.replies import write_observations

_DEFAULT_PORTS = Ports()
_NOT_AUTHORISED = (
    "discovery sends probes to the networks you name: add --i-am-authorised to confirm you "
    "are allowed to probe them (nothing was sent)")


def _credentials(user: str | None, password_env: str | None) -> Credentials | None:
    if user is None:
        if password_env is not None:
            raise click.UsageError("--password-env needs --user")
        return None
    if password_env is not None:
        password = os.environ.get(password_env)
        if password is None:
            raise click.UsageError(f"environment variable {password_env} is not set")
    else:
        # Asked for interactively, never taken from the command line (shell history, ps).
        password = click.prompt(f"password for {user}", hide_input=True)
    return Credentials(user, password)


def _print(result: DiscoveryResult) -> None:
    out = console()
    table = Table(title=f"Discovered: {len(result.observations)} observation(s)")
    for column in ("source", "ip", "mac", "vendor", "model", "serial", "firmware", "where"):
        table.add_column(column)
    for o in result.observations:
        table.add_row(o.source.value, o.ip or "", o.mac or "", o.vendor or "", o.model or "",
                      o.serial or "", o.firmware or "", o.where)
    out.print(table)
    out.print(f"sent {len(result.sent)} probe(s) and request(s)")
    for heading, lines in (("refused (outside the named networks)", result.refused),
                           ("ignored replies", result.ignored), ("errors", result.errors)):
        if lines:
            out.print(f"{heading}:")
            for line in lines:
                out.print(f"  {line}", markup=False)


@click.command("discover")
@click.option("--network", "networks", multiple=True, required=True, metavar="CIDR",
              help="A network you are authorised to probe (repeatable); nothing outside "
                   "these networks is ever contacted.")
@click.option("--interface", metavar="IF",
              help="Multicast the probes out of this interface (its address must lie in a "
                   "named network).")
@click.option("--i-am-authorised", "authorised", is_flag=True,
              help="Confirm you are allowed to probe the named networks (required).")
@click.option("--protocol", "protocols", multiple=True, type=click.Choice(PROTOCOLS),
              help="Probe only these protocols (repeatable; default: all).")
@click.option("--sweep/--no-sweep", default=None,
              help="Also probe every host of the networks by unicast (default: only when no "
                   "--interface is given).")
@click.option("--timeout", type=float, default=3.0, show_default=True,
              help="Seconds to wait for replies after the last probe; per-request timeout.")
@click.option("--rate", type=float, default=50.0, show_default=True,
              help="Packets and requests per second, at most.")
@click.option("--max-addresses", type=int, default=DEFAULT_MAX_ADDRESSES, show_default=True,
              help="Refuse networks holding more addresses than this.")
@click.option("--user", help="Enrich devices through their API as this user (read-only).")
@click.option("--password-env", metavar="VAR",
              help="Read the password from this environment variable (else it is asked for).")
@click.option("--site", help="Site name recorded on every observation.")
@click.option("--save", type=click.Path(dir_okay=False, path_type=Path),
              help="Save the observations as JSON lines (readable by offramp devices FILE).")
@click.option("--onvif-port", type=int, default=_DEFAULT_PORTS.onvif, show_default=True,
              help="WS-Discovery UDP port.")
@click.option("--sadp-port", type=int, default=_DEFAULT_PORTS.sadp, show_default=True,
              help="SADP UDP port.")
@click.option("--dhip-port", type=int, default=_DEFAULT_PORTS.dhip, show_default=True,
              help="DHIP UDP port.")
@json_option
def discover_cmd(networks: tuple[str, ...], interface: str | None, authorised: bool,
                 protocols: tuple[str, ...], sweep: bool | None, timeout: float, rate: float,
                 max_addresses: int, user: str | None, password_env: str | None,
                 site: str | None, save: Path | None, onvif_port: int, sadp_port: int,
                 dhip_port: int, as_json: bool) -> None:
    """Find cameras and recorders (ONVIF, Hikvision SADP, Dahua DHIP) on networks you name.

    Read-only: sends the documented discovery probes and, with --user, only read requests
    (ISAPI deviceInfo and NVR channels, Dahua magicBox, ONVIF GetDeviceInformation).
    Credentials are never printed, logged or saved.
    """
    if not authorised:
        raise click.ClickException(_NOT_AUTHORISED)
    credentials = _credentials(user, password_env)
    try:
        result = discover(
            list(networks), interface=interface, authorised=True,
            protocols=protocols or PROTOCOLS, timeout=timeout, rate=rate, sweep=sweep,
            ports=Ports(onvif=onvif_port, sadp=sadp_port, dhip=dhip_port),
            credentials=credentials, max_addresses=max_addresses, site=site)
    except DiscoveryError as exc:
        raise click.ClickException(str(exc)) from exc
    if save is not None:
        write_observations(save, result.observations)
    if as_json:
        emit_json(result.to_json())
    else:
        _print(result)
