"""Ambiguity surfaced: policies that select no object, override rules that match no cluster."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from render.errors import Finding
from render.overrides.ordering import policy_priority
from render.ranking import rank_policies
from render.selection import cluster_matches

if TYPE_CHECKING:
    from render.inputs import Inputs
    from render.model import Cluster, Manifest, Policy


Index = Mapping[tuple[Any, ...], list["Manifest"]]


def _index(manifests: Sequence[Manifest]) -> Index:
    # by (apiVersion, kind) and by (apiVersion, kind, name): a fleet of 10,000 objects
    # and a hundred policies must not cost a million selector matches
    # and by (apiVersion, kind, label, value), for selectors with matchLabels
    index: dict[tuple[Any, ...], list[Manifest]] = defaultdict(list)
    for m in manifests:
        index[(m.api_version, m.kind)].append(m)
        index[(m.api_version, m.kind, m.name)].append(m)
        for label, value in m.labels.items():
            if isinstance(value, str):
                index[(_LABEL, m.api_version, m.kind, label, value)].append(m)
    return index


_LABEL = object()  # marks the label keys of the index


def _candidates(policy: Policy, index: Index) -> Iterator[Manifest]:
    # Every selector names apiVersion and kind (CRD-required): only those objects can match.
    selectors = policy.spec.get("resourceSelectors") or []
    if not selectors:
        yield from (m for key, ms in index.items() if len(key) == 2 for m in ms)
    for s in selectors:
        key = (s.get("apiVersion"), s.get("kind"))
        name = s.get("name")
        if isinstance(name, str) and name:
            yield from index.get((*key, name), ())
            continue
        labels = (s.get("labelSelector") or {}).get("matchLabels") or {}
        pairs = sorted((k, v) for k, v in labels.items() if isinstance(k, str) and isinstance(v, str))
        # a match has every label of matchLabels: the objects with one of them will do
        yield from index.get((_LABEL, *key, *pairs[0]), ()) if pairs else index.get(key, ())


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
        if not _selects_any(policy, _candidates(policy, index)):
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
