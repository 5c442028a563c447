"""Matching: label selectors, cluster affinities and tolerations.

One implementation serves placement (clusterAffinity, staticWeightList targets) and
overrides (targetCluster), as Karmada's ``util.ClusterMatches`` does.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Mapping, Sequence
from typing import Any

from render.model import Cluster, Taint

_NAME = r"[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?"
_LABEL_VALUE = re.compile(rf"({_NAME})?")
_LABEL_NAME = re.compile(_NAME)
_DNS_SUBDOMAIN = re.compile(
    r"[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*"
)
_INTEGER = re.compile(r"[-+]?[0-9]+")


class _Invalid(Exception):
    """A selector requirement Kubernetes would refuse to build: it matches nothing."""


def is_qualified_name(key: Any) -> bool:
    """Kubernetes' IsQualifiedName: a label key, an optional DNS subdomain prefix and '/'
    before a name of at most 63 characters."""
    if not isinstance(key, str) or not key:
        return False
    prefix, _, name = key.rpartition("/")
    if "/" in key and (
        not prefix or len(prefix) > 253 or not _DNS_SUBDOMAIN.fullmatch(prefix)
    ):
        return False
    return 0 < len(name) <= 63 and bool(_LABEL_NAME.fullmatch(name))


def _int64(text: str) -> bool:
    # strconv.ParseInt(text, 10, 64) succeeds
    return bool(_INTEGER.fullmatch(text)) and -(2**63) <= int(text) < 2**63


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
    if not is_qualified_name(key):
        raise _Invalid
    if op in ("In", "NotIn"):
        if not values or not all(_valid_value(v) for v in values):
            raise _Invalid
    elif op in ("Exists", "DoesNotExist"):
        if values:
            raise _Invalid
    elif op in ("Gt", "Lt") and numeric_ok:
        # one int64, which must also be a label value (so no sign)
        if (
            len(values) != 1
            or not _valid_value(values[0])
            or not _int64(values[0])
        ):
            raise _Invalid
    else:
        raise _Invalid
    return str(key), str(op), values  # both checked above: strings


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
    # Gt / Lt compare int64s; any other value never matches.
    if not present or not _int64(labels[key]):
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
