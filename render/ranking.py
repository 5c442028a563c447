"""Ranking: which propagation policies select a resource, and which one wins, as Karmada's detector decides.

Selectors match by name, by labels (see :mod:`render.selection`) or by kind alone.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from render.model import Policy
from render.selection import label_selector_matches

MATCH_NONE, MATCH_ALL, MATCH_LABELS, MATCH_NAME = 0, 1, 2, 3


def _resource_namespace(resource: Mapping[str, Any]) -> str:
    return (resource.get("metadata") or {}).get("namespace") or ""


def resource_selector_priority(
    resource: Mapping[str, Any], selector: Mapping[str, Any]
) -> int:
    """Karmada's ``ResourceSelectorPriority``: 0 no match, 1 all, 2 labels, 3 name."""
    return _selector_priority(resource, selector, "")


def _selector_priority(
    resource: Mapping[str, Any], selector: Mapping[str, Any], default_namespace: str
) -> int:
    # ``default_namespace`` stands in for an empty ``namespace`` of the selector, so a
    # policy's namespace is applied without copying the selector for every object.
    if selector.get("apiVersion") != resource.get("apiVersion"):
        return MATCH_NONE
    if selector.get("kind") != resource.get("kind"):
        return MATCH_NONE
    meta = resource.get("metadata") or {}
    namespace = selector.get("namespace") or default_namespace
    if namespace and namespace != _resource_namespace(resource):
        return MATCH_NONE
    if selector.get("name"):
        return MATCH_NAME if selector["name"] == meta.get("name") else MATCH_NONE
    if selector.get("labelSelector") is None:
        return MATCH_ALL
    matched = label_selector_matches(
        selector["labelSelector"], meta.get("labels") or {}
    )
    return MATCH_LABELS if matched else MATCH_NONE


def implicit_priority(resource: Mapping[str, Any], policy: Policy) -> int:
    """The highest selector priority of a policy for the resource (0: not selected).

    A PropagationPolicy's selector without a namespace means the policy's own
    namespace (Karmada's mutating webhook fills it in).
    """
    default_namespace = policy.namespace if policy.kind == "PropagationPolicy" else ""
    return best_selector_priority(
        resource, policy.spec.get("resourceSelectors") or (), default_namespace
    )


def best_selector_priority(
    resource: Mapping[str, Any],
    selectors: Sequence[Mapping[str, Any]],
    default_namespace: str = "",
) -> int:
    """The highest :func:`resource_selector_priority` of ``selectors`` (0: none match).

    Most selectors name another kind: they are passed over here, without a call.
    """
    api_version, kind = resource.get("apiVersion"), resource.get("kind")
    best = MATCH_NONE
    for selector in selectors:
        if selector.get("apiVersion") != api_version or selector.get("kind") != kind:
            continue
        best = max(best, _selector_priority(resource, selector, default_namespace))
    return best


def rank_policies(
    resource: Mapping[str, Any], policies: Sequence[Policy]
) -> list[tuple[Policy, int, int]]:
    """Every propagation policy selecting the resource, best first, as Karmada ranks them.

    PropagationPolicies of the resource's namespace come before every
    ClusterPropagationPolicy; within a kind: explicit priority desc, implicit
    priority desc, then name ascending.

    Returns:
        ``(policy, explicit priority, implicit priority)`` tuples.
    """
    namespace = _resource_namespace(resource)
    ranked = []
    for policy in policies:
        if policy.kind == "PropagationPolicy" and (
            not namespace or (policy.namespace and policy.namespace != namespace)
        ):
            continue
        implicit = implicit_priority(resource, policy)
        if implicit:
            ranked.append((policy, int(policy.spec.get("priority") or 0), implicit))
    ranked.sort(key=lambda r: (r[0].cluster_scoped, -r[1], -r[2], r[0].name.encode()))
    return ranked


class PolicyIndex:
    """Propagation policies by what their resource selectors can match, to rank few.

    Ranking an object against every policy costs objects x policies selector checks
    (11 million at 10,000 workloads); a selector naming an object, or requiring one
    label pair, can only match objects with that name or label. :meth:`rank` gives
    exactly what :func:`rank_policies` gives over all the policies.
    """

    def __init__(self, policies: Sequence[Policy]) -> None:
        self.policies = tuple(policies)
        self._buckets: dict[Hashable, list[int]] = {}
        for position, policy in enumerate(self.policies):
            for selector in policy.spec.get("resourceSelectors") or ():
                self._buckets.setdefault(selector_bucket(selector), []).append(position)

    def candidates(self, resource: Mapping[str, Any]) -> Sequence[Policy]:
        """The policies that may select the resource, in their given order."""
        keys = resource_buckets(resource)
        if keys is None:
            return self.policies
        positions = {p for key in (*keys, ANY_BUCKET) for p in self._buckets.get(key, ())}
        return [self.policies[p] for p in sorted(positions)]

    def rank(self, resource: Mapping[str, Any]) -> list[tuple[Policy, int, int]]:
        return rank_policies(resource, self.candidates(resource))


ANY_BUCKET = ("any",)  # a selector that cannot be narrowed: tried on every object


def resource_buckets(resource: Mapping[str, Any]) -> list[Hashable] | None:
    """Every bucket (see :func:`selector_bucket`) whose selectors may select the resource;
    None when its fields are too odd to look up (every selector may then)."""
    api_version, kind = resource.get("apiVersion"), resource.get("kind")
    meta = resource.get("metadata") or {}
    try:
        keys: list[Hashable] = [(api_version, kind, "*"), (api_version, kind, "name", meta.get("name"))]
        keys += [(api_version, kind, "label", k, v) for k, v in (meta.get("labels") or {}).items()]
        for key in keys:
            hash(key)
    except (TypeError, AttributeError):  # unhashable values, labels that are no mapping
        return None
    return keys


def selector_bucket(selector: Any) -> Hashable:
    """The one bucket of resources a resource selector can select from: by the name it
    names, or one ``matchLabels`` pair it requires, else by apiVersion and kind alone
    (:data:`ANY_BUCKET` when not even those are plain strings)."""
    if type(selector) is not dict:
        return ANY_BUCKET
    api_version, kind = selector.get("apiVersion"), selector.get("kind")
    if type(api_version) is not str or type(kind) is not str:
        return ANY_BUCKET
    name = selector.get("name")
    if name:
        return (api_version, kind, "name", name) if type(name) is str else ANY_BUCKET
    labels = selector.get("labelSelector")
    if labels is None:
        return (api_version, kind, "*")
    pairs = labels.get("matchLabels") if type(labels) is dict else None
    if type(pairs) is dict:
        for key, value in pairs.items():
            if type(key) is str and type(value) is str:
                # a match has every pair of matchLabels; any one of them will do
                return (api_version, kind, "label", key, value)
    return (api_version, kind, "*")


# What Karmada's resource detector never propagates, whatever selects it (EventFilter
# and the default skipped APIs, pkg/util/apigroup.go): its reserved namespaces, those
# karmada-controller-manager skips by default (--skipped-propagating-namespaces=kube-.*,
# matched whole; kube-system's extension-apiserver-authentication ConfigMap, which it
# also names, is among them), Karmada's own API groups, events and leases.
RESERVED_NAMESPACES = frozenset({"karmada-system", "karmada-cluster"})
EXECUTION_SPACE_PREFIX = "karmada-es-"
SKIPPED_NAMESPACES = re.compile(r"kube-.*")
SKIPPED_GROUPS = frozenset({
    "apps.karmada.io", "autoscaling.karmada.io", "cluster.karmada.io", "config.karmada.io",
    "networking.karmada.io", "policy.karmada.io", "remedy.karmada.io", "work.karmada.io",
    "events.k8s.io",
})
SKIPPED_VERSIONS = frozenset({"coordination.k8s.io/v1"})
SKIPPED_KINDS = frozenset({("v1", "Event")})


def never_propagated(resource: Mapping[str, Any]) -> str | None:
    """Why Karmada's resource detector ignores the object, or None when it does not."""
    api_version, kind = str(resource.get("apiVersion") or ""), str(resource.get("kind") or "")
    namespace = _resource_namespace(resource)
    if namespace in RESERVED_NAMESPACES or namespace.startswith(EXECUTION_SPACE_PREFIX):
        return f"namespace {namespace} is reserved for Karmada itself"
    if SKIPPED_NAMESPACES.fullmatch(namespace):
        return (f"Karmada skips the namespaces matching {SKIPPED_NAMESPACES.pattern} "
                "(karmada-controller-manager's default --skipped-propagating-namespaces)")
    group = api_version.rpartition("/")[0]
    if group in SKIPPED_GROUPS or api_version in SKIPPED_VERSIONS or (api_version, kind) in SKIPPED_KINDS:
        return f"Karmada does not propagate {api_version} {kind} objects (its default --skipped-propagating-apis)"
    return None


CLAIMED_BY_LABEL = "resourcetemplate.karmada.io/claimed-by"


def claimed_elsewhere(resource: Mapping[str, Any]) -> str | None:
    """Who propagates the object instead of any propagation policy (the value of its
    ``resourcetemplate.karmada.io/claimed-by`` label, which a MultiClusterService sets on
    the Service it takes over: Karmada's detector then leaves the object alone)."""
    labels = (resource.get("metadata") or {}).get("labels")
    value = labels.get(CLAIMED_BY_LABEL) if isinstance(labels, Mapping) else None
    return value if isinstance(value, str) and value else None


# The claim Karmada's detector writes on an object it gave a policy: its annotations
# name the policy, its label holds the policy's permanent id.
_PP_CLAIM = ("propagationpolicy.karmada.io/namespace", "propagationpolicy.karmada.io/name",
             "propagationpolicy.karmada.io/permanent-id")
_CPP_CLAIM = ("clusterpropagationpolicy.karmada.io/name", "clusterpropagationpolicy.karmada.io/permanent-id")


def claim_of(resource: Mapping[str, Any]) -> tuple[str, str, str] | None:
    """``(kind, namespace, name)`` of the propagation policy whose claim the object
    carries (one exported from a Karmada control plane does), or None.

    Karmada's detector keeps a claimed object with that policy, whatever else would
    rank higher now, as long as the policy exists; a claim naming no policy is removed
    and the object matched afresh.
    """
    meta = resource.get("metadata") or {}
    annotations, labels = meta.get("annotations"), meta.get("labels")
    if not isinstance(annotations, Mapping) or not isinstance(labels, Mapping):
        return None
    namespace, name, pp_id = annotations.get(_PP_CLAIM[0]), annotations.get(_PP_CLAIM[1]), labels.get(_PP_CLAIM[2])
    if namespace and name and pp_id:
        return "PropagationPolicy", str(namespace), str(name)
    name, cpp_id = annotations.get(_CPP_CLAIM[0]), labels.get(_CPP_CLAIM[1])
    if name and cpp_id:
        return "ClusterPropagationPolicy", "", str(name)
    return None


def claimed_policy(resource: Mapping[str, Any], policies: Sequence[Policy]) -> Policy | None:
    """The existing policy the object's claim names (:func:`claim_of`), or None."""
    claim = claim_of(resource)
    if claim is None:
        return None
    return next((p for p in policies if (p.kind, p.namespace if p.kind == "PropagationPolicy" else "", p.name)
                 == claim), None)


def missing_dependent_overrides(policy: Policy, overrides: Sequence[Policy]) -> list[str]:
    """The override policies the propagation policy's ``spec.dependentOverrides`` names
    that do not exist: Karmada's detector applies the policy only once all of them do
    (an OverridePolicy of the policy's namespace; a ClusterOverridePolicy for a
    ClusterPropagationPolicy), and meanwhile propagates the object nowhere."""
    wanted = "ClusterOverridePolicy" if policy.cluster_scoped else "OverridePolicy"
    present = {o.name for o in overrides if o.kind == wanted and (policy.cluster_scoped or o.namespace == policy.namespace)}
    return [str(n) for n in policy.spec.get("dependentOverrides") or () if n not in present]


DEFAULT_SCHEDULER = "default-scheduler"  # the CRD's default for spec.schedulerName


def held_back(policy: Policy, overrides: Sequence[Policy]) -> tuple[str, str] | None:
    """Why Karmada places nothing for the objects a policy claims, and the field of the
    policy that says so; None when it places them."""
    scheduler = policy.spec.get("schedulerName") or DEFAULT_SCHEDULER
    if scheduler != DEFAULT_SCHEDULER:
        return "schedulerName", (f"{policy.ref} names schedulerName {scheduler!r}, and Karmada's scheduler "
                                 f"({DEFAULT_SCHEDULER}) leaves such bindings to that scheduler")
    missing = missing_dependent_overrides(policy, overrides)
    if missing:
        wanted = "ClusterOverridePolicy" if policy.cluster_scoped else f"OverridePolicy in {policy.namespace}"
        return "dependentOverrides", (f"{policy.ref} waits for its dependentOverrides, and no {wanted} is named "
                                      f"{', '.join(repr(n) for n in missing)} (Karmada propagates it once they exist)")
    return None


@dataclass(frozen=True)
class PolicyChoice:
    """What Karmada's detector decides for one object: the propagation policy it binds
    the object to, or why there is none. Placing acts on it; ``explain`` words it."""

    chosen: Policy | None = None  # the claimed or best-ranked policy (it may still be held back)
    ranked: tuple[tuple[Policy, int, int], ...] = ()  # every selecting policy, best first (no claim)
    ignored: str | None = None  # why the detector never propagates the object
    elsewhere: str | None = None  # the controller its claimed-by label leaves it to
    claimed: Policy | None = None  # the existing policy its claim names
    claim_lost: bool = False  # ...which no longer selects it: it goes nowhere
    held: tuple[str, str] | None = None  # the chosen policy places nothing: its field, and why

    @property
    def policy(self) -> Policy | None:
        """The policy that propagates the object; None: it goes to no cluster."""
        return None if self.held else self.chosen

    @property
    def tied(self) -> Policy | None:
        """The runner-up of a ranking the chosen policy wins by its name alone."""
        if len(self.ranked) < 2:
            return None
        first, second = self.ranked[0], self.ranked[1]
        alike = first[0].cluster_scoped == second[0].cluster_scoped and first[1:] == second[1:]
        return second[0] if alike else None


def decide_policy(
    resource: Mapping[str, Any], policies: PolicyIndex, overrides: Sequence[Policy]
) -> PolicyChoice:
    """Karmada's detector on one object, in its order: the objects it never propagates,
    those another controller claims, a claim the object carries (kept while its policy
    still selects it), else the best-ranked policy; then whether that policy is held back."""
    ignored = never_propagated(resource)
    if ignored:
        return PolicyChoice(ignored=ignored)
    elsewhere = claimed_elsewhere(resource)
    if elsewhere:
        return PolicyChoice(elsewhere=elsewhere)
    claimed = claimed_policy(resource, policies.policies)
    if claimed is not None:
        if not implicit_priority(resource, claimed):
            return PolicyChoice(claimed=claimed, claim_lost=True)
        return PolicyChoice(claimed, claimed=claimed, held=held_back(claimed, overrides))
    ranked = tuple(policies.rank(resource))
    if not ranked:
        return PolicyChoice()
    return PolicyChoice(ranked[0][0], ranked, held=held_back(ranked[0][0], overrides))


def choose_policy(
    resource: Mapping[str, Any], policies: Sequence[Policy]
) -> Policy | None:
    """The propagation policy Karmada's detector would bind the resource to, or None."""
    ranked = rank_policies(resource, policies)
    return ranked[0][0] if ranked else None
