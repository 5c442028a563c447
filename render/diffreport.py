"""The diff as a terminal text, JSON, or a pull-request comment within GitHub's limit."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

from render.diffing import FleetDiff, ReplicaChange
from render.report import plural, table

# GitHub refuses issue and pull-request comments over 65,536 characters.
GITHUB_COMMENT_LIMIT = 65536


def _summary(diff: FleetDiff) -> str:
    return (
        f"{plural(len(diff.clusters), 'cluster')} affected: "
        f"{plural(diff.count('added'), 'object')} added, {diff.count('removed')} "
        f"removed, {diff.count('changed')} changed; "
        f"{plural(len(diff.replicas), 'replica change')}"
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
        out += [table(headers, _replica_rows(diff.replicas)), ""]
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
