"""Istio locality weights that follow the replica split (``localityLbSetting.distribute``)."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from render.errors import Finding
from render.mesh import spec_of
from render.scheduling.division import allocate_webster_seats

if TYPE_CHECKING:
    from render.mesh import Mesh, Workload
    from render.model import Cluster, Manifest

LOCALITY_ANNOTATION = "fleet-render.io/locality-weights"
SETTING_PATH = ("spec", "trafficPolicy", "loadBalancer", "localityLbSetting")
TOTAL_WEIGHT = 100  # Istio wants the weights of each source to sum to exactly 100


def localities(cluster: Cluster) -> tuple[str, ...]:
    """A cluster's Istio localities, ``region/zone/*`` per zone (``region/*`` without).

    Empty for a cluster without a region, which Istio localities cannot name.
    """
    if not cluster.region:
        return ()
    if not cluster.zones:
        return (f"{cluster.region}/*",)
    return tuple(f"{cluster.region}/{zone}/*" for zone in cluster.zones)


def target_votes(
    running: Mapping[str, int], clusters: Mapping[str, Cluster]
) -> dict[str, int]:
    """Replicas per target locality; a multi-zone cluster's split evenly over its zones.

    Votes are scaled by the least common multiple of the zone counts so they stay
    integers (Webster's result does not change with a common factor).
    """
    spans = {name: max(1, len(localities(clusters[name]))) for name in running}
    scale = math.lcm(*spans.values()) if spans else 1
    votes: dict[str, int] = {}
    for name, replicas in running.items():
        for locality in localities(clusters[name]):
            votes[locality] = votes.get(locality, 0) + replicas * scale // spans[name]
    return votes


def distribute_weights(votes: Mapping[str, int]) -> dict[str, int]:
    """Integer weights summing to 100 in proportion to ``votes`` (Webster), zeros dropped.

    Args:
        votes: target locality to replicas; at least one positive.

    Returns:
        Target locality to weight, by locality name.
    """
    parties = allocate_webster_seats(TOTAL_WEIGHT, votes) or []
    return {p.name: p.seats for p in parties if p.seats > 0}


def _setting(rule: Manifest) -> Mapping[str, Any]:
    node: Any = rule.body
    for part in SETTING_PATH:
        node = node.get(part) if isinstance(node, Mapping) else None
    return node if isinstance(node, Mapping) else {}


def opted_in(rule: Manifest) -> str | None:
    """The value of the rule's opt-in annotation, None when absent."""
    annotations = (rule.body.get("metadata") or {}).get("annotations") or {}
    return annotations.get(LOCALITY_ANNOTATION)


def _rule_workloads(mesh: Mesh, rule: Manifest, host: str) -> list[Workload]:
    subsets = spec_of(rule).get("subsets") or ()
    if not subsets:
        return mesh.backing(host, {}) if _known(mesh, host) else []
    found: dict[Any, Workload] = {}
    for subset in subsets:
        for workload in mesh.backing(host, subset.get("labels") or {}):
            found[workload.manifest.key] = workload
    return list(found.values())


def _known(mesh: Mesh, host: str) -> bool:
    # Without subsets only a Service's selector says which pods serve the host.
    return host in mesh.selectors


def _problem(rule: Manifest, message: str, severity: str = "error") -> Finding:
    return Finding(
        message,
        rule.file,
        ("metadata", "annotations", LOCALITY_ANNOTATION),
        severity="warning" if severity == "warning" else "error",
        document=rule.index,
    )


def _sources(receivers: Iterable[str], clusters: Mapping[str, Cluster]) -> list[str]:
    return sorted({loc for name in receivers for loc in localities(clusters[name])})


def plan_distribute(
    mesh: Mesh, rule: Manifest, host: str, clusters: Mapping[str, Cluster]
) -> tuple[list[dict[str, Any]] | None, list[Finding]]:
    """The ``distribute`` list of an opted-in DestinationRule, or why there is none.

    Args:
        mesh: the Istio objects and workloads with their placement.
        rule: a DestinationRule carrying the opt-in annotation.
        host: the rule's host, resolved.
        clusters: every cluster by name.

    Returns:
        One ``{from, to}`` entry per source locality (every cluster receiving the
        rule), each ``to`` the same weights; or None and the findings.
    """
    flag = opted_in(rule)
    if flag not in ("true", "false"):
        return None, [_problem(rule, f"must be 'true' or 'false', got {flag!r}")]
    if flag == "false" or not mesh.clusters_of(rule):
        return None, []
    if _setting(rule).get("failover"):
        message = "Istio refuses localityLbSetting.distribute together with failover"
        return None, [_problem(rule, message)]
    workloads = _rule_workloads(mesh, rule, host)
    if not workloads:
        return None, [_problem(rule, f"no workload in apps/ serves host {host!r}")]
    running: dict[str, int] = {}
    for workload in workloads:
        for name, replicas in workload.placed.items():
            running[name] = running.get(name, 0) + replicas
    nameless = sorted(
        n for n in {*running, *mesh.clusters_of(rule)} if not clusters[n].region
    )
    if nameless:
        message = f"cluster {', '.join(nameless)} has no region to name its locality"
        return None, [_problem(rule, message)]
    if not running:
        message = f"no cluster runs replicas for host {host!r}; locality weights left as they are"
        return None, [_problem(rule, message, "warning")]
    to = distribute_weights(target_votes(running, clusters))
    return [
        {"from": s, "to": dict(to)} for s in _sources(mesh.clusters_of(rule), clusters)
    ], []


def with_distribute(
    obj: Mapping[str, Any], distribute: Sequence[Any]
) -> dict[str, Any]:
    """A copy of a DestinationRule with ``localityLbSetting.distribute`` set."""

    def put(node: Any, path: tuple[str, ...]) -> dict[str, Any]:
        out = dict(node) if isinstance(node, Mapping) else {}
        if not path:
            out["distribute"] = [dict(e, to=dict(e["to"])) for e in distribute]
            return out
        out[path[0]] = put(out.get(path[0]), path[1:])
        return out

    return put(obj, SETTING_PATH)
