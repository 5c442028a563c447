"""Handing replicas to the selected clusters: duplicated, weighted, overflow tiers.

Ports Karmada's ``core/common.go`` and ``core/assignment.go`` /
``division_algorithm.go`` (spec §9.1, §10).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from render.errors import RenderError
from render.model import Cluster
from render.scheduling.division import (
    Placement,
    dispense_by_weight,
    merge_target_clusters,
)
from render.scheduling.placement import (
    AGGREGATED,
    DUPLICATED,
    DYNAMIC_WEIGHT,
    STATIC_WEIGHT,
    replica_scheduling_type,
    strategy_of,
)
from render.selection import cluster_matches

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from render.scheduling.topology import Candidate


@dataclass(frozen=True)
class Assignment:
    """Replicas per cluster, and the votes Webster divided them by (for ``explain``)."""

    clusters: Placement
    weights: Placement = ()


def _fail(message: str) -> RenderError:
    return RenderError.single(message, stage="schedule")


def _sort_desc(target_clusters: Sequence[tuple[str, int]]) -> list[tuple[str, int]]:
    # Go's sort.Sort is an insertion sort, hence stable, up to 12 elements and an
    # unstable pdqsort beyond; a stable sort everywhere is our documented deviation.
    return sorted(target_clusters, key=lambda tc: -tc[1])


def assign_duplicated(selected: Sequence[Candidate], replicas: int) -> Assignment:
    """Every selected cluster runs all replicas."""
    return Assignment(tuple((c.name, replicas) for c in selected))


def static_weights(
    selected: Sequence[Candidate], placement: Mapping[str, Any]
) -> list[tuple[str, int]]:
    """``getStaticWeightInfoList``: the highest matching rule weight per cluster.

    Clusters no rule matches are left out; when no cluster gets a weight, all
    selected clusters weigh 1. A nil ``weightPreference`` weighs all the same.
    """
    preference = placement["replicaScheduling"].get("weightPreference")
    rules: list[Mapping[str, Any]]
    if preference is None:
        rules = [
            {"targetCluster": {"clusterNames": [c.name]}, "weight": 1} for c in selected
        ]
    else:
        rules = list(preference.get("staticWeightList") or ())
    weights = []
    for candidate in selected:
        cluster = candidate.cluster or Cluster(candidate.name)
        weight = max(
            (
                int(r.get("weight") or 0)
                for r in rules
                if cluster_matches(cluster, r.get("targetCluster") or {})
            ),
            default=0,
        )
        if weight > 0:
            weights.append((candidate.name, weight))
    return weights or [(c.name, 1) for c in selected]


def assign_by_static_weight(
    selected: Sequence[Candidate],
    placement: Mapping[str, Any],
    replicas: int,
    uid: str = "",
) -> Assignment:
    """StaticWeight: Webster over rule weights; capacity and history do not count."""
    weights = static_weights(selected, placement)
    return Assignment(dispense_by_weight(replicas, weights, (), uid), tuple(weights))


def _divide(
    target: int,
    available: list[tuple[str, int]],
    scheduled: Sequence[tuple[str, int]],
    aggregated: bool,
    uid: str,
) -> Assignment:
    total = sum(r for _, r in available)
    if total < target:
        raise _fail(f"Clusters available replicas {total} are not enough to schedule.")
    if aggregated:
        # Clusters already running the workload first, then the shortest fitting prefix.
        prior = {name for name, replicas in scheduled if replicas > 0}
        available = [a for a in available if a[0] in prior] + [
            a for a in available if a[0] not in prior
        ]
        running = 0
        for i, (_, replicas) in enumerate(available):
            running += replicas
            if running >= target:
                available = available[: i + 1]
                break
    new = dispense_by_weight(target, available, (), uid)
    return Assignment(merge_target_clusters(scheduled, new), tuple(available))


def assign_by_dynamic_weight(
    selected: Sequence[Candidate],
    replicas: int,
    previous: Sequence[tuple[str, int]],
    *,
    aggregated: bool,
    uid: str = "",
    fresh: bool = False,
) -> Assignment:
    """DynamicWeight and Aggregated (``assignByDynamicStrategy``), Steady or Fresh mode.

    Raises:
        RenderError: the selected clusters' capacity is below what must be placed.
    """
    names = {c.name for c in selected}
    scheduled = [(name, n) for name, n in previous if name in names]
    assigned = sum(n for _, n in scheduled)
    if fresh:
        held: dict[str, int] = {}
        for name, n in scheduled:
            held[name] = held.get(name, 0) + n
        available = _sort_desc(
            [(c.name, c.allocatable + held.get(c.name, 0)) for c in selected]
        )
        return _wrapped(
            "failed to do fresh scale", replicas, available, (), aggregated, uid
        )
    if assigned > replicas:  # scale down in proportion to the previous replicas
        return _wrapped(
            "failed to scale down", replicas, _sort_desc(scheduled), (), aggregated, uid
        )
    if assigned < replicas:  # scale up: only the extra replicas, by free capacity
        available = _sort_desc([(c.name, c.allocatable) for c in selected])
        return _wrapped(
            "failed to scale up",
            replicas - assigned,
            available,
            scheduled,
            aggregated,
            uid,
        )
    return Assignment(tuple(scheduled))


def _wrapped(
    context: str,
    target: int,
    available: list[tuple[str, int]],
    scheduled: Sequence[tuple[str, int]],
    aggregated: bool,
    uid: str,
) -> Assignment:
    try:
        return _divide(target, available, scheduled, aggregated, uid)
    except RenderError as error:
        raise _fail(f"{context}: {error.findings[0].message}") from error


def _assign_to_clusters(
    selected: Sequence[Candidate],
    placement: Mapping[str, Any],
    replicas: int,
    previous: Sequence[tuple[str, int]],
    uid: str,
    fresh: bool,
) -> Assignment:
    strategy = strategy_of(placement)
    if strategy == DUPLICATED:
        result = assign_duplicated(selected, replicas)
    elif strategy == STATIC_WEIGHT:
        result = assign_by_static_weight(selected, placement, replicas, uid)
    elif strategy in (DYNAMIC_WEIGHT, AGGREGATED):
        result = assign_by_dynamic_weight(
            selected,
            replicas,
            previous,
            aggregated=strategy == AGGREGATED,
            uid=uid,
            fresh=fresh,
        )
    else:
        preference = (placement.get("replicaScheduling") or {}).get(
            "replicaDivisionPreference", ""
        )
        kind = replica_scheduling_type(placement)
        raise _fail(
            f"unsupported replica scheduling strategy, replicaSchedulingType: {kind}, "
            f"replicaDivisionPreference: {preference}, "
            "please try another scheduling strategy"
        )
    return Assignment(tuple(tc for tc in result.clusters if tc[1] > 0), result.weights)


def _assign_by_tiers(
    selected: Sequence[Candidate],
    placement: Mapping[str, Any],
    replicas: int,
    previous: Sequence[tuple[str, int]],
    uid: str,
    fresh: bool,
) -> Assignment:
    tiers: dict[int, list[Candidate]] = {}
    for candidate in selected:
        tiers.setdefault(candidate.tier, []).append(candidate)
    clusters: list[tuple[str, int]] = []
    weights: list[tuple[str, int]] = []
    remaining = replicas
    for tier in sorted(tiers):
        # A tier takes what it can hold (est + previous), the rest overflows on.
        share = min(remaining, sum(c.available for c in tiers[tier]))
        result = _assign_to_clusters(
            tiers[tier], placement, share, previous, uid, fresh
        )
        clusters.extend(result.clusters)
        weights.extend(result.weights)
        remaining -= share
        if remaining <= 0:
            break
    if remaining > 0:
        raise _fail("Clusters available replicas are not enough to schedule.")
    return Assignment(tuple(clusters), tuple(weights))


def assign_replicas(
    selected: Sequence[Candidate],
    placement: Mapping[str, Any],
    replicas: int,
    *,
    workload: bool,
    previous: Sequence[tuple[str, int]] = (),
    uid: str = "",
    fresh: bool = False,
    overflow: bool = False,
) -> Assignment:
    """Karmada's ``AssignReplicas``: replicas per selected cluster, zeros dropped.

    Args:
        selected: the clusters chosen by spread selection, in that order.
        placement: the (defaulted) placement.
        replicas: ``spec.replicas``.
        workload: False for non-workloads, which get every selected cluster with 0.
        previous: the previous ``spec.clusters``, in order.
        uid: resource UID for Webster ties.
        fresh: an explicit reschedule (Fresh mode).
        overflow: the current affinity term has overflow tiers.

    Returns:
        The assignment (non-workloads keep their zeros).

    Raises:
        RenderError: nothing selected, unsupported strategy, or not enough capacity.
    """
    if not selected:
        raise _fail("no clusters available to schedule")
    if not workload:
        return Assignment(tuple((c.name, 0) for c in selected))
    if overflow:
        return _assign_by_tiers(selected, placement, replicas, previous, uid, fresh)
    return _assign_to_clusters(selected, placement, replicas, previous, uid, fresh)


def attach_zero_replica_clusters(
    selected: Sequence[str], clusters: Sequence[tuple[str, int]]
) -> Placement:
    """``attachZeroReplicasCluster``: list selected clusters that got nothing, with 0.

    Karmada does this only with ``--enable-empty-workload-propagation``.
    """
    assigned = {name for name, _ in clusters}
    return (*clusters, *((name, 0) for name in selected if name not in assigned))
