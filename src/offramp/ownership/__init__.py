"""Ownership and control: edges from sources, the ownership graph, the OFAC 50% rule.

Pure computation over model objects (imports only :mod:`offramp.model` and
:mod:`offramp.normalize`); screening and what-if wire it in. The rule as implemented, the
CSV format and the limits are in docs/ownership.md.

    edges = [*edges_from_ftm(parsed.extras["ownership"]), *edges_from_links(entities),
             *read_ownership_csv("holdings.csv", entities=entities).edges]
    graph = OwnershipGraph(edges)
    for node, exposure in derived_blocks(graph, {"NK-aU5ybkbRFJucf8YMwsJvDw"}).items():
        print(graph.label(node), exposure.explain())
"""

from offramp.ownership.csv_edges import OwnershipCsv, parse_ownership_csv, read_ownership_csv
from offramp.ownership.edges import EdgeKind, OwnershipEdge, format_percent, is_named, named_node
from offramp.ownership.exposure import (
    THRESHOLD,
    Exposure,
    ExposureKind,
    OwnerStatus,
    Rule,
    Stake,
    reaches_threshold,
)
from offramp.ownership.ftm_edges import FtmOwnershipLike, edge_from_ftm, edges_from_ftm
from offramp.ownership.graph import ExcludedEdge, OwnershipGraph
from offramp.ownership.link_edges import edges_from_links
from offramp.ownership.percent import ParsedPercent, parse_percent
from offramp.ownership.resolve import EntityResolver, Resolution, ResolvedBy
from offramp.ownership.rule50 import OwnershipAnalysis, analyse, derived_blocks

__all__ = [
    "THRESHOLD",
    "EdgeKind",
    "EntityResolver",
    "ExcludedEdge",
    "Exposure",
    "ExposureKind",
    "FtmOwnershipLike",
    "OwnerStatus",
    "OwnershipAnalysis",
    "OwnershipCsv",
    "OwnershipEdge",
    "OwnershipGraph",
    "ParsedPercent",
    "Resolution",
    "ResolvedBy",
    "Rule",
    "Stake",
    "analyse",
    "derived_blocks",
    "edge_from_ftm",
    "edges_from_ftm",
    "edges_from_links",
    "format_percent",
    "is_named",
    "named_node",
    "parse_ownership_csv",
    "parse_percent",
    "reaches_threshold",
    "read_ownership_csv",
]
