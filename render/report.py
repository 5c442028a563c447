"""Pure formatters: what the commands print, as text, JSON or Markdown."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

from render.diffing import FleetDiff, ReplicaChange
from render.model import FLEET_LABEL

# GitHub refuses issue and pull-request comments over 65,536 characters.
GITHUB_COMMENT_LIMIT = 65536


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    widths = [max(len(v) for v in col) for col in zip(headers, *rows, strict=True)]
    return "\n".join(
        "  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip()
        for row in [headers, *rows]
    )


def _summary(diff: FleetDiff) -> str:
    return (
        f"{_plural(len(diff.clusters), 'cluster')} affected: "
        f"{_plural(diff.count('added'), 'object')} added, {diff.count('removed')} "
        f"removed, {diff.count('changed')} changed; "
        f"{_plural(len(diff.replicas), 'replica change')}"
    )


def _against(diff: FleetDiff) -> str:
    return f"{diff.base} ({diff.commit[:12]})" if diff.commit else diff.base


def _replica_rows(changes: Sequence[ReplicaChange]) -> list[list[str]]:
    return [[c.workload, c.cluster, f"{c.old} → {c.new}"] for c in changes]


def diff_text(diff: FleetDiff) -> str:
    """The diff for a terminal: summary, replica table, files per cluster, patches."""
    if diff.empty:
        return f"no changes against {_against(diff)}\n"
    out = [f"changes against {_against(diff)}: {_summary(diff)}", ""]
    if diff.replicas:
        headers = ["WORKLOAD", "CLUSTER", "REPLICAS"]
        out += [_table(headers, _replica_rows(diff.replicas)), ""]
    for cluster in sorted({c.cluster for c in diff.files}):
        out.append(f"{cluster or '(top level)'}:")
        out += [f"  {c.status:<8} {c.path}" for c in diff.files if c.cluster == cluster]
    out.append("")
    return "\n".join(out) + "\n" + "".join(c.patch for c in diff.files)


def diff_json(diff: FleetDiff) -> str:
    """The diff as JSON for other tools (Secret values already redacted)."""
    record = {
        "base": diff.base,
        "commit": diff.commit,
        "clusters": diff.clusters,
        "files": [
            {"cluster": c.cluster, "path": c.path, "status": c.status, "patch": c.patch}
            for c in diff.files
        ],
        "replicas": [
            {"workload": r.workload, "cluster": r.cluster, "old": r.old, "new": r.new}
            for r in diff.replicas
        ],
    }
    return json.dumps(record, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _fence(text: str) -> str:
    # A fence longer than any backtick run inside, so a patch cannot close it early.
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    return "`" * max(3, longest + 1)


def _details(cluster: str, summary: str, patches: Sequence[str], fence: str) -> str:
    return (
        f"<details><summary><code>{cluster or '(top level)'}</code>: {summary}</summary>"
        f"\n\n{fence}diff\n{''.join(patches)}{fence}\n</details>\n"
    )


def _cluster_summary(files: Sequence[Any], shown: int) -> str:
    counts = [
        f"{n} {s}"
        for s in ("added", "removed", "changed")
        if (n := sum(1 for c in files if c.status == s))
    ]
    text = ", ".join(counts)
    return text if shown == len(files) else f"{text} ({shown} shown)"


def _md_against(diff: FleetDiff) -> str:
    return f"{diff.base} (`{diff.commit[:12]}`)" if diff.commit else f"`{diff.base}`"


_TRUNCATED = (
    "\n_Truncated to fit in a GitHub comment: {rows} replica rows and {files} file "
    "diffs left out. Run `fleet-render diff` locally for all of it._\n"
)


def _fit(patches: Sequence[str], room: int) -> int:
    # How many of the patches, in order, fit in ``room`` characters.
    for count, patch in enumerate(patches):
        room -= len(patch)
        if room < 0:
            return count
    return len(patches)


def diff_markdown(diff: FleetDiff, limit: int = GITHUB_COMMENT_LIMIT) -> str:
    """A pull-request comment: summary, replica table, collapsed per-cluster diffs.

    The comment stays within ``limit`` characters: the replica rows and file diffs
    that do not fit are left out, and a closing note says how many.
    """
    title = "### fleet-render diff\n\n"
    if diff.empty:
        return f"{title}No changes to the rendered fleet against {_md_against(diff)}.\n"
    reserve = len(_TRUNCATED.format(rows=len(diff.replicas), files=len(diff.files)))
    room = limit - reserve
    parts = [f"{title}Against {_md_against(diff)}: {_summary(diff)}.\n\n"]
    rows_left = 0
    if diff.replicas:
        parts.append("| workload | cluster | replicas |\n|---|---|---|\n")
        rows = [
            f"| `{r.workload}` | `{r.cluster}` | {r.old} → {r.new} |\n"
            for r in diff.replicas
        ]
        count = _fit(rows, room - len("".join(parts)) - 1)
        parts += [*rows[:count], "\n"]
        rows_left = len(rows) - count
    files_left = 0
    for cluster in sorted({c.cluster for c in diff.files}):
        files = [c for c in diff.files if c.cluster == cluster]
        patches = [c.patch for c in files]
        fence = _fence("".join(patches))
        # The longest summary the frame can get: "(N shown)" with N digits at most.
        longest = f"{_cluster_summary(files, len(files))} ({len(files)} shown)"
        frame = len(_details(cluster, longest, [], fence))
        count = _fit(patches, room - len("".join(parts)) - frame)
        if count:
            parts.append(
                _details(
                    cluster, _cluster_summary(files, count), patches[:count], fence
                )
            )
        files_left += len(files) - count
    if rows_left or files_left:
        parts.append(_TRUNCATED.format(rows=rows_left, files=files_left))
    return "".join(parts)


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
    return _table(headers, rows) + "\n"


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
        f"{_plural(count['error'], 'error')}, {count['skipped']} skipped (no schema)"
    )
    return "\n".join(lines) + "\n"
