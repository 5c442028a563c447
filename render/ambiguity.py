"""Ambiguity surfaced: policies that select no object, override rules that match no cluster."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from render.errors import Finding
from render.overrides.ordering import policy_priority
from render.ranking import ANY_BUCKET, rank_policies, resource_buckets, selector_bucket
from render.selection import cluster_matches

if TYPE_CHECKING:
    from render.inputs import Inputs
    from render.model import Cluster, Manifest, Policy


Index = Mapping[Hashable, list["Manifest"]]


def _index(manifests: Sequence[Manifest]) -> Index:
    # by the buckets policies are ranked from (render.ranking): a fleet of 10,000 objects
    # and a hundred policies must not cost a million selector matches
    index: dict[Hashable, list[Manifest]] = defaultdict(list)
    for m in manifests:
        for key in resource_buckets(m.body) or (ANY_BUCKET,):  # odd fields: in every bucket
            index[key].append(m)
    return index


def _candidates(policy: Policy, index: Index, manifests: Sequence[Manifest]) -> Iterator[Manifest]:
    selectors = policy.spec.get("resourceSelectors") or []
    if not selectors:  # an override policy without selectors selects everything
        yield from manifests
    for s in selectors:
        bucket = selector_bucket(s)
        if bucket == ANY_BUCKET:
            yield from manifests
        else:
            yield from index.get(bucket, ())
            yield from index.get(ANY_BUCKET, ())  # objects too odd to file


def _selects_any(policy: Policy, candidates: Iterator[Manifest]) -> bool:
    if policy.kind in ("PropagationPolicy", "ClusterPropagationPolicy"):
        return any(rank_policies(m.body, [policy]) for m in candidates)
    if policy.kind == "OverridePolicy":  # only objects of its own namespace
        candidates = (
            m for m in candidates if m.namespaced and m.namespace == policy.namespace
        )
    return any(policy_priority(m.body, policy) > 0 for m in candidates)


def iter_idle_policies(inputs: Inputs) -> Iterator[Finding]:
    """Warn for every policy whose resourceSelectors select no object of ``apps/``."""
    index = _index(inputs.manifests)
    for policy in (*inputs.propagation_policies, *inputs.override_policies):
        if not _selects_any(policy, _candidates(policy, index, inputs.manifests)):
            yield Finding(
                f"{policy.ref} selects no object of apps/; it has no effect",
                policy.file,
                ("spec", "resourceSelectors"),
                stage="select",
                severity="warning",
                document=policy.index,
            )


def _rules(policy: Policy) -> Iterator[tuple[tuple[Any, ...], str, Any]]:
    rules = policy.spec.get("overrideRules") or []
    if not rules:  # Karmada's deprecated form: spec.targetCluster + spec.overriders
        yield (
            ("spec", "targetCluster"),
            "its targetCluster",
            policy.spec.get("targetCluster"),
        )
    for i, rule in enumerate(rules):
        if isinstance(rule, Mapping):
            yield (
                ("spec", "overrideRules", i, "targetCluster"),
                f"rule {i}",
                rule.get("targetCluster"),
            )


def iter_unmatched_override_rules(
    policies: Sequence[Policy], clusters: Sequence[Cluster]
) -> Iterator[Finding]:
    """Warn for every override rule whose targetCluster matches no cluster of any fleet."""
    for policy in policies:
        for path, label, target in _rules(policy):
            if target and not any(cluster_matches(c, target) for c in clusters):
                yield Finding(
                    f"{label} of {policy.ref} targets no cluster of the fleets; it never applies",
                    policy.file,
                    path,
                    stage="override",
                    severity="warning",
                    document=policy.index,
                )


def iter_ambiguities(inputs: Inputs) -> Iterator[Finding]:
    """Every warning of this module, for :func:`render.pipeline.plan`."""
    yield from iter_idle_policies(inputs)
    yield from iter_unmatched_override_rules(inputs.override_policies, inputs.clusters)
