"""Pure formatters: what the commands print, as text, JSON or Markdown."""

from __future__ import annotations

import json
from collections.abc import Sequence

from render.diffing import FleetDiff, ReplicaChange

# GitHub refuses issue and pull-request comments over 65,536 characters.
GITHUB_COMMENT_LIMIT = 65536


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    widths = [
        max(len(str(x)) for x in col) for col in zip(headers, *rows, strict=False)
    ]
    lines = [
        "  ".join(str(v).ljust(w) for v, w in zip(row, widths, strict=False)).rstrip()
        for row in [headers, *rows]
    ]
    return "\n".join(lines)


def _replica_rows(changes: Sequence[ReplicaChange]) -> list[list[str]]:
    return [[c.workload, c.cluster, f"{c.old} → {c.new}"] for c in changes]


def diff_text(diff: FleetDiff) -> str:
    """The diff for a terminal: replica table, then per-cluster patches."""
    if diff.empty:
        return f"no changes against {diff.base}\n"
    out = [f"changes against {diff.base}: {_summary(diff)}", ""]
    if diff.replicas:
        out += [
            _table(["WORKLOAD", "CLUSTER", "REPLICAS"], _replica_rows(diff.replicas)),
            "",
        ]
    for change in diff.files:
        out.append(
            f"{change.status}: {change.cluster}/{change.path}"
            if change.cluster
            else f"{change.status}: {change.path}"
        )
    out.append("")
    out += [c.patch for c in diff.files]
    return "\n".join(out).rstrip("\n") + "\n"


def _summary(diff: FleetDiff) -> str:
    counts = {
        s: sum(1 for c in diff.files if c.status == s)
        for s in ("added", "removed", "changed")
    }
    return (
        f"{len(diff.clusters)} cluster(s), {counts['added']} added, {counts['removed']} removed, "
        f"{counts['changed']} changed object(s), {len(diff.replicas)} replica change(s)"
    )


def diff_json(diff: FleetDiff) -> str:
    """The diff as JSON for other tools."""
    return (
        json.dumps(
            {
                "base": diff.base,
                "files": [
                    {
                        "cluster": c.cluster,
                        "path": c.path,
                        "status": c.status,
                        "patch": c.patch,
                    }
                    for c in diff.files
                ],
                "replicas": [
                    {
                        "workload": r.workload,
                        "cluster": r.cluster,
                        "old": r.old,
                        "new": r.new,
                    }
                    for r in diff.replicas
                ],
            },
            indent=2,
            sort_keys=True,
        )
        + "\n"
    )


def diff_markdown(diff: FleetDiff, limit: int = GITHUB_COMMENT_LIMIT) -> str:
    """A pull-request comment: summary, replica table, collapsed per-cluster diffs, within ``limit``."""
    head = ["### fleet-render diff", ""]
    if diff.empty:
        return "\n".join(
            [*head, f"No changes to the rendered fleet against `{diff.base[:12]}`.", ""]
        )
    head += [f"Against `{diff.base[:12]}`: {_summary(diff)}.", ""]
    if diff.replicas:
        head += ["| workload | cluster | replicas |", "|---|---|---|"]
        head += [
            f"| `{r.workload}` | `{r.cluster}` | {r.old} → {r.new} |"
            for r in diff.replicas
        ]
        head.append("")
    text = "\n".join(head)
    note = "\n_The diff was truncated to fit in a comment; run `fleet-render diff` locally for all of it._\n"
    for cluster in sorted({c.cluster for c in diff.files}):
        patches = "".join(c.patch for c in diff.files if c.cluster == cluster)
        block = (
            f"<details><summary><code>{cluster or '(top level)'}</code></summary>\n\n"
            f"```diff\n{patches}```\n</details>\n"
        )
        if len(text) + len(block) + len(note) > limit:
            return text + note
        text += block
    return text


def _fmt_rows(
    fmt: str,
    headers: list[str],
    rows: list[list[str]],
    records: list[dict[str, object]],
) -> str:
    if fmt == "json":
        return json.dumps(records, indent=2, sort_keys=True) + "\n"
    if fmt == "markdown":
        lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
        lines += [
            "| " + " | ".join(v.replace("|", "\\|") for v in row) + " |" for row in rows
        ]
        return "\n".join(lines) + "\n"
    return _table(headers, rows) + "\n"


def clusters_table(plan: object, fmt: str = "text") -> str:
    """``get clusters``: every member cluster, its topology, taints, capacity and what it receives."""
    records: list[dict[str, object]] = []
    for cluster in plan.clusters:  # type: ignore[attr-defined]
        objects = plan.objects.get(cluster.name, [])  # type: ignore[attr-defined]
        replicas = sum(
            r
            for b in plan.bindings
            for n, r in b.result.clusters  # type: ignore[attr-defined]
            if n == cluster.name and b.divided
        )
        replicas += sum(
            b.replicas
            for b in plan.bindings
            if not b.divided  # type: ignore[attr-defined]
            and any(n == cluster.name for n, _ in b.result.clusters)
        )
        allocatable = (cluster.resources or {}).get("allocatable", {})
        records.append(
            {
                "name": cluster.name,
                "fleet": cluster.fleet,
                "provider": cluster.provider,
                "region": cluster.region,
                "zones": list(cluster.zones),
                "labels": dict(cluster.labels),
                "taints": [
                    f"{t.key}{'=' + t.value if t.value else ''}:{t.effect}"
                    for t in cluster.taints
                ],
                "capacity": dict(allocatable),
                "objects": len(objects),
                "replicas": replicas,
            }
        )
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
    ]
    rows = [
        [
            r["name"],
            r["fleet"],
            r["provider"] or "-",
            r["region"] or "-",
            ",".join(r["zones"]) or "-",
            ",".join(r["taints"]) or "-",
            ",".join(f"{k}={v}" for k, v in sorted(r["capacity"].items())) or "-",
            str(r["objects"]),
            str(r["replicas"]),
        ]
        for r in records
    ]  # type: ignore[union-attr,arg-type]
    return _fmt_rows(fmt, headers, rows, records)


def bindings_table(plan: object, fmt: str = "text") -> str:
    """``get bindings``: every placed object with its policy, clusters and replicas (Karmada's ResourceBindings)."""
    records: list[dict[str, object]] = []
    for b in plan.bindings:  # type: ignore[attr-defined]
        m = b.manifest
        records.append(
            {
                "namespace": m.namespace,
                "name": m.name,
                "kind": m.kind,
                "apiVersion": m.api_version,
                "policy": b.policy.ref if b.policy else "-",
                "strategy": b.result.strategy,
                "replicas": b.replicas,
                "clusters": {n: r for n, r in b.result.clusters},
            }
        )
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
            str(r["namespace"]) or "-",
            str(r["name"]),
            str(r["kind"]),
            str(r["policy"]),
            str(r["strategy"]),
            str(r["replicas"]),
            ",".join(f"{n}:{v}" for n, v in r["clusters"].items()),
        ]  # type: ignore[attr-defined]
        for r in records
    ]
    return _fmt_rows(fmt, headers, rows, records)


def explanation(expl: object, fmt: str = "text") -> str:
    """``explain`` output: plain text, JSON, or Markdown for a pull request."""
    if fmt == "json":
        return (
            json.dumps(
                {"object": expl.title, "sections": dict(expl.sections)},  # type: ignore[attr-defined]
                indent=2,
                sort_keys=True,
            )
            + "\n"
        )
    if fmt == "markdown":
        out = [f"### {expl.title}"]  # type: ignore[attr-defined]
        for heading, lines in expl.sections:  # type: ignore[attr-defined]
            out += ["", f"**{heading}**", "", *(f"- {line}" for line in lines)]
        return "\n".join(out) + "\n"
    return expl.text()  # type: ignore[attr-defined,no-any-return]
