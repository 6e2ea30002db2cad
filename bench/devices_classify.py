"""Benchmark: classifying generated inventory rows into restricted-vendor families.

    .venv/bin/python bench/devices_classify.py [--rows N] [--csv-rows N] [--seed S] [--json FILE]

Generates ``--rows`` (default 1,000,000) asset-register rows with a fixed seed: mostly
non-restricted equipment (Axis, Bosch, Hanwha, Uniview cameras; Cisco, HP, Dell, Apple
devices; Synology NAS), some Hikvision and Dahua units (own brands HiLook, EZVIZ, Imou; white
labels Amcrest and Lorex; units known by MAC only or by model only, EZVIZ cameras whose Wi-Fi
module carries Espressif's OUI), Huawei and ZTE network gear, and false friends (Synology
DS920+, Shanghai Dahua Scale Factory, Honor phones, phones with randomised MACs). MACs are
drawn from the real blocks of the bundled registry; models repeat as they do in real estates.
Each row carries the vendor the rules are *expected* to name (``None`` for white-label units
with nothing but the brand: weak on purpose).

Timed, in chunks of 100,000 rows generated untimed, each method on the same rows:

1. *identify*: ``Identifier.identify_many`` (the batch path offramp uses) on
   :class:`Device` objects built (and timed separately, "build") from the rows:
   row -> :class:`Observation` -> :class:`Device`, once with the cyclic garbage collector
   running (as before) and once paused (as ``assess_files`` now builds them);
2. *reference*: ``Identifier.identify`` one device at a time (the path before the batch
   one) on the same devices, with a second identifier so that neither warms the other's
   caches; every batch result is compared with the reference's and the count of
   differences printed (it must be 0);
3. *baseline*: the naive approach -- MA-L (/24) lookup of the MAC and a family-name regex
   over the registrant, no longest prefix, no other evidence, no cache;
4. *end to end* (when :mod:`offramp.scans` is installed): ``--csv-rows`` rows written to a
   CSV register (untimed), then (a) the old path: the asset-register reader, one device per
   row, ``identify`` each; (b) the use case users run, ``assess_files`` (read, merge,
   ``identify_many``, reading order, summary); (c) the same steps one by one, to show where
   the time goes.

Prints rows/s, peak RSS (``ru_maxrss``), the load average before and after, the
distribution of results, and how often each method names the expected vendor. Target
(issue 6): >= 200,000 rows/s.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import re
import resource
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from offramp.fingerprint import Identifier, OuiRegistry
from offramp.model import Device, Identification, Observation, SourceKind
from offramp.model.collector import collector_paused

CHUNK = 100_000
TARGET = 200_000
FAMILY_REGEX = re.compile(r"hikvision|ezviz|dahua|huacheng|huawei|zte|hytera", re.IGNORECASE)
NAIVE_FAMILY = {"hikvision": "hikvision", "ezviz": "hikvision", "dahua": "dahua",
                "huacheng": "dahua", "huawei": "huawei", "zte": "zte", "hytera": "hytera"}

# vendor, model, serial, MAC, IP, hostname, site, expected vendor
Row = tuple[str, str, str, str, str, str, str, str | None]


@dataclass(frozen=True)
class Profile:
    """A kind of equipment in the mix: how often, what it says, which vendor is expected."""

    name: str
    share: float
    vendors: Sequence[str]
    models: Sequence[tuple[str, str | None]]  # (model, expected vendor)
    registrant: str | None  # regex over registry organisations for the MAC; None: no MAC
    mac: str = "registry"  # registry | local | none
    serial: Callable[[random.Random, str], str] | None = None


def _hik_serial(rng: random.Random, model: str) -> str:
    return (f"{model}20{rng.randint(15, 25):02d}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
            f"{''.join(rng.choice('ABCDEFGHJKLMNPRSTUVWXYZ') for _ in range(5))}"
            f"{rng.randint(10_000_000, 99_999_999)}")


def _plain_serial(rng: random.Random, model: str) -> str:
    return f"{rng.randint(10**9, 10**10 - 1):X}"


PROFILES: tuple[Profile, ...] = (
    Profile("axis camera", 9, ["Axis", "AXIS Communications"],
            [("P3245-LVE", None), ("M3106-L Mk II", None), ("Q6135-LE", None)],
            r"^Axis Communications", serial=_plain_serial),
    Profile("bosch camera", 4, ["Bosch", "Bosch Security Systems"],
            [("FLEXIDOME IP 5000i", None), ("DINION IP 3000i", None)],
            r"^Bosch Security Systems"),
    Profile("hanwha camera", 4, ["Hanwha Vision", "Hanwha"],
            [("XNV-6080R", None), ("QNO-8080R", None), ("PNM-9084RQZ", None)],
            r"^Hanwha Vision|^HANWHA VISION"),
    Profile("uniview camera", 2, ["Uniview"], [("IPC2122LB-SF28-A", None),
                                               ("IPC3612LB-ADF28K", None)], r"Uniview"),
    Profile("cisco", 12, ["Cisco", "Cisco Systems"],
            [("C9200L-48P-4G", None), ("CP-8841", None), ("C9120AXI-E", None)],
            r"^Cisco Systems", serial=_plain_serial),
    Profile("hp", 10, ["HP", "Hewlett Packard"],
            [("LaserJet Pro M404dn", None), ("EliteBook 840 G8", None)], r"^Hewlett Packard$"),
    Profile("dell", 12, ["Dell", "Dell Inc."],
            [("Latitude 5420", None), ("OptiPlex 7090", None), ("PowerEdge R650", None)],
            r"^Dell Inc", serial=_plain_serial),
    Profile("apple", 9, ["Apple"], [("MacBook Pro 14", None), ("iPad Air", None)],
            r"^Apple, Inc"),
    Profile("synology nas", 2, ["Synology"], [("DS920+", None), ("DS220+", None),
                                              ("DS1821+", None)], r"^Synology"),
    Profile("phone, random MAC", 4, ["Samsung", "Apple"], [("Galaxy S23", None),
                                                          ("iPhone 15", None)],
            None, mac="local"),
    Profile("honor phone", 1, ["Honor"], [("Magic5 Pro", None)], r"^Honor Device"),
    Profile("dahua scale", 0.3, ["Shanghai Dahua Scale Factory"], [("TCS-150", None)],
            r"^Shanghai Dahua Scale Factory"),
    Profile("huawei network", 3, ["Huawei", "HUAWEI"],
            [("S5735-L48T4X-A1", "huawei"), ("AR6120", "huawei")], r"^Huawei Technologies"),
    Profile("zte router", 1, ["ZTE"], [("ZXHN F670L", "zte")], r"^zte corporation"),
    Profile("hikvision", 6, ["Hikvision", "HIKVISION", "Hik Vision"],
            [("DS-2CD2143G0-I", "hikvision"), ("DS-2CD2386G2-IU", "hikvision"),
             ("DS-2DE4425IW-DE", "hikvision"), ("DS-7608NI-K2", "hikvision"),
             ("iDS-7216HQHI-M1/S", "hikvision"), ("DS-K1T341AMF", "hikvision")],
            r"^Hangzhou Hikvision", serial=_hik_serial),
    Profile("hikvision, MAC only", 2, [""], [("", "hikvision")], r"^Hangzhou Hikvision"),
    Profile("hikvision, model only", 2, ["CCTV", ""],
            [("DS-2CD1043G0-I", "hikvision"), ("DS-7104NI-Q1", "hikvision")], None,
            mac="none"),
    Profile("hilook", 1.5, ["HiLook"], [("IPC-B140H", "hikvision"),
                                        ("NVR-108MH-C/8P", "hikvision")],
            r"^Hangzhou Hikvision"),
    Profile("ezviz, espressif wifi", 1.5, ["EZVIZ"], [("CS-C6N-A0-1C2WFR", "hikvision"),
                                                      ("CS-H6c", "hikvision")],
            r"^Espressif"),
    Profile("dahua", 4, ["Dahua", "Dahua Technology"],
            [("DH-IPC-HFW2431S-S-S2", "dahua"), ("DHI-NVR4108HS-8P-4KS2", "dahua"),
             ("DH-SD49225XA-HNR", "dahua"), ("XVR5108HS-I3", "dahua")],
            r"^Zhejiang Dahua Technology"),
    Profile("imou", 0.5, ["Imou"], [("IPC-A22EP", "dahua")], r"^Hangzhou Huacheng"),
    Profile("amcrest", 1.5, ["Amcrest"],
            [("IPC-HDW5231R-ZE", "dahua"), ("IP8M-2496EB", None), ("IP4M-1041B", None)],
            r"^Amcrest"),
    Profile("lorex", 0.7, ["Lorex"], [("LNB4321B", None)], r"^Lorex"),
)
SITES = ("Town Hall", "Depot", "Library", "Leisure Centre", "School A", "School B")


class Generator:
    """Fixed-seed inventory rows with MACs drawn from real registry blocks."""

    def __init__(self, registry: OuiRegistry, seed: int) -> None:
        self.rng = random.Random(seed)
        blocks = list(registry.blocks())
        self.blocks: dict[str, list[tuple[str, int]]] = {}
        for profile in PROFILES:
            if profile.registrant is None:
                continue
            pattern = re.compile(profile.registrant, re.IGNORECASE)
            found = [(b.prefix, b.bits) for b in blocks if pattern.search(b.organisation)]
            if not found:
                raise SystemExit(f"no registry block for {profile.name} ({profile.registrant})")
            self.blocks[profile.name] = found
        self.weights = [p.share for p in PROFILES]

    def _mac(self, profile: Profile) -> str:
        rng = self.rng
        if profile.mac == "none":
            return ""
        if profile.mac == "local":
            first = (rng.randrange(256) | 0x02) & 0xFE  # locally administered, unicast
            rest = rng.getrandbits(40)
            bare = f"{first:02x}{rest:010x}"
        else:
            prefix, bits = rng.choice(self.blocks[profile.name])
            tail = 12 - bits // 4
            bare = prefix.lower() + f"{rng.getrandbits(tail * 4):0{tail}x}"
        return ":".join(bare[i:i + 2] for i in range(0, 12, 2))

    def rows(self, count: int) -> list[Row]:
        """``count`` rows: vendor, model, serial, MAC, IP, hostname, site, expected vendor."""
        rng = self.rng
        picks = rng.choices(PROFILES, weights=self.weights, k=count)
        out = []
        for index, profile in enumerate(picks):
            model, expected = rng.choice(profile.models)
            serial = profile.serial(rng, model) if profile.serial and model else ""
            ip = f"10.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}"
            out.append((rng.choice(profile.vendors), model, serial, self._mac(profile), ip,
                        f"host-{index:07d}", rng.choice(SITES), expected))
        return out


def build(rows: Sequence[Row], start: int) -> list[Device]:
    """Row -> Observation -> Device (one observation each), as the devices use case does."""
    kind = SourceKind.ASSET_REGISTER
    devices = []
    for offset, (vendor, model, serial, mac, ip, host, site, _) in enumerate(rows):
        line = f"line {start + offset + 2}"
        obs = Observation(kind, "inventory.csv", line, mac=mac or None, ip=ip, hostname=host,
                          vendor=vendor or None, model=model or None, serial=serial or None,
                          site=site)
        devices.append(Device(f"row:inventory.csv:{line}", (obs,), mac=obs.mac, ip=ip,
                              hostname=host, vendor=obs.vendor, model=obs.model,
                              serial=obs.serial, site=site))
    return devices


class NaiveBaseline:
    """MA-L (/24) only, family regex over the registrant, nothing cached."""

    def __init__(self, registry: OuiRegistry) -> None:
        self.ma_l = {b.prefix.lower(): b.organisation for b in registry.blocks() if b.bits == 24}

    def classify(self, rows: Sequence[Row]) -> Iterator[str | None]:
        """One vendor (or None) per row."""
        for row in rows:
            mac = row[3]
            org = self.ma_l.get(mac.replace(":", "")[:6]) if mac else None
            found = FAMILY_REGEX.search(org) if org else None
            yield NAIVE_FAMILY[found.group(0).lower()] if found else None


def _write_csv(path: Path, rows: Sequence[Row]) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(["Asset ID", "Site", "Vendor", "Model", "Serial No.", "MAC Address",
                      "IP Address", "Hostname"])
        for i, (vendor, model, serial, mac, ip, host, site, _) in enumerate(rows):
            out.writerow([f"A{i:07d}", site, vendor, model, serial, mac, ip, host])


def _end_to_end(registry: OuiRegistry, rows: Sequence[Row]) -> dict[str, Any] | None:
    try:
        from offramp.devices.inventory import _sort_for_reading, assess_files, summarise
        from offramp.devices.merge import merge_observations
        from offramp.scans import read_scan
        from offramp.scans.register import read_register_csv
    except ImportError:
        return None
    out: dict[str, Any] = {"rows": len(rows)}
    with tempfile.TemporaryDirectory(prefix="offramp-bench-") as tmp:
        path = Path(tmp) / "inventory.csv"
        _write_csv(path, rows)
        # (a) the path before the batch identification: reader, a device per row, identify.
        identifier = Identifier(registry)
        start = time.perf_counter()
        result = read_register_csv(path)
        read_done = time.perf_counter()
        found: Counter[str] = Counter()
        for obs in result.observations:
            device = Device(f"row:{obs.ref}", (obs,), mac=obs.mac, ip=obs.ip,
                            hostname=obs.hostname, vendor=obs.vendor, model=obs.model,
                            serial=obs.serial, site=obs.site)
            found[str(identifier.identify(device).vendor)] += 1
        done = time.perf_counter()
        out["old"] = {"read_s": round(read_done - start, 3),
                      "identify_s": round(done - read_done, 3),
                      "rows_per_s": round(len(rows) / (done - start)),
                      "vendors": dict(found.most_common())}
        del result
        # (b) the use case: offramp devices FILE / the web import.
        identifier = Identifier(registry)
        start = time.perf_counter()
        estate = assess_files([path], identifier)
        done = time.perf_counter()
        out["assess_files"] = {"seconds": round(done - start, 3),
                               "rows_per_s": round(len(rows) / (done - start)),
                               "devices": len(estate.devices),
                               "vendors": dict(estate.summary["by_vendor"])}
        del estate
        # (c) the same steps one by one (collector paused, as assess_files does).
        from offramp.devices.inventory import IdentifiedDevice
        identifier = Identifier(registry)
        steps: dict[str, float] = {}
        # CPU time: steady under other work on the machine, unlike the wall clock.
        with collector_paused():
            mark = time.process_time()
            observations = read_scan(path).observations
            steps["read"], mark = time.process_time() - mark, time.process_time()
            devices = merge_observations(observations)
            steps["merge"], mark = time.process_time() - mark, time.process_time()
            found_ids = identifier.identify_many(devices)
            steps["identify_many"], mark = time.process_time() - mark, time.process_time()
            identified = [IdentifiedDevice(d, i) for d, i in zip(devices, found_ids,
                                                                 strict=True)]
            _sort_for_reading(identified)
            summarise(identified)
            steps["order_and_summary"], mark = time.process_time() - mark, time.process_time()
        steps["collector_after_pause"] = time.process_time() - mark
        out["steps_cpu_us_per_row"] = {k: round(v / len(rows) * 1e6, 2)
                                       for k, v in steps.items()}
    return out


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _differences(got: Sequence[Identification], want: Sequence[Identification]) -> int:
    return sum(g != w for g, w in zip(got, want, strict=True))


def run(rows: int, csv_rows: int, seed: int) -> dict[str, Any]:
    """Generate, classify with every method, and report."""
    load_before = os.getloadavg()
    load_start = time.perf_counter()
    registry = OuiRegistry.bundled()
    reference = Identifier(registry)
    batch = Identifier(registry)
    load_s = time.perf_counter() - load_start
    generator = Generator(registry, seed)
    baseline = NaiveBaseline(registry)
    methods = ("identify", "reference", "baseline")
    timed = dict.fromkeys((*methods, "build", "build_paused"), 0.0)
    # CPU time too: other work on a shared machine slows the wall clock, less the CPU time.
    cpu_timed = dict.fromkeys(("identify", "reference"), 0.0)
    results: dict[str, Counter[str]] = {m: Counter() for m in methods}
    right = dict.fromkeys(methods, 0)
    expected_counts: Counter[str] = Counter()
    differences = 0
    done = 0
    while done < rows:
        chunk = generator.rows(min(CHUNK, rows - done))
        expected = [r[7] for r in chunk]
        expected_counts.update(str(e) for e in expected)
        start = time.perf_counter()
        devices = build(chunk, done)
        timed["build"] += time.perf_counter() - start
        del devices
        # As the use case builds them now: inside assess_files, collector paused.
        start = time.perf_counter()
        with collector_paused():
            devices = build(chunk, done)
        timed["build_paused"] += time.perf_counter() - start
        start, cpu = time.perf_counter(), time.process_time()
        want = [reference.identify(d) for d in devices]
        timed["reference"] += time.perf_counter() - start
        cpu_timed["reference"] += time.process_time() - cpu
        start, cpu = time.perf_counter(), time.process_time()
        got = batch.identify_many(devices)
        timed["identify"] += time.perf_counter() - start
        cpu_timed["identify"] += time.process_time() - cpu
        start = time.perf_counter()
        naive = list(baseline.classify(chunk))
        timed["baseline"] += time.perf_counter() - start
        differences += _differences(got, want)
        for name, vendors in (("reference", [i.vendor for i in want]),
                              ("identify", [i.vendor for i in got]), ("baseline", naive)):
            results[name].update(str(v) for v in vendors)
            right[name] += sum(v == e for v, e in zip(vendors, expected, strict=True))
        del want, got
        done += len(chunk)
    report: dict[str, Any] = {
        "rows": rows, "seed": seed, "registry_date": registry.date,
        "registry_and_knowledge_load_s": round(load_s, 3),
        "load_average_before": [round(x, 2) for x in load_before],
    }
    for name in methods:
        report[name] = {"seconds": round(timed[name], 3),
                        "rows_per_s": round(rows / timed[name]),
                        "expected_vendor_named": round(right[name] / rows, 4),
                        "vendors": dict(results[name].most_common())}
    report["identify"]["differences_from_reference"] = differences
    for name, seconds in cpu_timed.items():
        report[name]["cpu_rows_per_s"] = round(rows / seconds)
    for name, label, building in (
            ("identify", "records_to_identification", "build_paused"),
            ("reference", "records_to_identification_reference", "build")):
        both = timed[building] + timed[name]
        report[label] = {
            "seconds": round(both, 3), "rows_per_s": round(rows / both),
            "build_share": round(timed[building] / both, 3)}
    report["expected"] = dict(expected_counts.most_common())
    if csv_rows:
        report["end_to_end_csv"] = _end_to_end(registry, generator.rows(csv_rows))
    report["peak_rss_mb"] = round(_peak_rss_mb(), 1)
    report["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    return report


def _print(report: dict[str, Any]) -> None:
    print(f"{report['rows']:,} rows, seed {report['seed']}, OUI registry "
          f"{report['registry_date']} (registry + knowledge loaded in "
          f"{report['registry_and_knowledge_load_s']} s); load average before "
          f"{', '.join(str(x) for x in report['load_average_before'])}")
    for name, label in (
            ("identify", "identify_many (Device -> Identification, batch)"),
            ("reference", "identify (Device -> Identification, one at a time; the old path)"),
            ("baseline", "baseline (MA-L /24 + registrant regex, no cache)")):
        part = report[name]
        cpu = (f", {part['cpu_rows_per_s']:,} per CPU second" if "cpu_rows_per_s" in part
               else "")
        print(f"  {label}: {part['rows_per_s']:,} rows/s ({part['seconds']} s{cpu}); names "
              f"the expected vendor for {part['expected_vendor_named']:.2%} of rows")
        print("    " + ", ".join(f"{k}: {v:,}" for k, v in part["vendors"].items()))
    print(f"  identify_many results differing from identify: "
          f"{report['identify']['differences_from_reference']:,}")
    for name, label in (("records_to_identification", "identify_many"),
                        ("records_to_identification_reference", "identify")):
        part = report[name]
        print(f"  records -> Observation -> Device -> {label}: {part['rows_per_s']:,} rows/s "
              f"({part['seconds']} s, {part['build_share']:.0%} of it building the model "
              "objects)")
    print("  expected: " + ", ".join(f"{k}: {v:,}" for k, v in report["expected"].items()))
    e2e = report.get("end_to_end_csv")
    if e2e:
        old, new = e2e["old"], e2e["assess_files"]
        print(f"  end to end from a CSV register ({e2e['rows']:,} rows):")
        print(f"    assess_files (read, merge, identify_many, order, summary): "
              f"{new['rows_per_s']:,} rows/s ({new['seconds']} s, {new['devices']:,} devices)")
        print(f"    old path (reader, a device per row, identify): {old['rows_per_s']:,} rows/s "
              f"(read {old['read_s']} s, identify {old['identify_s']} s)")
        print("    where the time goes, CPU us/row: " + ", ".join(
            f"{k} {v}" for k, v in e2e["steps_cpu_us_per_row"].items()))
    elif "end_to_end_csv" in report:
        print("  end to end: offramp.scans not installed, skipped")
    verdict = "met" if report["identify"]["rows_per_s"] >= TARGET else "NOT met"
    print(f"  peak RSS {report['peak_rss_mb']} MB; load average after "
          f"{', '.join(str(x) for x in report['load_average_after'])}; target {TARGET:,} "
          f"rows/s for identification {verdict}")


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--csv-rows", type=int, default=200_000,
                        help="rows for the end-to-end CSV run (0: skip)")
    parser.add_argument("--seed", type=int, default=20260527)
    parser.add_argument("--json", type=Path, help="also write the report here")
    args = parser.parse_args(argv)
    if args.rows < 1 or args.csv_rows < 0:
        parser.error("--rows must be positive and --csv-rows not negative")
    report = run(args.rows, args.csv_rows, args.seed)
    _print(report)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", "utf-8")
    return report


if __name__ == "__main__":
    main(sys.argv[1:])
