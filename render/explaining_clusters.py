"""The scheduler's side of ``explain``: what it saw of a binding, and each cluster's filter or score."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from render.scheduling import CLUSTER_LOCALITY_SCORE as LOCALITY_SCORE
from render.scheduling import evicted_by_no_execute
from render.scheduling.estimation import (
    MAX_INT32,
    allowed_pod_number,
    max_replicas_by_summary,
    parse_quantity,
)
from render.scheduling.placement import (
    AGGREGATED,
    DYNAMIC_WEIGHT,
    NON_WORKLOAD,
    STATIC_WEIGHT,
    apply_placement_defaults,
)
from render.selection import cluster_matches
from render.workloads import pod_requests, replica_field

if TYPE_CHECKING:
    from collections.abc import Mapping

    from render.inputs import Inputs
    from render.model import Cluster
    from render.pipeline import Binding
    from render.scheduling import ClusterVerdict

# Karmada's filter plugins, by the start of our rejection reasons.
_PLUGINS = (
    ("taint ", "TaintToleration"),
    ("does not match ", "ClusterAffinity"),
    ("no ", "SpreadConstraint"),
)


@dataclass(frozen=True)
class Story:
    """What the scheduler saw for one binding, gathered for explaining it."""

    binding: Binding
    placement: Mapping[str, Any]
    clusters: Mapping[str, Cluster]
    requests: Mapping[str, str] | None
    previous: tuple[tuple[str, int], ...]

    @classmethod
    def of(cls, binding: Binding, inputs: Inputs) -> Story:
        """Gather the binding's placement, fleet, requests and previous result."""
        manifest = binding.manifest
        field = replica_field(manifest.body, inputs.replica_fields)
        spec = binding.policy.spec if binding.policy is not None else {}
        raw = spec.get("placement") or {}
        old = inputs.previous.get(binding.key)
        evicted = evicted_by_no_execute(inputs.clusters, raw)
        return cls(
            binding,
            apply_placement_defaults(raw),
            {c.name: c for c in inputs.clusters},
            pod_requests(manifest.body, field) if field else None,
            tuple((n, r) for n, r in (old.clusters if old else ()) if n not in evicted),
        )

    @property
    def strategy(self) -> str:
        return self.binding.result.strategy

    @property
    def placed(self) -> dict[str, int]:
        return dict(self.binding.result.clusters)

    @property
    def feasible(self) -> list[str]:
        return [v.name for v in self.binding.result.verdicts if v.feasible]

    @property
    def scheduled(self) -> list[tuple[str, int]]:
        # Karmada's "scheduled": previous entries still among the candidates.
        names = set(self.feasible)
        return [(n, r) for n, r in self.previous if n in names]


def _affinity(story: Story) -> tuple[list[Mapping[str, Any]], str]:
    placement = story.placement
    if placement.get("clusterAffinity") is not None:
        return [placement["clusterAffinity"]], ""
    term = story.binding.result.observed_affinity_name
    for entry in placement.get("clusterAffinities") or ():
        if entry.get("affinityName") == term:
            overflow = list(entry.get("overflowAffinities") or ())
            return [entry, *overflow], term
    return [], term


def _affinity_detail(cluster: Cluster, story: Story) -> str:
    affinities, term = _affinity(story)
    if len(affinities) != 1:
        return f"matches neither clusterAffinities term {term!r} nor its overflowAffinities"
    affinity, where = affinities[0], f"term {term!r} " if term else ""
    if cluster.name in (affinity.get("exclude") or ()):
        return f"listed in {where}exclude"
    for part, what in (
        ("labelSelector", "labels"),
        ("fieldSelector", "provider/region/zone"),
    ):
        if affinity.get(part) is not None and not cluster_matches(
            cluster, {part: affinity[part]}
        ):
            return f"its {what} do not match {where}{part}"
    names = affinity.get("clusterNames") or ()
    return f"not in {where}clusterNames ({', '.join(names)})"


def _filtered(verdict: ClusterVerdict, story: Story) -> str:
    plugin = next(p for start, p in _PLUGINS if verdict.reason.startswith(start))
    detail = verdict.reason
    if plugin == "ClusterAffinity":
        detail = _affinity_detail(story.clusters[verdict.name], story)
    elif plugin == "SpreadConstraint":
        field = verdict.reason.rpartition(" ")[2]
        detail = f"it has no {field}, which spreadByField: {field} needs"
    else:
        taint = verdict.reason.removeprefix("taint ").removesuffix(" not tolerated")
        detail = f"no clusterToleration tolerates its taint {taint}"
    return f"{verdict.name}: filtered out by {plugin}: {detail}"


def _capacity(
    cluster: Cluster, requests: Mapping[str, str] | None, replicas: int
) -> str:
    if cluster.resources is None:
        return f"no capacity declared, assumed to fit all {replicas}"
    limits = [f"pods {allowed_pod_number(cluster.resources)}"]
    for name, quantity in sorted((requests or {}).items()):
        if parse_quantity(quantity) > 0:
            fits = max_replicas_by_summary(cluster.resources, {name: quantity})
            limits.append(f"{name} {fits}")
    # Karmada's general estimator: free pods, and each requested resource's free
    # amount over the per-replica request; the smallest wins.
    return (
        f"free {limits[0]}" if len(limits) == 1 else f"the least of {', '.join(limits)}"
    )


def _left_out(story: Story, verdict: ClusterVerdict) -> str:
    weights = dict(story.binding.result.weights)
    name, strategy = verdict.name, story.strategy
    if strategy == STATIC_WEIGHT:
        if name not in weights:
            return "no staticWeightList rule matches it (weight 0)"
        return f"its weight {weights[name]} earns no replica in the division"
    if verdict.tier > 0:
        return f"overflow tier {verdict.tier}: not needed, earlier tiers hold every replica"
    if strategy in (DYNAMIC_WEIGHT, AGGREGATED):
        if name in weights:
            return "gets no replica in the division"
        if not weights:
            return "not in the previous result, which is kept"
        if strategy == AGGREGATED:
            return (
                "not needed: Aggregated uses the fewest clusters that hold the replicas"
            )
        if sum(r for _, r in story.scheduled) > story.binding.replicas:
            return "a scale down divides only among the clusters already running it"
    return "not chosen by the spreadConstraints"


def _score(verdict: ClusterVerdict, story: Story) -> str:
    # ClusterLocality gives 100 to a cluster of the previous result; the rest of the
    # score is fleet-render's one extension, the fleet's preferred clusterAffinity.
    locality = LOCALITY_SCORE if verdict.name in dict(story.previous) else 0
    parts = [f"ClusterLocality {locality}: in the previous result"] if locality else []
    if verdict.score != locality:
        parts.append(f"fleet preferred affinity {verdict.score - locality}")
    return f"score {verdict.score}" + (f" ({'; '.join(parts)})" if parts else "")


def cluster_lines(story: Story) -> list[str]:
    """Every cluster of the fleet, by name: the filter that dropped it, or what it
    got, with its score and available replicas on the lines below."""
    binding, placed = story.binding, story.placed
    workload = story.strategy != NON_WORKLOAD
    lines = []
    for verdict in binding.result.verdicts:
        if not verdict.feasible:
            lines.append(_filtered(verdict, story))
            continue
        if verdict.name not in placed:
            outcome = f"nothing: {_left_out(story, verdict)}"
        else:
            outcome = replica_count(placed[verdict.name]) if workload else "a copy"
        lines += [
            f"{verdict.name}: feasible → {outcome}",
            f"  {_score(verdict, story)}",
        ]
        if workload and verdict.available < MAX_INT32:
            cluster = story.clusters[verdict.name]
            capacity = _capacity(cluster, story.requests, binding.replicas)
            lines.append(f"  available replicas {verdict.available} ({capacity})")
    return lines


def replica_count(count: int) -> str:
    """``1 replica``, ``6 replicas``."""
    return f"{count} replica{'' if count == 1 else 's'}"
