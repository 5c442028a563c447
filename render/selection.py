"""Matching: label selectors, cluster affinities, tolerations and resource selectors.

One implementation serves placement (clusterAffinity, staticWeightList targets) and
overrides (targetCluster), as Karmada's ``util.ClusterMatches`` does.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from render.model import Cluster, Policy, Taint

MATCH_NONE, MATCH_ALL, MATCH_LABELS, MATCH_NAME = 0, 1, 2, 3

_NAME = r"[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?"
_LABEL_VALUE = re.compile(rf"({_NAME})?")
_LABEL_NAME = re.compile(_NAME)
_DNS_SUBDOMAIN = re.compile(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*")
_INTEGER = re.compile(r"[-+]?[0-9]+")


class _Invalid(Exception):
    """A selector requirement Kubernetes would refuse to build: it matches nothing."""


def _valid_key(key: Any) -> bool:
    if not isinstance(key, str) or not key:
        return False
    prefix, _, name = key.rpartition("/")
    if "/" in key and (not prefix or len(prefix) > 253 or not _DNS_SUBDOMAIN.fullmatch(prefix)):
        return False
    return 0 < len(name) <= 63 and bool(_LABEL_NAME.fullmatch(name))


def _valid_value(value: Any) -> bool:
    return isinstance(value, str) and len(value) <= 63 and bool(_LABEL_VALUE.fullmatch(value))


def _requirement(expr: Mapping[str, Any], *, numeric_ok: bool) -> tuple[str, str, list[str]]:
    key, op = expr.get("key"), expr.get("operator")
    values = list(expr.get("values") or [])
    if not _valid_key(key):
        raise _Invalid
    if op in ("In", "NotIn"):
        if not values or not all(_valid_value(v) for v in values):
            raise _Invalid
    elif op in ("Exists", "DoesNotExist"):
        if values:
            raise _Invalid
    elif op in ("Gt", "Lt") and numeric_ok:
        if len(values) != 1 or not isinstance(values[0], str) or not _INTEGER.fullmatch(values[0]):
            raise _Invalid
    else:
        raise _Invalid
    return key, op, values


def _requirement_holds(key: str, op: str, values: list[str], labels: Mapping[str, str]) -> bool:
    present = key in labels
    if op == "In":
        return present and labels[key] in values
    if op == "NotIn":
        return not present or labels[key] not in values
    if op == "Exists":
        return present
    if op == "DoesNotExist":
        return not present
    # Gt / Lt compare integers; a non-numeric value never matches.
    if not present or not _INTEGER.fullmatch(labels[key]):
        return False
    have, want = int(labels[key]), int(values[0])
    return have > want if op == "Gt" else have < want


def _requirements(selector: Mapping[str, Any]) -> list[tuple[str, str, list[str]]]:
    reqs = []
    for key, value in (selector.get("matchLabels") or {}).items():
        if not _valid_value(value):
            raise _Invalid
        reqs.append(_requirement({"key": key, "operator": "In", "values": [value]}, numeric_ok=False))
    for expr in selector.get("matchExpressions") or []:
        reqs.append(_requirement(expr, numeric_ok=False))
    return reqs


def label_selector_matches(selector: Mapping[str, Any] | None, labels: Mapping[str, str]) -> bool:
    """Kubernetes metav1.LabelSelector semantics; an invalid selector matches nothing.

    Args:
        selector: ``matchLabels`` / ``matchExpressions``; None or ``{}`` matches all.
        labels: the labels of the object or cluster.

    Returns:
        Whether every requirement holds.
    """
    if selector is None:
        return True
    try:
        reqs = _requirements(selector)
    except _Invalid:
        return False
    return all(_requirement_holds(k, op, vs, labels) for k, op, vs in reqs)


def _zone_matches(op: Any, values: Sequence[Any], zones: tuple[str, ...]) -> bool:
    hit = any(z in values for z in zones)
    if op == "In":
        return bool(zones) and hit
    if op == "NotIn":
        return not hit
    if op == "Exists":
        return bool(zones)
    if op == "DoesNotExist":
        return not zones
    return False


def _field_selector_matches(selector: Mapping[str, Any], cluster: Cluster) -> bool:
    fields = {k: v for k, v in (("provider", cluster.provider), ("region", cluster.region)) if v}
    others = []
    for expr in selector.get("matchExpressions") or []:
        if expr.get("key") == "zone":
            if not _zone_matches(expr.get("operator"), expr.get("values") or [], cluster.zones):
                return False
        else:
            others.append(expr)
    try:
        reqs = [_requirement(e, numeric_ok=True) for e in others]
    except _Invalid:
        return False
    return all(_requirement_holds(k, op, vs, fields) for k, op, vs in reqs)


def cluster_matches(cluster: Cluster, affinity: Mapping[str, Any] | None) -> bool:
    """Karmada's ``ClusterMatches``: exclude, labelSelector, fieldSelector, clusterNames.

    Args:
        cluster: the member cluster.
        affinity: a ClusterAffinity (or targetCluster) mapping; None or ``{}`` matches all.

    Returns:
        Whether the cluster is selected.
    """
    if not affinity:
        return True
    if cluster.name in (affinity.get("exclude") or ()):
        return False
    selector = affinity.get("labelSelector")
    if selector is not None and not label_selector_matches(selector, cluster.labels):
        return False
    fields = affinity.get("fieldSelector")
    if fields is not None and not _field_selector_matches(fields, cluster):
        return False
    names = affinity.get("clusterNames") or ()
    return not names or cluster.name in names


def preference_matches(cluster: Cluster, term: Mapping[str, Any]) -> bool:
    """A corev1 ``NodeSelectorTerm`` over a cluster, as a fleet's preferred affinity uses it.

    ``matchExpressions`` test labels (``Gt`` / ``Lt`` included), ``matchFields``
    test provider, region and zone; both must hold. As in Kubernetes, an empty
    term matches nothing.
    """
    expressions = term.get("matchExpressions") or []
    fields = term.get("matchFields") or []
    if not expressions and not fields:
        return False
    try:
        reqs = [_requirement(e, numeric_ok=True) for e in expressions]
    except _Invalid:
        return False
    if not all(_requirement_holds(k, op, vs, cluster.labels) for k, op, vs in reqs):
        return False
    return not fields or _field_selector_matches({"matchExpressions": fields}, cluster)


def tolerates(tolerations: Sequence[Mapping[str, Any]], taint: Taint) -> bool:
    """Whether any toleration tolerates the taint (corev1 ``ToleratesTaint``)."""
    for t in tolerations or ():
        if t.get("effect") and t["effect"] != taint.effect:
            continue
        if t.get("key") and t["key"] != taint.key:
            continue
        op = t.get("operator") or "Equal"
        if op == "Exists" or (op == "Equal" and (t.get("value") or "") == taint.value):
            return True
    return False


def _resource_namespace(resource: Mapping[str, Any]) -> str:
    return (resource.get("metadata") or {}).get("namespace") or ""


def resource_selector_priority(resource: Mapping[str, Any], selector: Mapping[str, Any]) -> int:
    """Karmada's ``ResourceSelectorPriority``: 0 no match, 1 all, 2 labels, 3 name."""
    if selector.get("apiVersion") != resource.get("apiVersion"):
        return MATCH_NONE
    if selector.get("kind") != resource.get("kind"):
        return MATCH_NONE
    meta = resource.get("metadata") or {}
    if selector.get("namespace") and selector["namespace"] != _resource_namespace(resource):
        return MATCH_NONE
    if selector.get("name"):
        return MATCH_NAME if selector["name"] == meta.get("name") else MATCH_NONE
    if selector.get("labelSelector") is None:
        return MATCH_ALL
    matched = label_selector_matches(selector["labelSelector"], meta.get("labels") or {})
    return MATCH_LABELS if matched else MATCH_NONE


def implicit_priority(resource: Mapping[str, Any], policy: Policy) -> int:
    """The highest selector priority of a policy for the resource (0: not selected).

    A PropagationPolicy's selector without a namespace means the policy's own
    namespace (Karmada's mutating webhook fills it in).
    """
    best = MATCH_NONE
    for selector in policy.spec.get("resourceSelectors") or ():
        if policy.kind == "PropagationPolicy" and not selector.get("namespace") and policy.namespace:
            selector = {**selector, "namespace": policy.namespace}
        best = max(best, resource_selector_priority(resource, selector))
    return best


def rank_policies(resource: Mapping[str, Any], policies: Sequence[Policy]) -> list[tuple[Policy, int, int]]:
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
        if policy.kind == "PropagationPolicy":
            if not namespace or (policy.namespace and policy.namespace != namespace):
                continue
        implicit = implicit_priority(resource, policy)
        if implicit:
            ranked.append((policy, int(policy.spec.get("priority") or 0), implicit))
    ranked.sort(key=lambda r: (r[0].cluster_scoped, -r[1], -r[2], r[0].name.encode()))
    return ranked


def choose_policy(resource: Mapping[str, Any], policies: Sequence[Policy]) -> Policy | None:
    """The propagation policy Karmada's detector would bind the resource to, or None."""
    ranked = rank_policies(resource, policies)
    return ranked[0][0] if ranked else None
