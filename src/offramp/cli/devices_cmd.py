"""``offramp devices``: restricted-vendor equipment in an estate (docs/devices.md).

``offramp devices FILE...`` reads asset registers, nmap XML, DHCP leases, ARP/neighbour and
switch MAC tables and saved discovery/device-API replies, merges what they say about each
device, identifies it, prints one row per device and a summary by site and vendor, and stores
the assessment. ``offramp devices discover ...`` is the opt-in read-only discovery;
``offramp devices registry update|status`` manages the OUI registry.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
from rich.table import Table

from offramp.cli.context import AppContext, pass_app
from offramp.cli.discover_cmd import discover_cmd
from offramp.cli.output import console, emit_json
from offramp.devices.inventory import ROW_COLUMNS, Estate, assess_files, make_identifier
from offramp.devices.registry import load_registry, update_registry
from offramp.model import SourceKind
from offramp.screening.exports import open_writer
from offramp.sources.files import file_sha256
from offramp.store.devices import DeviceStore


class DevicesGroup(click.Group):
    """A group whose default command is ``scan``: ``offramp devices FILE...`` reads files,
    while ``offramp devices discover`` and ``offramp devices registry`` are subcommands."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("-h", "--help"):
            args = ["scan", *args]
        return super().parse_args(ctx, args)


@click.group(cls=DevicesGroup)
def devices() -> None:
    """Find equipment made by restricted vendors (Hikvision, Dahua, Huawei, ZTE, Hytera),
    white-label units included.

    \b
    offramp devices assets.xlsx nmap.xml dhcpd.leases [--json|--csv OUT|--xlsx OUT]
    offramp devices discover --network CIDR --i-am-authorised
    offramp devices registry update
    """


def _mapping(values: tuple[str, ...]) -> dict[str, str]:
    out: dict[str, str] = {}
    for value in values:
        field, sep, column = value.partition("=")
        if not sep or not field.strip() or not column.strip():
            raise click.BadParameter(f"{value!r}: give FIELD=COLUMN, e.g. vendor=Make",
                                     param_hint="--map")
        out[field.strip()] = column.strip()
    return out




@devices.command("scan")
@click.argument("files", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--site", help="Site for devices whose file names none (e.g. a scan of one "
              "building).")
@click.option("--kind", type=click.Choice([k.value for k in SourceKind]),
              help="Read every file as this format instead of recognising it.")
@click.option("--map", "maps", multiple=True, metavar="FIELD=COLUMN",
              help="Asset registers: the column holding a field (vendor, model, serial, mac, "
                   "ip, hostname, site, ...), when the header does not say.")
@click.option("--json", "as_json", is_flag=True, help="Print every device as JSON.")
@click.option("--csv", "csv_out", type=click.Path(dir_okay=False, path_type=Path),
              help="Write one row per device to this CSV file.")
@click.option("--xlsx", "xlsx_out", type=click.Path(dir_okay=False, path_type=Path),
              help="Write one row per device to this XLSX file.")
@click.option("--all", "show_all", is_flag=True,
              help="List every device, not only the identified ones.")
@click.option("--no-store", is_flag=True, help="Do not store the assessment.")
@pass_app
def scan_cmd(app: AppContext, files: tuple[Path, ...], site: str | None, kind: str | None,
             maps: tuple[str, ...], as_json: bool, csv_out: Path | None,
             xlsx_out: Path | None, show_all: bool, no_store: bool) -> None:
    """Identify the devices in FILES (formats recognised from their content)."""
    identifier = make_identifier(app.settings.home)
    estate = assess_files(files, identifier, kind=SourceKind(kind) if kind else None,
                          site=site, mapping=_mapping(maps) or None)
    stored = None
    if not no_store:
        inputs = [{"path": str(f.resolve()), "sha256": file_sha256(f), "kind": r.kind.value,
                   "observations": r.observations, "skipped": len(r.skipped)}
                  for f, r in zip(files, estate.files, strict=True)]
        stored = DeviceStore(app.store()).save(
            inputs, estate.registry_date, estate.summary,
            [d.to_json() for d in estate.devices], app.user)
    for out, fmt in ((csv_out, "csv"), (xlsx_out, "xlsx")):
        if out is not None:
            with open_writer(out, ROW_COLUMNS, format=fmt, numeric={"confidence": "float"}) as w:
                for d in estate.devices:
                    w.write(d.row())
    if as_json:
        emit_json({"assessment": stored.id if stored else None,
                   "registry_date": estate.registry_date, "summary": dict(estate.summary),
                   "files": [{"path": f.path, "kind": f.kind.value,
                              "observations": f.observations,
                              "skipped": [{"where": s.where, "reason": s.reason}
                                          for s in f.skipped]} for f in estate.files],
                   "devices": [d.to_json() for d in estate.devices]})
        return
    print_estate(estate, show_all=show_all)
    if stored is not None:
        click.echo(f"assessment {stored.id} stored ({len(estate.devices)} devices)")


def print_estate(estate: Estate, *, show_all: bool = False) -> None:
    """Files read, the devices table and the summary by site and vendor."""
    for f in estate.files:
        skipped = f", {len(f.skipped)} record(s) skipped" if f.skipped else ""
        click.echo(f"{f.path}: read as {f.kind.value}, {f.observations} observation(s)"
                   f"{skipped}")
        for s in f.skipped[:5]:
            click.echo(f"    skipped {s.where}: {s.reason}")
    # By default: what the user must look at (identified devices), not every laptop.
    shown = [d for d in estate.devices if show_all or d.vendor != "unknown"]
    table = Table(title=f"Devices ({len(shown)} of {len(estate.devices)} shown; OUI registry "
                  f"of {estate.registry_date})")
    for column in ("site", "device", "vendor", "brand", "model", "conf.", "instruments",
                   "evidence"):
        table.add_column(column, overflow="fold")
    for d in shown:
        row = d.row()
        table.add_row(row["site"] or "", row["device"], row["vendor"], row["brand"] or "",
                      row["model"] or "", f"{row['confidence']:.2f}", row["instruments"],
                      _short_evidence(d.identification.evidence))
    console().print(table)
    summary = estate.summary
    click.echo(f"{summary['devices']} device(s): {summary['restricted']} made by a restricted "
               f"vendor, {summary['unknown']} unknown")
    for site, vendors in summary["by_site_vendor"].items():
        parts = ", ".join(f"{v} {n}" for v, n in vendors.items())
        click.echo(f"  {site}: {parts}")
    if summary["restricted"]:
        click.echo("Instruments name the vendor, not every use: the FCC Covered List and "
                   "NDAA s.889 limit Hikvision, Dahua and Hytera equipment to stated purposes "
                   "(public safety, government facilities, critical infrastructure); whether a "
                   "use is in scope is yours to judge (docs/devices.md).")


def _short_evidence(evidence: Any) -> str:
    """The signals and weights only (the details are in --json, --csv and --xlsx)."""
    return ", ".join(f"{e.signal} {e.weight:.2f}" for e in evidence)


devices.add_command(discover_cmd)


@devices.group("registry")
def registry() -> None:
    """The OUI registry (MAC address blocks) used to identify devices."""


@registry.command("status")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@pass_app
def registry_status(app: AppContext, as_json: bool) -> None:
    """The registry in use: its date and blocks per registry."""
    reg = load_registry(app.settings.home)
    if as_json:
        emit_json({"date": reg.date, "counts": dict(reg.counts)})
        return
    counts = ", ".join(f"{k} {v:,}" for k, v in reg.counts.items())
    click.echo(f"OUI registry of {reg.date}: {counts}")


@registry.command("update")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@pass_app
def registry_update(app: AppContext, as_json: bool) -> None:
    """Fetch IEEE's MA-L, MA-M and MA-S registries; the one in use stays on any failure."""
    result = update_registry(app.settings.home)
    if as_json:
        emit_json({"date": result.date, "previous_date": result.previous_date,
                   "counts": dict(result.counts), "added": result.added,
                   "removed": result.removed, "renamed": result.renamed})
        return
    click.echo(f"OUI registry updated: {result.previous_date} -> {result.date}; "
               f"{result.added} block(s) added, {result.removed} removed, "
               f"{result.renamed} renamed")
