"""Doing each piece of work once: cluster copies that are bound to be identical are built once.

At fleet scale most per-cluster copies of an object differ from another cluster's
copy only when the replica count or the override rules that apply differ. The copy
made for one (object, replicas, rules) is reused for every cluster with the same
key, so overrides run and YAML is emitted once per distinct copy. Shared copies are
never mutated afterwards (later steps replace objects, they do not edit them).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from render.errors import Finding
from render.model import Cluster, Manifest, Policy
from render.overrides import RuleCache, SelectedPolicies
from render.overrides.ordering import (
    CLUSTER_OVERRIDE_POLICY,
    OVERRIDE_POLICY,
    may_reselect,
    selected_for,
)
from render.ranking import PolicyIndex


@dataclass
class CopyMemo:
    """Caches for one plan: override-rule matches and finished copies."""

    policies: Sequence[Policy]
    _selected: dict[int, SelectedPolicies] = field(default_factory=dict)
    # Target matches and encoded overriders, shared with every apply_overrides call
    # through the SelectedPolicies handed out.
    rules: RuleCache = field(default_factory=RuleCache)
    _copies: dict[
        Hashable, tuple[dict[str, Any], tuple[Any, ...], tuple[Finding, ...], str]
    ] = field(default_factory=dict)
    # (ids of the selected policies, cluster) -> the rules signature; the policies
    # are the render's own, alive while it runs, so their ids stay theirs
    _signatures: dict[tuple[tuple[int, ...], str], tuple[tuple[int, int | None], ...]] = field(
        default_factory=dict
    )
    _reselects: dict[tuple[tuple[int, ...], str], bool] = field(default_factory=dict)
    # cluster -> every OverridePolicy rule matching it (reselection_signature)
    _override_rules: dict[str, tuple[tuple[int, int | None], ...]] = field(default_factory=dict)

    _index: PolicyIndex = field(init=False)
    _order: dict[int, int] = field(init=False)

    def __post_init__(self) -> None:
        # Override policies are indexed as propagation policies are; one without
        # resource selectors selects everything, so it is never left out.
        self._index = PolicyIndex(self.policies)
        self._order = {id(p): i for i, p in enumerate(self.policies)}
        self._everywhere = [p for p in self.policies if not p.spec.get("resourceSelectors")]

    def selected(self, manifest: Manifest) -> SelectedPolicies:
        """The override policies whose resource selectors pick this object (any cluster)."""
        selected = self._selected.get(id(manifest))
        if selected is None:
            candidates = self._index.candidates(manifest.body)
            if self._everywhere and candidates is not self._index.policies:
                # in the order given: ranking ties keep it
                merged = {id(p): p for p in (*candidates, *self._everywhere)}
                candidates = sorted(merged.values(), key=lambda p: self._order[id(p)])
            selected = self._selected[id(manifest)] = selected_for(
                manifest.body, candidates, self.rules, self.policies
            )
        return selected

    def reselection_signature(self, manifest: Manifest, cluster: Cluster) -> tuple[tuple[int, int | None], ...]:
        """What else the copy depends on when the ClusterOverridePolicy rules for this
        object on this cluster may change which OverridePolicies select it
        (render.overrides.reselected_rules): every OverridePolicy rule matching the
        cluster; () when they cannot, or there are none."""
        selected = self.selected(manifest)
        key = (selected.ids, cluster.name)
        found = self._reselects.get(key)
        if found is None:
            rules = [rule for policy in selected if policy.kind == CLUSTER_OVERRIDE_POLICY
                     for rule in self.rules.policy_rules(policy, cluster)]
            found = self._reselects[key] = may_reselect(rules)
        if not found:
            return ()
        every = self._override_rules.get(cluster.name)
        if every is None:
            every = self._override_rules[cluster.name] = tuple(
                (id(policy), rule.rule_index) for policy in self.policies if policy.kind == OVERRIDE_POLICY
                for rule in self.rules.policy_rules(policy, cluster))
        return every

    def rules_signature(
        self, manifest: Manifest, cluster: Cluster
    ) -> tuple[tuple[int, int | None], ...]:
        """Which override rules apply to this object on this cluster (identity only)."""
        selected = self.selected(manifest)
        # Most objects are selected by the same few policies: the signature is found
        # once per such group and cluster, not once per copy.
        group = selected.ids
        signature = self._signatures.get((group, cluster.name))
        if signature is None:
            signature = self._signatures[group, cluster.name] = tuple(
                (id(policy), rule.rule_index)
                for policy in selected
                for rule in self.rules.policy_rules(policy, cluster)
            )
        return signature

    def copy(
        self,
        key: Hashable | None,
        cluster: Cluster,
        make: Callable[[], tuple[dict[str, Any], tuple[Any, ...], tuple[Finding, ...]]],
    ) -> tuple[dict[str, Any], tuple[Any, ...], tuple[Finding, ...]]:
        """The copy for ``key``, made once; warnings are re-issued for each cluster."""
        if key is None:
            return make()
        hit = self._copies.get(key)
        if hit is None:
            obj, applied, warnings = make()
            self._copies[key] = (obj, applied, warnings, cluster.name)
            return obj, applied, warnings
        obj, applied, warnings, first = hit
        # Override warnings name the cluster: say the same of this one.
        return (
            obj,
            applied,
            tuple(
                replace(
                    w,
                    message=w.message.replace(
                        f"on cluster {first}", f"on cluster {cluster.name}"
                    ),
                )
                for w in warnings
            ),
        )
