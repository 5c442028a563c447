"""What a change does to the fleet: per-cluster object changes and the replica table."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from render.output import MARKER

Replicas = Mapping[tuple[str, str], int]  # (workload, cluster) -> replicas


@dataclass(frozen=True)
class FileChange:
    """One output file that differs: ``status`` is added, removed or changed."""

    cluster: str
    path: str
    status: str
    patch: str


@dataclass(frozen=True)
class ReplicaChange:
    """A workload whose replicas in a cluster changed (0 = not placed there)."""

    workload: str
    cluster: str
    old: int
    new: int


@dataclass
class FleetDiff:
    """Everything ``fleet-render diff`` reports."""

    base: str
    files: list[FileChange] = field(default_factory=list)
    replicas: list[ReplicaChange] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.files and not self.replicas

    @property
    def clusters(self) -> list[str]:
        return sorted({c.cluster for c in self.files} | {r.cluster for r in self.replicas})


def _split(path: str) -> tuple[str, str]:
    cluster, _, rest = path.partition("/")
    return (cluster, rest) if rest else ("", path)


def diff_files(old: Mapping[str, str], new: Mapping[str, str],
               redact: Callable[[str], str] | None = None) -> list[FileChange]:
    """Per-file unified diffs between two renders (bindings and marker left out).

    Args:
        old: the base render's files.
        new: the current render's files.
        redact: maps a file's text to what may be shown (hides Secret values).
    """
    show = redact or (lambda text: text)
    changes = []
    for path in sorted(old.keys() | new.keys()):
        if path in (MARKER, "bindings.yaml") or old.get(path) == new.get(path):
            continue
        before, after = show(old.get(path, "")), show(new.get(path, ""))
        status = "added" if path not in old else "removed" if path not in new else "changed"
        patch = "".join(difflib.unified_diff(before.splitlines(True), after.splitlines(True),
                                             f"a/{path}", f"b/{path}"))
        cluster, rel = _split(path)
        changes.append(FileChange(cluster, rel, status, patch))
    return changes


def diff_replicas(old: Replicas, new: Replicas) -> list[ReplicaChange]:
    """The (workload, cluster) cells whose replica count changed."""
    keys = sorted(old.keys() | new.keys())
    return [ReplicaChange(w, c, old.get((w, c), 0), new.get((w, c), 0))
            for w, c in keys if old.get((w, c), 0) != new.get((w, c), 0)]


def replica_cells(bindings: Sequence[object]) -> dict[tuple[str, str], int]:
    """(workload, cluster) -> replicas for every Divided or Duplicated workload binding."""
    cells = {}
    for b in bindings:
        if not getattr(b, "replicas", 0):
            continue
        m = b.manifest  # type: ignore[attr-defined]
        name = f"{m.kind}/{m.namespace + '/' if m.namespaced else ''}{m.name}"
        for cluster, replicas in b.result.clusters:  # type: ignore[attr-defined]
            cells[(name, cluster)] = replicas
    return cells


def redact_secret_values(text: str) -> str:
    """A rendered file's text with every Secret value replaced by a short hash.

    The hash still shows *that* a value changed, never what it is.
    """
    import hashlib

    import yaml

    if "kind: Secret" not in text:
        return text
    try:
        obj = yaml.safe_load(text)
    except yaml.YAMLError:
        return "<redacted: unreadable Secret>\n"
    if not isinstance(obj, dict) or obj.get("kind") != "Secret":
        return text
    for part in ("data", "stringData"):
        values = obj.get(part)
        if isinstance(values, dict):
            obj[part] = {k: f"<redacted sha256:{hashlib.sha256(str(v).encode()).hexdigest()[:12]}>"
                         for k, v in values.items()}
    from render.output import dump

    return dump(obj)
