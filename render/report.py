"""Pure formatters: what the commands print, as text, JSON or Markdown."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from render.model import FLEET_LABEL


def plural(count: int, word: str) -> str:
    """``1 cluster``, ``2 clusters``."""
    return f"{count} {word}{'' if count == 1 else 's'}"


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Left-aligned columns two spaces apart, as kubectl prints them."""
    widths = [max(len(v) for v in col) for col in zip(headers, *rows, strict=True)]
    return "\n".join(
        "  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip()
        for row in [headers, *rows]
    )


def _rows(
    fmt: str, headers: list[str], rows: list[list[str]], records: list[Any]
) -> str:
    if fmt == "json":
        return json.dumps(records, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    if fmt == "markdown":
        lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
        lines += [
            "| " + " | ".join(v.replace("|", "\\|") for v in row) + " |" for row in rows
        ]
        return "\n".join(lines) + "\n"
    return table(headers, rows) + "\n"


def _taint(taint: Any) -> str:
    return f"{taint.key}{'=' + taint.value if taint.value else ''}:{taint.effect}"


def _cluster_record(plan: Any, cluster: Any) -> dict[str, Any]:
    placed = [
        replicas
        for b in plan.bindings
        for name, replicas in b.result.clusters
        if name == cluster.name
    ]
    return {
        "name": cluster.name,
        "fleet": cluster.fleet,
        "provider": cluster.provider,
        "region": cluster.region,
        "zones": list(cluster.zones),
        "labels": dict(cluster.labels),
        "taints": [_taint(t) for t in cluster.taints],
        "capacity": dict((cluster.resources or {}).get("allocatable") or {}),
        "objects": len(plan.objects.get(cluster.name, [])),
        "replicas": sum(placed),
    }


def clusters_table(plan: Any, fmt: str = "text") -> str:
    """``get clusters``: every member cluster, its topology, taints, capacity and what it receives.

    ``replicas`` adds up the replicas of every workload placed on the cluster;
    ``capacity`` is the declared allocatable resources; LABELS leaves out the fleet
    label, which the FLEET column shows.
    """
    records = [
        _cluster_record(plan, c) for c in sorted(plan.clusters, key=lambda c: c.name)
    ]
    headers = [
        "NAME",
        "FLEET",
        "PROVIDER",
        "REGION",
        "ZONES",
        "TAINTS",
        "CAPACITY",
        "OBJECTS",
        "REPLICAS",
        "LABELS",
    ]
    rows = [
        [
            r["name"],
            r["fleet"] or "-",
            r["provider"] or "-",
            r["region"] or "-",
            ",".join(r["zones"]) or "-",
            ",".join(r["taints"]) or "-",
            ",".join(f"{k}={v}" for k, v in sorted(r["capacity"].items())) or "-",
            str(r["objects"]),
            str(r["replicas"]),
            ",".join(
                f"{k}={v}" for k, v in sorted(r["labels"].items()) if k != FLEET_LABEL
            )
            or "-",
        ]
        for r in records
    ]
    return _rows(fmt, headers, rows, records)


def bindings_table(plan: Any, fmt: str = "text") -> str:
    """``get bindings``: every placed object with its policy, clusters and replicas."""
    records = []
    for b in plan.bindings:
        m = b.manifest
        records.append(
            {
                "namespace": m.namespace if m.namespaced else "",
                "name": m.name,
                "kind": m.kind,
                "apiVersion": m.api_version,
                "policy": b.policy.ref if b.policy else "",
                "strategy": b.result.strategy,
                "replicas": b.replicas,
                "clusters": dict(sorted(b.result.clusters)),
                # propagateDeps: the workloads' bindings this object follows too
                "requiredBy": [
                    {
                        "binding": f"{r.namespace}/{r.name}",
                        "clusters": sorted(n for n, _ in r.clusters),
                    }
                    for r in b.required_by
                ],
            }
        )
    records.sort(key=lambda r: (r["namespace"], r["name"], r["kind"], r["apiVersion"]))
    headers = [
        "NAMESPACE",
        "NAME",
        "KIND",
        "POLICY",
        "STRATEGY",
        "REPLICAS",
        "CLUSTERS",
    ]
    rows = [
        [
            r["namespace"] or "-",
            r["name"],
            r["kind"],
            r["policy"] or "-",
            r["strategy"] or "-",
            str(r["replicas"]),
            _placement(r),
        ]
        for r in records
    ]
    return _rows(fmt, headers, rows, records)


def _placement(record: Mapping[str, Any]) -> str:
    # Non-workloads carry 0 replicas everywhere (Karmada's spec.clusters): names only.
    clusters = record["clusters"]
    if record["strategy"] == "NonWorkload" or not record["replicas"]:
        text = ",".join(clusters)
    else:
        text = ",".join(f"{n}:{v}" for n, v in clusters.items())
    for required in record["requiredBy"]:
        extra = [n for n in required["clusters"] if n not in clusters]
        names = ",".join(extra) or "no other cluster"
        text += (
            f"{' ' if text else ''}+ {names} (propagateDeps of {required['binding']})"
        )
    return text or "-"


def explanation(expl: Any, fmt: str = "text") -> str:
    """``explain`` output: plain text, JSON, or Markdown for a pull request.

    A line indented by two spaces belongs to the line above it.
    """
    if fmt == "json":
        sections = [{"heading": h, "lines": lines} for h, lines in expl.sections]
        record = {"object": expl.title, "sections": sections}
        return json.dumps(record, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    if fmt == "markdown":
        out = [f"### {expl.title}"]
        for heading, lines in expl.sections:
            out += ["", f"**{heading}**", ""]
            out += [_md_item(line) for line in lines]
        return "\n".join(out) + "\n"
    return str(expl.text())


def _md_item(line: str) -> str:
    text = line.lstrip(" ")
    return f"{' ' * (len(line) - len(text))}- {text}"


_STATUSES = ("valid", "invalid", "error", "skipped")


def validation_text(result: Any) -> str:
    """``validate``: every object that is not valid, then the counts per status."""
    lines = [
        f"{c.status}: {c.path}" + (f": {c.message}" if c.message else "")
        for c in result.checks
        if c.status != "valid"
    ]
    count = {s: sum(1 for c in result.checks if c.status == s) for s in _STATUSES}
    lines.append(
        f"inputs valid; rendered objects ({result.tool}, Kubernetes {result.version}): "
        f"{count['valid']} valid, {count['invalid']} invalid, "
        f"{plural(count['error'], 'error')}, {count['skipped']} skipped (no schema)"
    )
    return "\n".join(lines) + "\n"
