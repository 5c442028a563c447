"""Which clusters lost or gained replicas of each workload since the previous out/."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from render.inputs import ObjectKey, PreviousBinding
    from render.pipeline import Binding


@dataclass(frozen=True)
class ReplicaMove:
    """One workload's replica changes: ``(cluster, before, after)``, by cluster name."""

    workload: str
    changes: tuple[tuple[str, int, int], ...]

    def text(self) -> str:
        """``Deployment default/web: member1 4→0 (lost), member3 0→4 (gained)``."""
        cells = ", ".join(
            f"{name} {old}→{new} ({'gained' if new > old else 'lost'})"
            for name, old, new in self.changes
        )
        return f"{self.workload}: {cells}"


def _describe(key: ObjectKey) -> str:
    _, kind, namespace, name = key
    return f"{kind} {namespace}/{name}" if namespace else f"{kind} {name}"


def _cells(clusters: Sequence[tuple[str, int]]) -> dict[str, int]:
    cells: dict[str, int] = {}
    for name, replicas in clusters:
        if replicas > 0:
            cells[name] = cells.get(name, 0) + replicas
    return cells


def replica_moves(
    previous: Mapping[ObjectKey, PreviousBinding], bindings: Sequence[Binding]
) -> list[ReplicaMove]:
    """Every workload whose replicas per cluster differ from the previous render.

    Args:
        previous: the bindings read back from ``out/bindings.yaml``; with none
            (a first render) there is nothing to compare and nothing is reported.
        bindings: this render's bindings.

    Returns:
        One move per changed workload, sorted by kind, namespace and name; objects
        without replicas (ConfigMaps, Duplicated objects of 0 replicas) never
        appear, and a workload that is gone has lost all its replicas.
    """
    if not previous:
        return []
    # Most workloads keep their exact assignment: only the others are looked into.
    current = {b.key: b.result.clusters for b in bindings}
    touched = [
        key
        for key in current.keys() | previous.keys()
        if key not in previous
        or key not in current
        or tuple(current[key]) != tuple(previous[key].clusters)
    ]
    moves = []
    for key in sorted(touched, key=lambda k: (k[1], k[2], k[3], k[0])):
        old = _cells(previous[key].clusters) if key in previous else {}
        new = _cells(current[key]) if key in current else {}
        changes = tuple(
            (name, old.get(name, 0), new.get(name, 0))
            for name in sorted(old.keys() | new.keys())
            if old.get(name, 0) != new.get(name, 0)
        )
        if changes:
            moves.append(ReplicaMove(_describe(key), changes))
    return moves
