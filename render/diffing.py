"""What a change does to the fleet: per-cluster object changes and the replica table."""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import yaml

from render.output import MARKER, dump

Replicas = Mapping[tuple[str, str], int]  # (workload, cluster) -> replicas

KUSTOMIZATION = "kustomization.yaml"
# Only these carry values; "<redacted, changed>" tells a reviewer *that* a value
# changed. No hash of the value is shown: an unsalted hash of a weak password in a
# public pull-request comment can be reversed with a dictionary.
_SECRET_PARTS = ("data", "stringData")
_LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration"
_SECRET_KIND = re.compile(r"^kind: ['\"]?Secret['\"]?$", re.MULTILINE)
REDACTED = "<redacted>"
REDACTED_CHANGED = "<redacted, changed>"


@dataclass(frozen=True)
class FileChange:
    """One output file that differs: ``status`` is added, removed or changed."""

    cluster: str
    path: str
    status: str
    patch: str

    @property
    def is_object(self) -> bool:
        """A manifest, not a cluster folder's ``kustomization.yaml``."""
        return bool(self.cluster) and self.path != KUSTOMIZATION


@dataclass(frozen=True)
class ReplicaChange:
    """A workload whose replicas in a cluster changed (0 = not placed there)."""

    workload: str
    cluster: str
    old: int
    new: int


@dataclass
class FleetDiff:
    """Everything ``fleet-render diff`` reports.

    ``base`` is how the base was named (a ref, or the merge base description) and
    ``commit`` the commit it resolved to.
    """

    base: str
    commit: str = ""
    files: list[FileChange] = field(default_factory=list)
    replicas: list[ReplicaChange] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.files and not self.replicas

    @property
    def clusters(self) -> list[str]:
        """Every cluster with a changed file or replica count, by name."""
        names = {c.cluster for c in self.files if c.cluster}
        return sorted(names | {r.cluster for r in self.replicas})

    def count(self, status: str) -> int:
        """How many objects (not kustomization files) have this status."""
        return sum(1 for c in self.files if c.is_object and c.status == status)


def _split(path: str) -> tuple[str, str]:
    cluster, _, rest = path.partition("/")
    return (cluster, rest) if rest else ("", path)


def diff_files(old: Mapping[str, str], new: Mapping[str, str]) -> list[FileChange]:
    """Per-file unified diffs between two renders, Secret values redacted.

    The bindings file and the output marker are left out: the replica table says
    what changed in the bindings.

    Args:
        old: the base render's files.
        new: the current render's files.
    """
    changes = []
    for path in sorted(old.keys() | new.keys()):
        if path in (MARKER, "bindings.yaml") or old.get(path) == new.get(path):
            continue
        before, after = redact_secret_values(old.get(path), new.get(path))
        status = (
            "added" if path not in old else "removed" if path not in new else "changed"
        )
        patch = "".join(
            difflib.unified_diff(
                before.splitlines(True),
                after.splitlines(True),
                "/dev/null" if path not in old else f"a/{path}",
                "/dev/null" if path not in new else f"b/{path}",
            )
        )
        cluster, rel = _split(path)
        changes.append(FileChange(cluster, rel, status, patch))
    return changes


def diff_replicas(old: Replicas, new: Replicas) -> list[ReplicaChange]:
    """The (workload, cluster) cells whose replica count changed."""
    keys = sorted(old.keys() | new.keys())
    return [
        ReplicaChange(w, c, old.get((w, c), 0), new.get((w, c), 0))
        for w, c in keys
        if old.get((w, c), 0) != new.get((w, c), 0)
    ]


def replica_cells(bindings: Sequence[Any]) -> dict[tuple[str, str], int]:
    """(workload, cluster) -> replicas for every Divided or Duplicated workload binding."""
    cells = {}
    for b in bindings:
        if not b.replicas:
            continue
        m = b.manifest
        name = f"{m.kind}/{m.namespace + '/' if m.namespaced else ''}{m.name}"
        for cluster, replicas in b.result.clusters:
            cells[(name, cluster)] = replicas
    return cells


def _load_secret(text: str | None) -> dict[str, Any] | None:
    if text is None or not _SECRET_KIND.search(text):
        return None
    try:
        obj = yaml.safe_load(text)
    except yaml.YAMLError:
        return {"kind": "Secret", "unreadable": True}
    return obj if isinstance(obj, dict) and obj.get("kind") == "Secret" else None


def _redacted_part(mine: Any, theirs: Any) -> Any:
    if not isinstance(mine, dict):
        return REDACTED  # not a map of values: hide it whole
    other = theirs if isinstance(theirs, dict) else {}
    return {
        key: REDACTED if key in other and other[key] == value else REDACTED_CHANGED
        for key, value in mine.items()
    }


def _redacted(obj: dict[str, Any], other: dict[str, Any] | None) -> str:
    if obj.get("unreadable"):
        return "<redacted: unreadable Secret>\n"
    shown = dict(obj)
    for part in _SECRET_PARTS:
        if part in shown:
            shown[part] = _redacted_part(shown[part], (other or {}).get(part))
    annotations = (shown.get("metadata") or {}).get("annotations")
    if isinstance(annotations, dict) and _LAST_APPLIED in annotations:
        shown["metadata"] = {
            **shown["metadata"],
            "annotations": {**annotations, _LAST_APPLIED: REDACTED},
        }
    return dump(shown)


def redact_secret_values(old: str | None, new: str | None) -> tuple[str, str]:
    """Two versions of a rendered file as they may be shown: Secret values hidden.

    Every old value reads ``<redacted>``, and so does a new value equal to the old
    one; a new value that was added or changed reads ``<redacted, changed>``. The
    diff then shows which keys changed and nothing of any value. A missing version
    is "".
    """
    old_secret, new_secret = _load_secret(old), _load_secret(new)
    # The old side is plain "<redacted>"; the new side marks what differs from it.
    before = (old or "") if old_secret is None else _redacted(old_secret, old_secret)
    after = (new or "") if new_secret is None else _redacted(new_secret, old_secret)
    return before, after
