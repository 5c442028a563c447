"""Which override rules apply to an object on a cluster, and in which order
(``getOverridersFromOverridePolicies``); how Karmada records them is
:mod:`render.overrides.applied`."""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from render.errors import FieldPath
from render.model import Cluster, Policy
from render.overrides.applied import applied_record, overriders_json
from render.ranking import best_selector_priority
from render.selection import cluster_matches

OVERRIDE_POLICY, CLUSTER_OVERRIDE_POLICY = "OverridePolicy", "ClusterOverridePolicy"
_MATCH_ALL = 1


@dataclass(frozen=True)
class MatchedRule:
    """A rule of a policy whose target cluster matched; ``rule_index`` is None for the
    deprecated ``spec.targetCluster`` + ``spec.overriders`` form."""

    policy: Policy
    rule_index: int | None
    overriders: Mapping[str, Any]

    @property
    def field_path(self) -> FieldPath:
        """Where the rule's overriders sit in the policy document."""
        if self.rule_index is None:
            return ("spec", "overriders")
        return ("spec", "overrideRules", self.rule_index, "overriders")


class RuleCache:
    """What holds for a whole render: which rule targets match which cluster, how an
    object's policies rank, and the JSON record of each rule's overriders. Every copy
    of every object asks again.

    Keys are identities, so it is only valid while the policies and clusters are not
    changed, as within one render plan (see :class:`render.memo.CopyMemo`). Entries
    keep their key object alive, so an identity is never reused for another object.
    """

    def __init__(self) -> None:
        self._matches: dict[tuple[int, str], tuple[Any, bool]] = {}
        self._json: dict[int, tuple[Any, str]] = {}
        self._rules: dict[tuple[int, str], tuple[Policy, list[MatchedRule]]] = {}
        self._groups: dict[Hashable, tuple[Any, tuple[list[Policy], list[Policy]]]] = {}
        # (id of a ranked list from _groups, cluster) -> its matching rules; the lists
        # are kept alive by _groups
        self._matching: dict[tuple[int, str], list[MatchedRule]] = {}
        # ids of matched rules (kept alive by _rules) -> the applied-overrides record
        self._records: dict[tuple[int, ...], str | None] = {}
        # id(policy) -> whether only apiVersion, kind and namespace decide its priority
        self._by_kind: dict[int, tuple[Policy, bool]] = {}
        self._priorities: dict[tuple[Any, ...], int] = {}

    def priority(self, resource: Mapping[str, Any], policy: Policy) -> int:
        """:func:`policy_priority`; for a policy whose selectors name no object and
        require no labels, once per apiVersion, kind and namespace."""
        by_kind = self._by_kind.get(id(policy))
        if by_kind is None:
            selectors = policy.spec.get("resourceSelectors") or []
            by_kind = self._by_kind[id(policy)] = (
                policy,
                all(
                    type(s) is dict and not s.get("name") and s.get("labelSelector") is None
                    for s in selectors
                ),
            )
        if not by_kind[1]:
            return policy_priority(resource, policy)
        meta = resource.get("metadata") or {}
        try:
            key = (id(policy), resource.get("apiVersion"), resource.get("kind"), meta.get("namespace"))
            found = self._priorities.get(key)
        except (TypeError, AttributeError):  # odd values: not worth keying
            return policy_priority(resource, policy)
        if found is None:
            found = self._priorities[key] = policy_priority(resource, policy)
        return found

    def matching(self, ranked: list[Policy], cluster: Cluster) -> list[MatchedRule]:
        """:func:`_matching` of a ranked list :meth:`groups` gave (do not change it)."""
        key = (id(ranked), cluster.name)
        hit = self._matching.get(key)
        if hit is None:
            hit = self._matching[key] = _matching(ranked, cluster, self)
        return hit

    def applied_record(self, rules: Sequence[MatchedRule]) -> str | None:
        """:func:`applied_record` of rules this cache matched, once per rule list."""
        key = tuple(map(id, rules))
        if key not in self._records:
            self._records[key] = applied_record(rules, self)
        return self._records[key]

    def target_matches(
        self, target: Mapping[str, Any] | None, cluster: Cluster
    ) -> bool:
        """:func:`cluster_matches` of a rule's ``targetCluster`` (None matches all)."""
        if target is None:
            return True
        key = (id(target), cluster.name)
        hit = self._matches.get(key)
        if hit is None:
            hit = self._matches[key] = (target, cluster_matches(cluster, target))
        return hit[1]

    def policy_rules(self, policy: Policy, cluster: Cluster) -> list[MatchedRule]:
        """:func:`policy_rules`, once per policy and cluster (do not change the list)."""
        key = (id(policy), cluster.name)
        hit = self._rules.get(key)
        if hit is None:
            hit = self._rules[key] = (policy, policy_rules(policy, cluster, self))
        return hit[1]

    def groups(
        self, resource: Mapping[str, Any], policies: Sequence[Policy]
    ) -> tuple[list[Policy], list[Policy]] | None:
        """Both passes' ranked policies for ``resource``, once per object and policy
        list (not per cluster), or once per ranking for policies selected with their
        priorities; None when the object cannot be keyed."""
        key = _selection_key(resource)
        if key is None:
            return None
        group: Hashable = (id(policies), key)
        if isinstance(policies, SelectedPolicies) and policies.selected_by == key:
            # Ranking reads only which policies were selected, their priorities and
            # the namespace: objects alike in these share the lists (and their matches).
            group = policies.ranking
        try:
            hit = self._groups.get(group)
        except TypeError:  # an unhashable label value
            return None
        if hit is None:
            hit = self._groups[group] = (
                policies,
                _groups(resource, policies),
            )
        return hit[1]

    def overriders_json(self, overriders: Mapping[str, Any]) -> str:
        """:func:`overriders_json`, encoded once per overriders mapping."""
        if not overriders:  # often a fresh {} standing in for None: not worth keeping
            return overriders_json(overriders)
        hit = self._json.get(id(overriders))
        if hit is None:
            hit = self._json[id(overriders)] = (overriders, overriders_json(overriders))
        return hit[1]


class SelectedPolicies(list[Policy]):
    """The override policies selected for one object, with the render's :class:`RuleCache`.

    :func:`render.overrides.apply_overrides` takes any sequence of policies; given
    this one, it matches targets and encodes overriders through the cache, and ranks
    the policies by the priorities found when they were selected.
    """

    def __init__(
        self,
        policies: Sequence[Policy],
        cache: RuleCache,
        priorities: Mapping[int, int] | None = None,
        selected_by: Hashable | None = None,
        universe: Sequence[Policy] | None = None,
    ) -> None:
        super().__init__(policies)
        self.cache = cache
        # every override policy of the render: an object the ClusterOverridePolicies
        # relabel or move is selected again from all of them
        self.universe = universe if universe is not None else tuple(policies)
        # id(policy) -> its implicit priority for the object these were selected for,
        # whose selection key (what ranking reads of it) is ``selected_by``
        self.priorities = priorities
        self.selected_by = selected_by
        # which policies these are (the render keeps them alive, so ids stay theirs)
        self.ids = tuple(map(id, policies))
        namespace = selected_by[2] if isinstance(selected_by, tuple) else None
        self.ranking: Hashable = (
            "ranked",
            namespace,
            tuple((i, (priorities or {}).get(i)) for i in self.ids),
        )


def selected_for(
    resource: Mapping[str, Any], policies: Sequence[Policy], cache: RuleCache,
    universe: Sequence[Policy] | None = None,
) -> SelectedPolicies:
    """:func:`select_policies` for one object, carrying the render's cache;
    ``universe``: every override policy (``policies`` may be the candidates only)."""
    chosen = _selected(resource, policies, cache)
    return SelectedPolicies(
        [policy for policy, _ in chosen],
        cache,
        {id(policy): priority for policy, priority in chosen},
        _selection_key(resource),
        universe,
    )


def cache_of(policies: Sequence[Policy]) -> RuleCache | None:
    """The render's cache if ``policies`` carries one."""
    return policies.cache if isinstance(policies, SelectedPolicies) else None


def policy_priority(resource: Mapping[str, Any], policy: Policy) -> int:
    """Implicit priority: the best selector match, 1 (match-all) without selectors."""
    selectors = policy.spec.get("resourceSelectors") or []
    if not selectors:
        return _MATCH_ALL
    return best_selector_priority(resource, selectors)


def _rules(policy: Policy) -> list[tuple[int | None, Mapping[str, Any] | None, Any]]:
    rules = policy.spec.get("overrideRules") or []
    if not rules:
        # Deprecated form; ignored whenever overrideRules is non-empty.
        return [(None, policy.spec.get("targetCluster"), policy.spec.get("overriders"))]
    return [
        (i, r.get("targetCluster"), r.get("overriders")) for i, r in enumerate(rules)
    ]


def _ranked(
    resource: Mapping[str, Any],
    policies: Sequence[Policy],
    known: Mapping[int, int] | None = None,
) -> list[Policy]:
    # Candidate policies stable-sorted by (implicit priority, name).
    ranked = []
    for policy in policies:
        priority = (
            known[id(policy)] if known is not None else policy_priority(resource, policy)
        )
        if priority > 0:
            ranked.append((priority, policy.name.encode(), policy))
    ranked.sort(key=lambda item: item[:2])
    return [policy for _, _, policy in ranked]


def policy_rules(
    policy: Policy, cluster: Cluster, cache: RuleCache | None = None
) -> list[MatchedRule]:
    """The policy's rules whose target matches the cluster, in declaration order."""
    return [
        MatchedRule(policy, index, overriders or {})
        for index, target, overriders in _rules(policy)
        if target is None
        or (
            cache.target_matches(target, cluster)
            if cache
            else cluster_matches(cluster, target)
        )
    ]


def _matching(
    ranked: Sequence[Policy], cluster: Cluster, cache: RuleCache | None
) -> list[MatchedRule]:
    # Each ranked policy's matching rules, in declaration order.
    if cache is None:
        return [rule for policy in ranked for rule in policy_rules(policy, cluster)]
    return [rule for policy in ranked for rule in cache.policy_rules(policy, cluster)]


def order_rules(
    resource: Mapping[str, Any], cluster: Cluster, policies: Sequence[Policy]
) -> list[MatchedRule]:
    """One group's rules in application order: candidate policies stable-sorted by
    (implicit priority, name), then each policy's matching rules in declaration order.

    Args:
        resource: the object being overridden.
        cluster: the target cluster.
        policies: policies of one group (all COPs, or the OPs of the object's namespace).

    Returns:
        The matching rules, first applied first.
    """
    return _matching(_ranked(resource, policies), cluster, cache_of(policies))


def _groups(
    resource: Mapping[str, Any], policies: Sequence[Policy]
) -> tuple[list[Policy], list[Policy]]:
    # Both passes' policies, ranked; nothing here depends on the cluster.
    cops = [p for p in policies if p.kind == CLUSTER_OVERRIDE_POLICY]
    ops = _own_namespace(resource, policies)
    # priorities found when the policies were selected for an object that ranks alike
    known = None
    if (
        isinstance(policies, SelectedPolicies)
        and policies.selected_by is not None
        and policies.selected_by == _selection_key(resource)
    ):
        known = policies.priorities
    return _ranked(resource, cops, known), _ranked(resource, ops, known)


def _selection_key(resource: Mapping[str, Any]) -> Hashable | None:
    # All that selection and ranking read of the object (None: an odd shape, not cached).
    meta = resource.get("metadata") or {}
    labels = meta.get("labels") or {} if type(meta) is dict else None
    if type(labels) is not dict:
        return None
    return (
        resource.get("apiVersion"),
        resource.get("kind"),
        meta.get("namespace"),
        meta.get("name"),
        tuple(labels.items()),
    )


def reselected_rules(
    before: Mapping[str, Any], after: Mapping[str, Any], cluster: Cluster, policies: Sequence[Policy]
) -> list[MatchedRule] | None:
    """The OverridePolicy rules for ``after``, the object as the ClusterOverridePolicies
    left it, when they changed what selection reads of ``before`` (its labels, name,
    namespace or kind); None when they did not. Karmada selects and ranks the
    OverridePolicies against the object the ClusterOverridePolicies changed."""
    if _selection_key(after) == _selection_key(before):
        return None
    universe = policies.universe if isinstance(policies, SelectedPolicies) else policies
    # only the second pass is chosen again: most repos have no OverridePolicy in the namespace
    ops = _own_namespace(after, universe)
    return _matching(_ranked(after, ops), cluster, cache_of(policies)) if ops else []


def _own_namespace(resource: Mapping[str, Any], policies: Sequence[Policy]) -> list[Policy]:
    # The OverridePolicies that may select the object: those of its own namespace.
    meta = resource.get("metadata")
    namespace = (meta.get("namespace") if isinstance(meta, Mapping) else None) or ""
    if not namespace:
        return []
    return [p for p in policies if p.kind == OVERRIDE_POLICY and p.namespace == namespace]


def may_reselect(rules: Sequence[MatchedRule]) -> bool:
    """Whether applying these rules could change what selection reads of an object:
    a labels overrider, or a patch or path under metadata, apiVersion or kind."""
    for rule in rules:
        overriders = rule.overriders
        if overriders.get("labelsOverrider"):
            return True
        paths = [str(op.get("path", "")) for op in overriders.get("plaintext") or () if isinstance(op, Mapping)]
        paths += [str(f.get("fieldPath", "")) for f in overriders.get("fieldOverrider") or () if isinstance(f, Mapping)]
        paths += [str((i.get("predicate") or {}).get("path", "")) for i in overriders.get("imageOverrider") or ()
                  if isinstance(i, Mapping) and isinstance(i.get("predicate"), Mapping)]
        if any(p in ("", "/") or p.startswith(("/metadata", "/apiVersion", "/kind")) for p in paths):
            return True
    return False


def match_rules(
    resource: Mapping[str, Any], cluster: Cluster, policies: Sequence[Policy]
) -> tuple[list[MatchedRule], list[MatchedRule]]:
    """Split ``policies`` into Karmada's two passes and order each.

    Returns:
        ``(cluster override rules, namespaced override rules)``; OverridePolicies only
        count for namespaced objects and only those of the object's own namespace.
    """
    cache = cache_of(policies)
    groups = cache.groups(resource, policies) if cache is not None else None
    if groups is not None:
        # copies of objects ranked alike match alike on each cluster
        return cache.matching(groups[0], cluster), cache.matching(groups[1], cluster)  # type: ignore[union-attr]
    cops, ops = _groups(resource, policies)
    return _matching(cops, cluster, cache), _matching(ops, cluster, cache)


def select_policies(
    resource: Mapping[str, Any], policies: Sequence[Policy]
) -> list[Policy]:
    """The override policies that can apply to ``resource`` on some cluster.

    Selection does not depend on the cluster, so a caller rendering one object for many
    clusters may pass this shorter list to :func:`render.overrides.apply_overrides` for
    each cluster and get the same results faster.
    """
    return [policy for policy, _ in _selected(resource, policies)]


def _selected(
    resource: Mapping[str, Any], policies: Sequence[Policy], cache: RuleCache | None = None
) -> list[tuple[Policy, int]]:
    namespace = (resource.get("metadata") or {}).get("namespace") or ""
    chosen = []
    for policy in policies:
        if policy.kind == CLUSTER_OVERRIDE_POLICY or (
            policy.kind == OVERRIDE_POLICY and namespace and policy.namespace == namespace
        ):
            priority = (
                policy_priority(resource, policy)
                if cache is None
                else cache.priority(resource, policy)
            )
            if priority > 0:
                chosen.append((policy, priority))
    return chosen
