"""Pure formatters: what the commands print, as text, JSON or Markdown."""

from __future__ import annotations

import json
from collections.abc import Sequence

from render.diffing import FleetDiff, ReplicaChange

# GitHub refuses issue and pull-request comments over 65,536 characters.
GITHUB_COMMENT_LIMIT = 65536


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    widths = [max(len(str(x)) for x in col) for col in zip(headers, *rows, strict=False)]
    lines = ["  ".join(str(v).ljust(w) for v, w in zip(row, widths, strict=False)).rstrip()
             for row in [headers, *rows]]
    return "\n".join(lines)


def _replica_rows(changes: Sequence[ReplicaChange]) -> list[list[str]]:
    return [[c.workload, c.cluster, f"{c.old} → {c.new}"] for c in changes]


def diff_text(diff: FleetDiff) -> str:
    """The diff for a terminal: replica table, then per-cluster patches."""
    if diff.empty:
        return f"no changes against {diff.base}\n"
    out = [f"changes against {diff.base}: {_summary(diff)}", ""]
    if diff.replicas:
        out += [_table(["WORKLOAD", "CLUSTER", "REPLICAS"], _replica_rows(diff.replicas)), ""]
    for change in diff.files:
        out.append(f"{change.status}: {change.cluster}/{change.path}" if change.cluster else f"{change.status}: {change.path}")
    out.append("")
    out += [c.patch for c in diff.files]
    return "\n".join(out).rstrip("\n") + "\n"


def _summary(diff: FleetDiff) -> str:
    counts = {s: sum(1 for c in diff.files if c.status == s) for s in ("added", "removed", "changed")}
    return (f"{len(diff.clusters)} cluster(s), {counts['added']} added, {counts['removed']} removed, "
            f"{counts['changed']} changed object(s), {len(diff.replicas)} replica change(s)")


def diff_json(diff: FleetDiff) -> str:
    """The diff as JSON for other tools."""
    return json.dumps({
        "base": diff.base,
        "files": [{"cluster": c.cluster, "path": c.path, "status": c.status, "patch": c.patch} for c in diff.files],
        "replicas": [{"workload": r.workload, "cluster": r.cluster, "old": r.old, "new": r.new} for r in diff.replicas],
    }, indent=2, sort_keys=True) + "\n"


def diff_markdown(diff: FleetDiff, limit: int = GITHUB_COMMENT_LIMIT) -> str:
    """A pull-request comment: summary, replica table, collapsed per-cluster diffs, within ``limit``."""
    head = ["### fleet-render diff", ""]
    if diff.empty:
        return "\n".join([*head, f"No changes to the rendered fleet against `{diff.base[:12]}`.", ""])
    head += [f"Against `{diff.base[:12]}`: {_summary(diff)}.", ""]
    if diff.replicas:
        head += ["| workload | cluster | replicas |", "|---|---|---|"]
        head += [f"| `{r.workload}` | `{r.cluster}` | {r.old} → {r.new} |" for r in diff.replicas]
        head.append("")
    text = "\n".join(head)
    note = "\n_The diff was truncated to fit in a comment; run `fleet-render diff` locally for all of it._\n"
    for cluster in sorted({c.cluster for c in diff.files}):
        patches = "".join(c.patch for c in diff.files if c.cluster == cluster)
        block = (f"<details><summary><code>{cluster or '(top level)'}</code></summary>\n\n"
                 f"```diff\n{patches}```\n</details>\n")
        if len(text) + len(block) + len(note) > limit:
            return text + note
        text += block
    return text
