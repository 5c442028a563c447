"""Candidate clusters, their ranking, and their region/zone/provider group scores.

Ports Karmada's ``spreadconstraint/group_clusters.go`` and ``util.go sortClusters``
(spec §7, §8.1, §8.4).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from render.scheduling.placement import is_spread_ignored, replica_scheduling_type

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping, Sequence

    from render.model import Cluster

WEIGHT_UNIT = (
    1000  # capacity counts in thousands so the 0..100 average score only breaks ties
)


@dataclass(frozen=True)
class Candidate:
    """A feasible cluster as the scheduler ranks it (Karmada's ``ClusterDetailInfo``).

    ``allocatable`` is est(c); ``available`` is est(c) plus the replicas the
    previous result already holds there; ``tier`` is the overflow order.
    """

    name: str
    score: int = 0
    available: int = 0
    allocatable: int = 0
    tier: int = 0
    cluster: Cluster | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Group:
    """A region, zone or provider: its clusters in candidate order and its score."""

    name: str
    score: int
    clusters: tuple[Candidate, ...]


@dataclass(frozen=True)
class Topology:
    """Karmada's ``GroupClustersInfo``: ranked candidates and the spread groups."""

    clusters: tuple[Candidate, ...]
    regions: tuple[Group, ...] = ()
    zones: tuple[Group, ...] = ()
    providers: tuple[Group, ...] = ()


def candidate_key(candidate: Candidate) -> tuple[int, int, int, str]:
    """Candidate order: tier ascending, score and available descending, then name."""
    return (candidate.tier, -candidate.score, -candidate.available, candidate.name)


def sort_candidates(
    candidates: Iterable[Candidate], *, by_available: bool = True
) -> list[Candidate]:
    """Karmada's ``sortClusters``; ``by_available=False`` drops the capacity comparator.

    Names are unique, so the order is total and Go's unstable sort agrees.
    """
    if by_available:
        return sorted(candidates, key=candidate_key)
    return sorted(candidates, key=lambda c: (c.tier, -c.score, c.name))


def _constraint_min_groups(placement: Mapping[str, Any], by_field: str) -> int:
    found = 0
    for constraint in placement.get("spreadConstraints") or ():
        if constraint.get("spreadByField") == by_field:
            found = int(constraint.get("minGroups") or 0)  # the last one wins, as in Go
    return found


def calc_group_score_for_duplicate(clusters: Sequence[Candidate], replicas: int) -> int:
    """Duplicated group score: clusters fitting all replicas, then their mean score."""
    valid = [c for c in clusters if c.available >= replicas]
    if not valid:
        return 0
    return len(valid) * WEIGHT_UNIT + sum(c.score for c in valid) // len(valid)


def calc_group_score(
    clusters: Sequence[Candidate],
    placement: Mapping[str, Any] | None,
    replicas: int,
    min_groups: int,
) -> int:
    """Karmada's ``calcGroupScore`` for one group, clusters in candidate order.

    Args:
        clusters: the group's clusters, in candidate order.
        placement: the (defaulted) placement.
        replicas: ``spec.replicas``.
        min_groups: ``minGroups`` of this group's spread constraint.

    Returns:
        Capacity up to the per-group target (times 1000) plus the average score.
    """
    if placement is None or replica_scheduling_type(placement) == "Duplicated":
        return calc_group_score_for_duplicate(clusters, replicas)
    # Defaults make minGroups >= 1; Go would divide by zero here, so count 0 as 1.
    target = math.ceil(float(replicas) / float(max(min_groups, 1)))
    needed = max(_constraint_min_groups(placement, "cluster"), min_groups)
    sum_available = sum_score = taken = 0
    for candidate in clusters:
        sum_available += candidate.available
        sum_score += candidate.score
        taken += 1
        if taken >= needed and sum_available >= target:
            break
    if sum_available < target:
        return sum_available * WEIGHT_UNIT + (
            sum_score // len(clusters) if clusters else 0
        )
    return target * WEIGHT_UNIT + sum_score // taken


def is_topology_ignored(placement: Mapping[str, Any]) -> bool:
    """Whether groups are needed at all (Karmada's ``isTopologyIgnored``)."""
    constraints = placement.get("spreadConstraints") or ()
    if not constraints:
        return True
    if len(constraints) == 1 and constraints[0].get("spreadByField") == "cluster":
        return True
    return is_spread_ignored(placement)


def _groups(
    ranked: Sequence[Candidate],
    keys_of: Callable[[Cluster], Iterable[str]],
    score: Callable[[Sequence[Candidate]], int],
) -> tuple[Group, ...]:
    members: dict[str, list[Candidate]] = {}
    for candidate in ranked:
        if candidate.cluster is None:
            continue
        for key in keys_of(candidate.cluster):
            members.setdefault(key, []).append(candidate)
    return tuple(Group(k, score(v), tuple(v)) for k, v in sorted(members.items()))


def group_clusters(
    candidates: Iterable[Candidate], placement: Mapping[str, Any], replicas: int
) -> Topology:
    """Karmada's ``GroupClustersWithScore``: rank candidates, score spread groups.

    Args:
        candidates: feasible clusters with score, available and tier set.
        placement: the (defaulted) placement.
        replicas: ``spec.replicas``.

    Returns:
        The ranked candidates and, for each spread field in use, its groups
        sorted by name (a group lists its clusters in candidate order).
    """
    ranked = tuple(sort_candidates(candidates))
    if is_topology_ignored(placement):
        return Topology(ranked)
    fields = {c.get("spreadByField") for c in placement.get("spreadConstraints") or ()}

    def build(
        by_field: str, keys_of: Callable[[Cluster], Iterable[str]]
    ) -> tuple[Group, ...]:
        if by_field not in fields:
            return ()
        min_groups = _constraint_min_groups(placement, by_field)
        return _groups(
            ranked,
            keys_of,
            lambda g: calc_group_score(g, placement, replicas, min_groups),
        )

    return Topology(
        ranked,
        regions=build("region", lambda c: [c.region] if c.region else []),
        zones=build("zone", lambda c: c.zones),
        providers=build("provider", lambda c: [c.provider] if c.provider else []),
    )
