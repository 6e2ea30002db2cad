"""``offramp demo``: the whole story on the bundled data, offline."""

from __future__ import annotations

import hashlib
from importlib import resources
from pathlib import Path

import click

from offramp.cli.context import AppContext, pass_app
from offramp.cli.devices_cmd import print_estate
from offramp.cli.lists_cmd import status_cmd
from offramp.cli.screen_cmd import screen_file
from offramp.cli.search_cmd import compile_notice
from offramp.cli.whatif_cmd import print_report
from offramp.devices.inventory import assess_files, make_identifier
from offramp.lists.loading import load_bundled, load_file
from offramp.screening.screener import Screener
from offramp.screening.subjects import open_subjects
from offramp.screening.whatif import Designation, designate
from offramp.store import ListStore
from offramp.store.devices import DeviceStore
from offramp.store.reviews import Verdict


def sample_file(*parts: str) -> Path:
    """A bundled sample file (default: the sample supplier file)."""
    return Path(str(resources.files("offramp").joinpath(
        "data", "samples", *(parts or ("suppliers.csv",)))))


@click.command()
@click.option("--db", "demo_db", type=click.Path(dir_okay=False, path_type=Path),
              help="Database for the demo (default: $OFFRAMP_HOME/demo.db, kept apart from "
                   "your real one so the old bundled lists never replace lists you updated).")
@click.pass_context
@pass_app
def demo(app: AppContext, ctx: click.Context, demo_db: Path | None) -> None:
    """Load the bundled lists, show their status, and screen a sample supplier file.

    Runs offline on the data shipped with offramp. The bundled lists are old on purpose
    (a reference snapshot); `offramp lists update` fetches current ones.
    """
    app.db_override = demo_db or app.db_override or app.settings.home / "demo.db"
    store: ListStore = app.store()
    click.echo(f"1. Loading the bundled lists into {app.db_path}")
    for result in load_bundled(store):
        s = result.snapshot
        click.echo(f"   {s.source:<17} {s.entry_count:>6,} entries, publisher's date "
                   f"{s.publisher_date}, sha256 {s.sha256[:16]}"
                   + ("" if result.new else " (already loaded)"))
    click.echo("\n2. Status of the lists in use")
    ctx.invoke(status_cmd, as_json=False)
    sample = sample_file()
    compile_notice()
    screener = Screener.from_store(store, app.settings.home / "cache")
    click.echo(f"\n3. Screening {sample.name} against them (fuzzy, transliteration-aware; "
               f"MATCH at a score of {screener.threshold:.2f} or more)")
    # One process: a pool would cost more than it saves on 14 rows.
    screen_file(app, open_subjects(sample), screener=screener, workers=1)
    click.echo(
        "\nReading these results:\n"
        "- A match is a name close to a list entry: check the list, address and programme "
        "before acting (`offramp search NAME` explains each score). 'Dahua Electronics "
        "Corporation' is a Denied Person in Flushing, NY, not Dahua Technology.\n"
        "- offramp-catalogue matches come from offramp's restricted-vendor catalogue "
        "(docs/catalogue.md): the instruments that name the vendor or its parent (FCC Covered "
        "List, NDAA s.889, BIS Entity List, OFAC NS-CMIC) are in brackets, and `offramp --db DB "
        "lists show dahua --source offramp-catalogue` gives each one's scope, source and "
        "whether it was confirmed against an official file. Zhejiang Dahua Technology is "
        "found only there: its BIS Entity List entry is in the full US Consolidated Screening "
        "List (`offramp lists update us-csl`), not in the bundled official lists.\n"
        "- 'clear' means no loaded list has a name close enough.\n"
        "- UNSCREENED rows were not checked at all: fix them and screen again.\n"
        "- Each match opened an alert: `offramp --db DB alerts` lists them, `offramp --db DB "
        "decide ALERT --as false-positive --reason TEXT` records a decision (DB: the file "
        "named in step 1)."
    )
    review(app)
    estate_step(app)
    whatif_step(app)


# The demo's two reviewers: clearing a strong match needs a second person (four eyes).
ANALYST, APPROVER = "demo-analyst", "demo-approver"
# (supplier id in the sample file, verdict, reason): what a reviewer of this sample would decide.
DECISIONS = (
    ("S012", Verdict.TRUE_MATCH,
     "our record misspells Banco Nacional de Cuba: same bank, stop the payment"),
    ("S006", Verdict.FALSE_POSITIVE,
     "our supplier's registration gives another address than the Denied Person order "
     "(Flushing, NY); demo data"),
)


def review(app: AppContext) -> None:
    """Step 4: decide two of the run's alerts, one needing a second reviewer's approval, and
    check the audit log."""
    reviews = app.reviews()
    runs = reviews.list_runs(limit=1)
    if not runs:
        return
    alerts = reviews.alerts(run_id=runs[0].id, status="open")
    click.echo(f"\n4. Reviewing alerts of run {runs[0].id}, as {ANALYST} and {APPROVER} "
               f"(clearing a match scored {reviews.approval_level:.2f} or more needs a second "
               "person)")
    for subject_id, verdict, reason in DECISIONS:
        alert = next((a for a in alerts if (found := reviews.subject(a.subject_key))
                      and found.subject_id == subject_id), None)
        if alert is None:
            click.echo(f"   {subject_id}: no open alert in this run")
            continue
        decision = reviews.decide(alert.id, verdict, reason, ANALYST)
        click.echo(f"   alert {alert.id} ({subject_id} ~ {alert.source} #{alert.entity_id}, "
                   f"score {alert.score:.2f}): {ANALYST} decides {verdict.value}: {reason}")
        if decision.needs_approval:
            click.echo(f"     pending: decision {decision.id} needs approval by another user")
            reviews.approve(decision.id, APPROVER, "checked the registration myself")
            click.echo(f"     {APPROVER} approves decision {decision.id}: the alert is closed")
    report = app.store().audit.verify()
    click.echo(f"\n5. Audit log: {report.count} records, hash chain "
               + ("intact" if report.ok else f"BROKEN: {report.problem}")
               + " (`offramp --db DB audit verify`, `audit export` for an examiner)")


SCENARIO = "demo-hikvision-sdn"
ESTATE = ("asset-register.csv", "nmap-townhall.xml", "dhcpd.leases", "nvr-channels.xml")


def estate_step(app: AppContext) -> None:
    """Step 6: where is their equipment? The bundled sample estate."""
    files = [sample_file("estate", name) for name in ESTATE]
    click.echo("\n6. Where is their equipment? offramp devices " + " ".join(ESTATE)
               + " (a made-up town hall estate)")
    estate = assess_files(files, make_identifier(app.settings.home))
    inputs = [{"path": f.path, "sha256": hashlib.sha256(Path(f.path).read_bytes()).hexdigest(),
               "kind": f.kind.value,
               "observations": f.observations, "skipped": len(f.skipped)}
              for f in estate.files]
    stored = DeviceStore(app.store()).save(inputs, estate.registry_date, estate.summary,
                                           [d.to_json() for d in estate.devices], app.user)
    print_estate(estate)
    click.echo(f"assessment {stored.id} stored ({len(estate.devices)} devices)")


def whatif_step(app: AppContext) -> None:
    """Step 6: the question offramp was started for -- Hikvision on the SDN list tomorrow."""
    store = app.store()
    holdings, suppliers = sample_file("whatif", "holdings.csv"), sample_file(
        "whatif", "suppliers.csv")
    click.echo("\n7. What if Hikvision is put on the SDN list tomorrow, with its subsidiaries? "
               "(HYPOTHETICAL)")
    loaded = load_file(store, holdings, actor=app.user)
    click.echo(f"   holdings of our suppliers: {holdings.name} loaded as list "
               f"'{loaded.snapshot.source}' ({loaded.snapshot.entry_count} holdings; "
               "docs/ownership.md)")
    click.echo(f"   screening {suppliers.name} as it stands today:")
    screener = Screener.from_store(store, app.settings.home / "cache")
    screen_file(app, open_subjects(suppliers), screener=screener, workers=1)
    click.echo("\n   offramp whatif designate Hikvision --list sdn --with-subsidiaries "
               f"--name {SCENARIO}")
    saved = designate(store, app.reviews(), Designation("Hikvision", "sdn", True),
                      name=SCENARIO, actor=app.user, replace=True, screener=screener)
    print_report(saved.id, saved.report)
