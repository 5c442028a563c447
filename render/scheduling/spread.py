"""Choosing clusters under spread constraints: by cluster, by region, selectGroups.

Ports Karmada's ``spreadconstraint/select_clusters*.go`` and ``select_groups.go``
(spec §8). Only ``cluster`` and ``region`` constraints select; ``zone`` and
``provider`` only filter, and ``spreadByLabel`` is not implemented by Karmada.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from render.errors import RenderError
from render.scheduling.placement import is_capacity_ignored, is_spread_ignored
from render.scheduling.topology import Candidate, Group, Topology, candidate_key

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

IGNORE_CAPACITY = -1  # Karmada's InvalidReplicas: select without looking at capacity


class GroupChoice(NamedTuple):
    """A group as selectGroups sees it: ``value`` clusters, ``weight`` = group score."""

    name: str
    value: int
    weight: int


@dataclass
class _Path:
    id: int
    groups: list[GroupChoice]
    weight: int
    value: int

    def extends(self, shorter: _Path) -> bool:
        if len(shorter.groups) >= len(self.groups):
            return False
        return all(
            a.name == b.name for a, b in zip(self.groups, shorter.groups, strict=False)
        )


def _fail(message: str, hint: str | None = None) -> RenderError:
    return RenderError.single(message, stage="schedule", hint=hint)


def _feasible_paths(
    groups: list[GroupChoice], min_groups: int, max_groups: int, target: int
) -> list[_Path]:
    paths: list[_Path] = []
    path: list[GroupChoice] = []

    def visit(total: int, begin: int) -> None:
        if total >= target and min_groups <= len(path) <= max_groups:
            chosen = sorted(path, key=lambda g: (-g.weight, g.name))
            paths.append(
                _Path(
                    len(paths) + 1,
                    chosen,
                    sum(g.weight for g in path),
                    sum(g.value for g in path),
                )
            )
            return  # a feasible path is never extended
        if len(path) >= max_groups:
            return
        for i in range(begin, len(groups)):
            path.append(groups[i])
            visit(total + groups[i].value, i + 1)
            if len(groups) == min_groups:
                break  # Karmada: only the all-groups path is explored (no pop)
            path.pop()

    visit(0, 0)
    return paths


def select_groups(
    groups: Sequence[GroupChoice], min_groups: int, max_groups: int, target: int
) -> list[str]:
    """Karmada's ``selectGroups``: the best feasible set of groups, by DFS over subsets.

    Args:
        groups: candidate groups.
        min_groups: fewest groups to pick.
        max_groups: most groups to pick (0 picks nothing).
        target: the summed ``value`` a pick needs.

    Returns:
        Group names by weight descending then name; empty when nothing is feasible.
    """
    ordered = sorted(groups, key=lambda g: (g.value, -g.weight, g.name))
    paths = _feasible_paths(ordered, min_groups, max_groups, target)
    if not paths:
        return []
    paths.sort(key=lambda p: (-p.weight, -p.value, p.id))
    final = paths[0]
    for path in paths[1:]:
        if final.extends(path):
            final = path  # a feasible prefix of the best path wins: fewer groups
    return [g.name for g in final.groups]


def _select_by_available(
    candidates: Sequence[Candidate], count: int, need_replicas: int
) -> list[Candidate]:
    chosen, rest = list(candidates[:count]), list(candidates[count:])
    slot = len(chosen) - 1
    while sum(c.available for c in chosen) < need_replicas and slot >= 0:
        best, best_available = -1, chosen[slot].available
        for i, candidate in enumerate(rest):
            if candidate.available > best_available:
                best, best_available = i, candidate.available
        if best >= 0:
            chosen[slot], rest[best] = rest[best], chosen[slot]
        slot -= 1
    return chosen if sum(c.available for c in chosen) >= need_replicas else []


def select_best_clusters_by_cluster(
    constraint: Mapping[str, Any], candidates: Sequence[Candidate], need_replicas: int
) -> list[Candidate]:
    """Karmada's ``selectBestClustersByCluster`` over candidates in candidate order.

    Raises:
        RenderError: fewer candidates than ``minGroups``, or (capacity counted)
            the best ``maxGroups`` clusters cannot hold ``need_replicas``.
    """
    if len(candidates) < int(constraint.get("minGroups") or 0):
        raise _fail(
            "the number of feasible clusters is less than spreadConstraint.MinGroups"
        )
    max_groups = int(constraint.get("maxGroups") or 0)
    count = max(min(len(candidates), max_groups), 0)
    if need_replicas == IGNORE_CAPACITY:
        return list(candidates[:count])
    chosen = _select_by_available(candidates, count, need_replicas)
    if not chosen:
        hint = (
            "spreadConstraints maxGroups is never defaulted; set it"
            if max_groups == 0
            else None
        )
        raise _fail(f"no enough resource when selecting {count} clusters", hint)
    return chosen


def select_best_clusters_by_region(
    regions: Sequence[Group],
    region_constraint: Mapping[str, Any],
    cluster_constraint: Mapping[str, Any],
) -> list[Candidate]:
    """Karmada's ``selectBestClustersByRegion``: regions by selectGroups, then clusters.

    One cluster of each chosen region is always taken, even beyond the cluster
    ``maxGroups``; there is no capacity check on this path.

    Raises:
        RenderError: too few regions, or no feasible region combination.
    """
    if len(regions) < int(region_constraint.get("minGroups") or 0):
        raise _fail(
            "the number of feasible region is less than spreadConstraint.MinGroups"
        )
    choices = [GroupChoice(g.name, len(g.clusters), g.score) for g in regions]
    chosen = select_groups(
        choices,
        int(region_constraint.get("minGroups") or 0),
        int(region_constraint.get("maxGroups") or 0),
        int(cluster_constraint.get("minGroups") or 0),
    )
    if not chosen:
        hint = (
            "region maxGroups is never defaulted; set it"
            if not region_constraint.get("maxGroups")
            else None
        )
        message = "the number of clusters is less than the cluster spreadConstraint"
        raise _fail(f"{message}.MinGroups", hint)
    by_name = {g.name: g for g in regions}
    selected = [by_name[name].clusters[0] for name in chosen]
    rest = [c for name in chosen for c in by_name[name].clusters[1:]]
    extra = min(
        len(selected) + len(rest), int(cluster_constraint.get("maxGroups") or 0)
    ) - len(selected)
    if extra > 0:
        selected.extend(sorted(rest, key=candidate_key)[:extra])
    return selected


def select_best_clusters(
    placement: Mapping[str, Any], topology: Topology, replicas: int
) -> list[Candidate]:
    """Karmada's ``SelectBestClusters``: apply spread constraints to ranked candidates.

    Args:
        placement: the (defaulted) placement.
        topology: ranked candidates and region groups (:func:`group_clusters`).
        replicas: ``spec.replicas``; ignored when capacity does not count.

    Returns:
        The selected clusters; every candidate when no constraint applies.

    Raises:
        RenderError: the constraints cannot be met.
    """
    constraints = placement.get("spreadConstraints") or ()
    if not constraints or is_spread_ignored(placement):
        return list(topology.clusters)
    need = IGNORE_CAPACITY if is_capacity_ignored(placement) else replicas
    by_field = {
        c.get("spreadByField") or "": c for c in constraints
    }  # the last one wins
    if "region" in by_field:
        return select_best_clusters_by_region(
            topology.regions, by_field["region"], by_field.get("cluster", {})
        )
    if "cluster" in by_field:
        return select_best_clusters_by_cluster(
            by_field["cluster"], topology.clusters, need
        )
    raise _fail(
        "just support cluster and region spread constraint",
        "Karmada selects only by cluster or region; add spreadByField: cluster",
    )
