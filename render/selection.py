"""Matching: label selectors, cluster affinities, tolerations and resource selectors.

One implementation serves placement (clusterAffinity, staticWeightList targets) and
overrides (targetCluster), as Karmada's ``util.ClusterMatches`` does.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Mapping, Sequence
from typing import Any

from render.model import Cluster, Policy, Taint

MATCH_NONE, MATCH_ALL, MATCH_LABELS, MATCH_NAME = 0, 1, 2, 3

_NAME = r"[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?"
_LABEL_VALUE = re.compile(rf"({_NAME})?")
_LABEL_NAME = re.compile(_NAME)
_DNS_SUBDOMAIN = re.compile(
    r"[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*"
)
_INTEGER = re.compile(r"[-+]?[0-9]+")


class _Invalid(Exception):
    """A selector requirement Kubernetes would refuse to build: it matches nothing."""


def _valid_key(key: Any) -> bool:
    if not isinstance(key, str) or not key:
        return False
    prefix, _, name = key.rpartition("/")
    if "/" in key and (
        not prefix or len(prefix) > 253 or not _DNS_SUBDOMAIN.fullmatch(prefix)
    ):
        return False
    return 0 < len(name) <= 63 and bool(_LABEL_NAME.fullmatch(name))


def _valid_value(value: Any) -> bool:
    return (
        isinstance(value, str)
        and len(value) <= 63
        and bool(_LABEL_VALUE.fullmatch(value))
    )


def _requirement(
    expr: Mapping[str, Any], *, numeric_ok: bool
) -> tuple[str, str, list[str]]:
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
        if (
            len(values) != 1
            or not isinstance(values[0], str)
            or not _INTEGER.fullmatch(values[0])
        ):
            raise _Invalid
    else:
        raise _Invalid
    return key, op, values


def _requirement_holds(
    key: str, op: str, values: list[str], labels: Mapping[str, str]
) -> bool:
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
        reqs.append(
            _requirement(
                {"key": key, "operator": "In", "values": [value]}, numeric_ok=False
            )
        )
    for expr in selector.get("matchExpressions") or []:
        reqs.append(_requirement(expr, numeric_ok=False))
    return reqs


# Checked requirements by selector content. The same few selectors are tested against
# every object and cluster of a render, and checking one costs regular expressions per
# key and value; its content as a tuple is cheap to build and hash. None: invalid.
_Requirements = tuple[tuple[str, str, list[str]], ...]
_COMPILED: dict[tuple[str, Hashable], Any] = {}
_COMPILED_LIMIT = 4096


def _expressions_key(expressions: Any) -> tuple[Any, ...] | None:
    # Only the well-formed shape is cached (anything odd takes the checking path
    # every time, with its exact behaviour); values stay in their given order.
    if type(expressions) is not list:
        return None
    key = []
    for expr in expressions:
        if type(expr) is not dict:
            return None
        values = expr.get("values")
        if values is not None and type(values) is not list:
            return None
        key.append((expr.get("key"), expr.get("operator"), tuple(values or ())))
    return tuple(key)


def _selector_key(selector: Mapping[str, Any]) -> Hashable | None:
    labels = selector.get("matchLabels") or {}
    expressions = _expressions_key(selector.get("matchExpressions") or [])
    if type(labels) is not dict or expressions is None:
        return None
    return (tuple(labels.items()), expressions)


_MISSING = object()


def _compiled(kind: str, key: Hashable | None, compile_: Callable[[], Any]) -> Any:
    """``compile_()`` once per ``(kind, key)``; key None: not cacheable, compiled each
    time. A compilation raising ``_Invalid`` gives None."""
    cache_key = None if key is None else (kind, key)
    try:
        hit = _MISSING if cache_key is None else _COMPILED.get(cache_key, _MISSING)
    except TypeError:  # a list or mapping among the values: not cacheable
        hit, cache_key = _MISSING, None
    if hit is not _MISSING:
        return hit
    try:
        result = compile_()
    except _Invalid:
        result = None
    if cache_key is not None:
        if len(_COMPILED) >= _COMPILED_LIMIT:
            _COMPILED.clear()
        _COMPILED[cache_key] = result
    return result


def _all_hold(reqs: _Requirements, labels: Mapping[str, str]) -> bool:
    for key, op, values in reqs:
        if not _requirement_holds(key, op, values, labels):
            return False
    return True


def label_selector_matches(
    selector: Mapping[str, Any] | None, labels: Mapping[str, str]
) -> bool:
    """Kubernetes metav1.LabelSelector semantics; an invalid selector matches nothing.

    Args:
        selector: ``matchLabels`` / ``matchExpressions``; None or ``{}`` matches all.
        labels: the labels of the object or cluster.

    Returns:
        Whether every requirement holds.
    """
    if selector is None:
        return True
    reqs = _compiled(
        "labels", _selector_key(selector), lambda: tuple(_requirements(selector))
    )
    return reqs is not None and _all_hold(reqs, labels)


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


def _field_selector_matches_uncached(expressions: Any, cluster: Cluster) -> bool:
    fields = {
        k: v
        for k, v in (("provider", cluster.provider), ("region", cluster.region))
        if v
    }
    others = []
    for expr in expressions:
        if expr.get("key") == "zone":
            if not _zone_matches(
                expr.get("operator"), expr.get("values") or [], cluster.zones
            ):
                return False
        else:
            others.append(expr)
    try:
        reqs = [_requirement(e, numeric_ok=True) for e in others]
    except _Invalid:
        return False
    return _all_hold(tuple(reqs), fields)


_FieldRequirements = tuple[tuple[tuple[Any, list[Any]], ...], _Requirements | None]


def _field_requirements(expressions: Sequence[Mapping[str, Any]]) -> _FieldRequirements:
    """``zone`` expressions as (operator, values), the others checked (None: invalid)."""
    zones, others = [], []
    for expr in expressions:
        if expr.get("key") == "zone":
            zones.append((expr.get("operator"), expr.get("values") or []))
        else:
            others.append(expr)
    try:
        reqs: _Requirements | None = tuple(
            _requirement(e, numeric_ok=True) for e in others
        )
    except _Invalid:
        reqs = None
    return tuple(zones), reqs


def _field_selector_matches(selector: Mapping[str, Any], cluster: Cluster) -> bool:
    expressions = selector.get("matchExpressions") or []
    key = _expressions_key(expressions)
    if key is None:  # malformed: checked in order, a failing zone before a bad entry
        return _field_selector_matches_uncached(expressions, cluster)
    zones, reqs = _compiled("fields", key, lambda: _field_requirements(expressions))
    for op, values in zones:
        if not _zone_matches(op, values, cluster.zones):
            return False
    if reqs is None:
        return False
    fields = {
        k: v
        for k, v in (("provider", cluster.provider), ("region", cluster.region))
        if v
    }
    return _all_hold(reqs, fields)


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
    reqs = _compiled(
        "preference",
        _expressions_key(expressions),
        lambda: tuple(_requirement(e, numeric_ok=True) for e in expressions),
    )
    if reqs is None or not _all_hold(reqs, cluster.labels):
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
                self._buckets.setdefault(_bucket_of(selector), []).append(position)

    def candidates(self, resource: Mapping[str, Any]) -> Sequence[Policy]:
        """The policies that may select the resource, in their given order."""
        api_version, kind = resource.get("apiVersion"), resource.get("kind")
        meta = resource.get("metadata") or {}
        labels = meta.get("labels") or {}
        try:
            keys = [(api_version, kind, "*"), (api_version, kind, "name", meta.get("name"))]
            keys += [(api_version, kind, "label", k, v) for k, v in labels.items()]
            positions = {p for key in keys for p in self._buckets.get(key, ())}
        except (TypeError, AttributeError):  # unhashable or odd fields: rank them all
            return self.policies
        positions.update(self._buckets.get(_ANY, ()))
        return [self.policies[p] for p in sorted(positions)]

    def rank(self, resource: Mapping[str, Any]) -> list[tuple[Policy, int, int]]:
        return rank_policies(resource, self.candidates(resource))


_ANY = ("any",)  # a selector the index cannot narrow: tried on every object


def _bucket_of(selector: Any) -> Hashable:
    if type(selector) is not dict:
        return _ANY
    api_version, kind = selector.get("apiVersion"), selector.get("kind")
    if type(api_version) is not str or type(kind) is not str:
        return _ANY
    name = selector.get("name")
    if name:
        return (api_version, kind, "name", name) if type(name) is str else _ANY
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


def choose_policy(
    resource: Mapping[str, Any], policies: Sequence[Policy]
) -> Policy | None:
    """The propagation policy Karmada's detector would bind the resource to, or None."""
    ranked = rank_policies(resource, policies)
    return ranked[0][0] if ranked else None
