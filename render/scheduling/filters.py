"""Which clusters are feasible: taint, cluster affinity and spread-field filters.

Ports Karmada's filter plugins (spec §4), the overflow tier of a cluster (§9.1)
and, for the pipeline, the NoExecute eviction of the taint manager.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any, NamedTuple

from render.scheduling.placement import find_affinity_term
from render.selection import cluster_matches, tolerates

if TYPE_CHECKING:
    from collections.abc import Collection, Iterable, Mapping, Sequence

    from render.model import Cluster, Taint

UNMATCHED_TIER = (
    1000  # Karmada's order for a cluster matching no term of the current affinity
)

_SPREAD_FIELDS = {"provider": "provider", "region": "region", "zone": "zones"}


class Rejection(NamedTuple):
    """Why a filter refused a cluster: our explanation and Karmada's reason text."""

    reason: str
    karmada_reason: str


def taint_text(taint: Taint) -> str:
    """A taint as corev1 ``Taint.ToString`` prints it: ``key=value:effect``."""
    text = f"{taint.key}={taint.value}" if taint.value else taint.key
    if taint.effect:
        return f"{text}:{taint.effect}"
    return f"{text}:" if taint.value else text


def check_taints(
    cluster: Cluster,
    tolerations: Sequence[Mapping[str, Any]],
    scheduled: Collection[str],
) -> Rejection | None:
    """TaintToleration: the first NoSchedule/NoExecute taint no toleration tolerates.

    A cluster already in the previous result always passes; evicting it is the
    taint manager's job (see :func:`evicted_by_no_execute`).
    """
    if cluster.name in scheduled:
        return None
    for taint in cluster.taints:
        if taint.effect in ("NoSchedule", "NoExecute") and not tolerates(
            tolerations, taint
        ):
            text = taint_text(taint)
            return Rejection(
                f"taint {text} not tolerated",
                f"cluster(s) had untolerated taint {{{text}}}",
            )
    return None


def affinities_for(
    placement: Mapping[str, Any], term_name: str | None, workload: bool
) -> tuple[list[Mapping[str, Any]], str] | None:
    """The affinities the ClusterAffinity filter accepts and their name; None: all pass.

    With ``clusterAffinities``, only the current term counts, plus its
    ``overflowAffinities`` for workloads (non-workloads use only the primary group).
    """
    if placement.get("clusterAffinity") is not None:
        return [placement["clusterAffinity"]], "clusterAffinity"
    term = (
        find_affinity_term(placement, term_name or "")
        if term_name is not None
        else None
    )
    if term is None:
        return None
    affinities = [term]
    if workload:
        affinities.extend(term.get("overflowAffinities") or ())
    return affinities, f"clusterAffinities term {term.get('affinityName')!r}"


def check_affinity(
    cluster: Cluster, affinities: tuple[list[Mapping[str, Any]], str] | None
) -> Rejection | None:
    """ClusterAffinity: the cluster must match one of the accepted affinities."""
    if affinities is None:
        return None
    for affinity in affinities[
        0
    ]:  # a loop, not any(): this runs per cluster and binding
        if cluster_matches(cluster, affinity):
            return None
    return affinity_rejection(affinities)


def affinity_rejection(affinities: tuple[list[Mapping[str, Any]], str]) -> Rejection:
    """What ClusterAffinity says of a cluster that matches none of the affinities."""
    return Rejection(
        f"does not match {affinities[1]}",
        "cluster(s) did not match the placement cluster affinity constraint",
    )


def names_only(
    affinities: tuple[list[Mapping[str, Any]], str] | None,
) -> frozenset[str] | None:
    """The cluster names the affinities accept when they only list names, else None.

    Most placements name their clusters: a set lookup then decides what
    :func:`check_affinity` would, without matching every cluster against them.
    """
    if affinities is None:
        return None
    names: set[str] = set()
    for affinity in affinities[0]:
        listed = affinity.get("clusterNames") if type(affinity) is dict else None
        if (
            type(listed) is not list
            or not listed
            or affinity.get("exclude")
            or affinity.get("labelSelector") is not None
            or affinity.get("fieldSelector") is not None
            or any(type(name) is not str for name in listed)
        ):
            return None
        names.update(listed)
    return frozenset(names)


def check_spread_fields(
    cluster: Cluster, constraints: Iterable[Mapping[str, Any]]
) -> Rejection | None:
    """SpreadConstraint: spreading by provider, region or zone needs that field set."""
    for constraint in constraints:
        by_field = constraint.get("spreadByField")
        attribute = _SPREAD_FIELDS.get(by_field or "")
        if attribute and not getattr(cluster, attribute):
            return Rejection(
                f"no {by_field} for spreadByField: {by_field}",
                f"cluster(s) did not have {attribute} property",
            )
    return None


def check_cluster(
    cluster: Cluster,
    placement: Mapping[str, Any],
    affinities: tuple[list[Mapping[str, Any]], str] | None,
    scheduled: Collection[str],
) -> Rejection | None:
    """Run every filter plugin; the first refusal wins (taints, affinity, spread)."""
    return (
        check_taints(cluster, placement.get("clusterTolerations") or (), scheduled)
        or check_affinity(cluster, affinities)
        or check_spread_fields(cluster, placement.get("spreadConstraints") or ())
    )


def fit_error_message(total: int, rejections: Iterable[Rejection]) -> str:
    """Karmada's FitError text: ``0/N clusters are available: <n> <reason>, ...``."""
    counts = Counter(r.karmada_reason for r in rejections)
    if total == 0 or not counts:
        return f"0/{total} clusters are available: no cluster exists."
    reasons = sorted(f"{n} {reason}" for reason, n in counts.items())
    return f"0/{total} clusters are available: {', '.join(reasons)}."


def overflow_tier(
    cluster: Cluster, placement: Mapping[str, Any], term_name: str | None
) -> int:
    """``getClusterOverflowOrder``: 0 primary, j+1 for overflow term j, else 1000."""
    if placement.get("clusterAffinity") is not None or not placement.get(
        "clusterAffinities"
    ):
        return 0
    term = find_affinity_term(placement, term_name or "")
    if term is None:
        return UNMATCHED_TIER
    if cluster_matches(cluster, term):
        return 0
    for index, overflow in enumerate(term.get("overflowAffinities") or ()):
        if cluster_matches(cluster, overflow):
            return index + 1
    return UNMATCHED_TIER


def evicted_by_no_execute(
    clusters: Iterable[Cluster], placement: Mapping[str, Any]
) -> set[str]:
    """Clusters whose NoExecute taints the placement's tolerations do not all tolerate.

    This is the taint manager's immediate eviction, done offline: each taint is
    answered by the first toleration that tolerates it (GetMatchingTolerations), and
    one of those with ``tolerationSeconds`` of 0 or less evicts at once (its trigger
    time, when the taint was added, has passed). A positive ``tolerationSeconds``
    counts as tolerating: without the time the taint was added, a timed eviction
    cannot be placed.

    Args:
        clusters: the fleet.
        placement: the raw or defaulted placement.

    Returns:
        Names of the clusters a workload would be evicted from.
    """
    tolerations = placement.get("clusterTolerations") or ()
    evicted = set()
    for name, taints in _no_execute_taints(clusters):
        used = [next((t for t in tolerations if tolerates((t,), taint)), None) for taint in taints]
        if any(t is None or _evicts_at_once(t) for t in used):
            evicted.add(name)
    return evicted


def evicted_though_tolerated(
    clusters: Iterable[Cluster], placement: Mapping[str, Any], evicted: Collection[str]
) -> set[str]:
    """The clusters of ``evicted`` (:func:`evicted_by_no_execute`) whose taints the
    placement does tolerate (a toleration of 0 seconds or less): the taint filter lets
    them pass, and Karmada's scheduler keeps them out only while the eviction is under
    way (the ClusterEviction filter), which is what a render shows."""
    tolerations = placement.get("clusterTolerations") or ()
    return {name for name, taints in _no_execute_taints(clusters)
            if name in evicted and all(tolerates(tolerations, taint) for taint in taints)}


def _evicts_at_once(toleration: Mapping[str, Any]) -> bool:
    seconds = toleration.get("tolerationSeconds")
    return isinstance(seconds, int) and not isinstance(seconds, bool) and seconds <= 0


# The fleet's NoExecute taints by cluster, per fleet tuple: this runs for every object
# over the whole fleet, and few clusters have such a taint. A tuple of frozen clusters
# cannot change; each entry keeps its tuple alive, so its id is not reused.
_NO_EXECUTE: dict[int, tuple[Any, list[tuple[str, list[Taint]]]]] = {}


def _no_execute_taints(clusters: Iterable[Cluster]) -> list[tuple[str, list[Taint]]]:
    hit = _NO_EXECUTE.get(id(clusters)) if type(clusters) is tuple else None
    if hit is not None and hit[0] is clusters:
        return hit[1]
    found = []
    for cluster in clusters:
        taints = [t for t in cluster.taints if t.effect == "NoExecute"]
        if taints:
            found.append((cluster.name, taints))
    if type(clusters) is tuple:
        if len(_NO_EXECUTE) >= 16:
            _NO_EXECUTE.clear()
        _NO_EXECUTE[id(clusters)] = (clusters, found)
    return found
