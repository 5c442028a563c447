"""Karmada's replica scheduler (v1.16+) as a pure function: placement -> replicas.

Follows ``pkg/scheduler``: filter, score, estimate, rank, select by spread
constraints, assign; ``clusterAffinities`` wrap the whole run as an ordered
fallback. See /work/shared/reference/karmada-scheduling.md for the rules.

Deviations from Go, all for determinism: ``MergeTargetClusters`` appends the
clusters only in the old result in name order (Go: random map order); sorting
by replicas is stable everywhere (Go's pdqsort is not above 12 elements); int32
overflow of replica sums is not emulated.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, TypeVar

from render.errors import RenderError
from render.scheduling.assignment import assign_replicas
from render.scheduling.estimation import (
    estimate_replicas,
    has_requirements,
    max_available_replicas,
)
from render.scheduling.filters import (
    Rejection,
    affinities_for,
    affinity_rejection,
    check_affinity,
    check_spread_fields,
    check_taints,
    evicted_by_no_execute,
    evicted_though_tolerated,
    fit_error_message,
    names_only,
    overflow_tier,
)
from render.scheduling.placement import (
    NON_WORKLOAD,
    apply_placement_defaults,
    is_overflow_enabled,
    strategy_of,
)
from render.scheduling.preference import preference_score
from render.scheduling.spread import select_best_clusters
from render.scheduling.topology import Candidate, group_clusters

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence

    from render.model import Cluster

__all__ = [
    "ClusterVerdict",
    "Feasibility",
    "ScheduleResult",
    "affinity_index",
    "evicted_by_no_execute",
    "evicted_though_tolerated",
    "max_available_replicas",
    "schedule",
    "try_affinity_terms",
]

CLUSTER_LOCALITY_SCORE = 100  # ClusterLocality: the cluster already holds the workload

T = TypeVar("T")


@dataclass(frozen=True)
class ClusterVerdict:
    """For ``explain``: why the filters kept or dropped a cluster, and how it ranked."""

    name: str
    feasible: bool
    reason: str  # "" when feasible
    score: int = 0
    available: int = 0  # est(c)
    tier: int = 0


@dataclass(frozen=True)
class ScheduleResult:
    """Karmada's new ``spec.clusters`` and what produced it."""

    clusters: tuple[tuple[str, int], ...]
    observed_affinity_name: str = ""
    strategy: str = ""
    verdicts: tuple[ClusterVerdict, ...] = ()
    weights: tuple[tuple[str, int], ...] = ()


class Feasibility:
    """The filters' verdicts on one fleet, kept across the bindings of a render.

    Filtering reads only the placement's affinities, tolerations and spread
    constraints, and of the binding only which tainted clusters it already holds;
    thousands of bindings share a few hundred placements, so each combination is
    filtered once instead of once per cluster per binding.
    """

    def __init__(self, clusters: Sequence[Cluster]) -> None:
        self.clusters = clusters
        self.by_name = tuple(sorted(clusters, key=lambda c: c.name))
        self.tainted = frozenset(c.name for c in clusters if c.taints)
        self.results: dict[Any, tuple[tuple[Any, ...], ...]] = {}


@dataclass(frozen=True)
class _Binding:
    """Everything one scheduling run reads, besides the affinity term being tried."""

    clusters: tuple[Cluster, ...]
    placement: Mapping[str, Any]
    replicas: int
    requests: Mapping[str, str] | None
    previous: tuple[tuple[str, int], ...]
    workload: bool
    fresh: bool
    uid: str
    available: Mapping[str, int] | None
    preferences: tuple[Mapping[str, Any], ...] = ()
    feasibility: Feasibility | None = None
    verdicts: bool = True

    def previous_replicas(self, name: str) -> int:
        # AssignedReplicasForCluster: the first entry with that name.
        return next((n for c, n in self.previous if c == name), 0)


def affinity_index(term_names: Sequence[str], observed: str) -> int:
    """Karmada's ``getAffinityIndex``: the observed term's index, else 0."""
    return term_names.index(observed) if observed and observed in term_names else 0


def try_affinity_terms(
    term_names: Sequence[str], observed: str, fresh: bool, run: Callable[[str], T]
) -> tuple[T, str]:
    """The ``clusterAffinities`` fallback: resume at the observed term, then the next.

    Args:
        term_names: affinity names in policy order.
        observed: ``status.schedulerObservedAffinityName``.
        fresh: an explicit reschedule, which restarts at the first term.
        run: schedules with one term; raises RenderError on failure.

    Returns:
        The first successful result and its term name.

    Raises:
        RenderError: every term failed; the first term's error, as Karmada returns.
    """
    start = 0 if fresh else affinity_index(term_names, observed)
    errors: list[RenderError] = []
    for name in term_names[start:]:
        try:
            return run(name), name
        except RenderError as error:
            errors.append(error)
    if not errors:
        raise RenderError.single(
            "placement.clusterAffinities has no terms", stage="schedule"
        )
    first = errors[0]
    if len(errors) == 1:
        raise first
    tried = ", ".join(term_names[start:])
    hint = (
        f"every clusterAffinities term failed ({tried}); this is the first one's error"
    )
    raise RenderError([replace(f, hint=f.hint or hint) for f in first.findings])


def _failed(context: str, error: RenderError) -> RenderError:
    return RenderError(
        [replace(f, message=f"{context}: {f.message}") for f in error.findings]
    )


def _filter(
    binding: _Binding, term: str | None
) -> tuple[list[Cluster], list[ClusterVerdict], list[Rejection]]:
    affinities = affinities_for(binding.placement, term, binding.workload)
    scheduled = {name for name, _ in binding.previous}
    # check_cluster, with what it reads of the placement looked up once per binding,
    # and the taint and spread checks skipped where they have nothing to check.
    tolerations = binding.placement.get("clusterTolerations") or ()
    constraints = binding.placement.get("spreadConstraints") or ()
    memo = binding.feasibility
    if memo is None:
        return _filter_clusters(
            binding.clusters, affinities, tolerations, constraints, scheduled, binding.verdicts
        )
    # parsed YAML is plain data, whose repr tells contents apart
    key = (
        repr((affinities, tolerations, constraints)),
        memo.tainted.intersection(scheduled),
        binding.verdicts,
    )
    found = memo.results.get(key)
    if found is None:
        lists = _filter_clusters(
            binding.clusters, affinities, tolerations, constraints, scheduled, binding.verdicts
        )
        found = memo.results[key] = tuple(tuple(part) for part in lists)
    feasible, verdicts, rejections = found
    return list(feasible), list(verdicts) if binding.verdicts else [], list(rejections)


def _filter_clusters(
    clusters: Sequence[Cluster],
    affinities: tuple[list[Mapping[str, Any]], str] | None,
    tolerations: Sequence[Mapping[str, Any]],
    constraints: Sequence[Mapping[str, Any]],
    scheduled: set[str],
    verdicts_wanted: bool = True,
) -> tuple[list[Cluster], list[ClusterVerdict], list[Rejection]]:
    feasible: list[Cluster] = []
    verdicts: list[ClusterVerdict] = []
    rejections: list[Rejection] = []
    names = names_only(affinities)
    # affinities that only list names refuse every other cluster alike, unmatched
    unlisted = None if names is None or affinities is None else affinity_rejection(affinities)
    for cluster in clusters:
        rejection = (
            (cluster.taints and check_taints(cluster, tolerations, scheduled))
            or (
                check_affinity(cluster, affinities)
                if names is None
                else (None if cluster.name in names else unlisted)
            )
            or (constraints and check_spread_fields(cluster, constraints))
            or None
        )
        if rejection is None:
            feasible.append(cluster)
        else:
            rejections.append(rejection)
            if verdicts_wanted:  # a thousand of them per placement, for explain only
                verdicts.append(ClusterVerdict(cluster.name, False, rejection.reason))
    return feasible, verdicts, rejections


def _candidate(binding: _Binding, cluster: Cluster, term: str | None) -> Candidate:
    estimated = estimate_replicas(
        cluster, binding.replicas, binding.requests, binding.available
    )
    held = any(name == cluster.name for name, _ in binding.previous)
    locality = CLUSTER_LOCALITY_SCORE if held else 0
    return Candidate(
        name=cluster.name,
        score=locality + preference_score(cluster, binding.preferences),
        available=estimated + binding.previous_replicas(cluster.name),
        allocatable=estimated,
        tier=overflow_tier(cluster, binding.placement, term),
        cluster=cluster,
    )


def _run(binding: _Binding, term: str | None) -> ScheduleResult:
    feasible, verdicts, rejections = _filter(binding, term)
    if not feasible:
        raise RenderError.single(
            fit_error_message(len(binding.clusters), rejections), stage="schedule"
        )
    candidates = [_candidate(binding, cluster, term) for cluster in feasible]
    if binding.verdicts:
        verdicts += [
            ClusterVerdict(c.name, True, "", c.score, c.allocatable, c.tier)
            for c in candidates
        ]
    topology = group_clusters(candidates, binding.placement, binding.replicas)
    try:
        selected = select_best_clusters(binding.placement, topology, binding.replicas)
    except RenderError as error:
        raise _failed("failed to select clusters", error) from error
    try:
        assignment = assign_replicas(
            selected,
            binding.placement,
            binding.replicas,
            workload=binding.workload,
            previous=binding.previous,
            uid=binding.uid,
            fresh=binding.fresh,
            overflow=is_overflow_enabled(binding.placement, term or ""),
        )
    except RenderError as error:
        raise _failed("failed to assign replicas", error) from error
    return ScheduleResult(
        clusters=assignment.clusters,
        observed_affinity_name=term or "",
        strategy=strategy_of(binding.placement) if binding.workload else NON_WORKLOAD,
        verdicts=tuple(sorted(verdicts, key=lambda v: v.name)) if binding.verdicts else (),
        weights=assignment.weights,
    )


def schedule(
    clusters: Sequence[Cluster],
    placement: Mapping[str, Any],
    replicas: int,
    *,
    requests: Mapping[str, str] | None = None,
    previous: Sequence[tuple[str, int]] = (),
    observed_affinity_name: str = "",
    fresh: bool = False,
    uid: str = "",
    available: Mapping[str, int] | None = None,
    preferences: Sequence[Mapping[str, Any]] = (),
    feasibility: Feasibility | None = None,
    verdicts: bool = True,
    claims_nodes: bool = False,
) -> ScheduleResult:
    """Schedule one binding as Karmada's scheduler would, right now.

    Args:
        clusters: the fleet (order does not matter).
        placement: the policy's raw ``spec.placement``; defaults are applied here.
        replicas: ``spec.replicas`` of the resource (0 for non-workloads).
        requests: per-replica resource requests; a positive one makes even a
            0-replica resource a workload (Karmada's ``replicaRequirements``).
        previous: the binding's ``spec.clusters`` before this run, in order.
        observed_affinity_name: ``status.schedulerObservedAffinityName``.
        fresh: an explicit reschedule was requested (WorkloadRebalancer).
        uid: resource UID, for Webster tie-breaking.
        available: est(c) per cluster, overriding estimation.
        preferences: fleet-render's extension, a fleet's weighted preferred
            affinity terms; they add to each cluster's score (see
            :mod:`render.scheduling.preference`). Empty: Karmada's scores.
        feasibility: filter results shared by the bindings of one render; used
            only when made for this very ``clusters`` sequence.
        verdicts: give every cluster's verdict (for ``explain``); False: none.
        claims_nodes: the pod template has a node selector, tolerations or a required
            node affinity, which also make ``replicaRequirements`` (its nodeClaim), so a
            0-replica resource is a workload.

    Returns:
        The new ``spec.clusters`` (zeros dropped, except for non-workloads).

    Raises:
        RenderError: Karmada's scheduling error (stage "schedule"); a FitError
            reads "0/N clusters are available: ...".
    """
    defaulted = apply_placement_defaults(placement)
    if feasibility is not None and feasibility.clusters is not clusters:
        feasibility = None
    binding = _Binding(
        clusters=feasibility.by_name if feasibility else tuple(sorted(clusters, key=lambda c: c.name)),
        placement=defaulted,
        replicas=replicas,
        requests=requests,
        previous=tuple((str(name), int(n)) for name, n in previous),
        workload=replicas > 0 or has_requirements(requests) or claims_nodes,
        fresh=fresh,
        uid=uid,
        available=available,
        preferences=tuple(preferences),
        feasibility=feasibility,
        verdicts=verdicts,
    )
    terms = defaulted.get("clusterAffinities")
    if terms is None:
        return _run(binding, None)
    if not terms:
        # Go loops over zero terms and returns no error and no patch: nothing changes.
        return ScheduleResult(
            binding.previous, observed_affinity_name, strategy_of(defaulted)
        )
    names = [str(t.get("affinityName") or "") for t in terms]
    result, _ = try_affinity_terms(
        names, observed_affinity_name, fresh, lambda n: _run(binding, n)
    )
    return result
