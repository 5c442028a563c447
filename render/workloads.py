"""What Karmada's resource interpreter knows of a workload: replicas, requests, scope."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from render.errors import Finding, RenderError
from render.model import Manifest
from render.scheduling.estimation import parse_quantity

INT32_MAX = 2**31 - 1


@dataclass(frozen=True)
class ReplicaField:
    """Where a kind keeps its replica count (dotted path) and its pod template."""

    path: tuple[str, ...]
    pod_template: tuple[str, ...] | None


# Karmada's built-in interpreters; Job divides parallelism (completions follow, see split_job).
BUILTIN_REPLICA_FIELDS: dict[tuple[str, str], ReplicaField] = {
    ("apps", "Deployment"): ReplicaField(("spec", "replicas"), ("spec", "template")),
    ("apps", "StatefulSet"): ReplicaField(("spec", "replicas"), ("spec", "template")),
    ("apps", "ReplicaSet"): ReplicaField(("spec", "replicas"), ("spec", "template")),
    ("batch", "Job"): ReplicaField(("spec", "parallelism"), ("spec", "template")),
}

# Kinds that live outside namespaces; anything else is namespaced ("default" when unset).
CLUSTER_SCOPED_KINDS = frozenset(
    {
        "Namespace",
        "Node",
        "PersistentVolume",
        "StorageClass",
        "CSIDriver",
        "CSINode",
        "VolumeAttachment",
        "ClusterRole",
        "ClusterRoleBinding",
        "CustomResourceDefinition",
        "PriorityClass",
        "RuntimeClass",
        "IngressClass",
        "MutatingWebhookConfiguration",
        "ValidatingWebhookConfiguration",
        "ValidatingAdmissionPolicy",
        "ValidatingAdmissionPolicyBinding",
        "APIService",
        "CertificateSigningRequest",
        "FlowSchema",
        "PriorityLevelConfiguration",
        "ClusterIssuer",
        "ClusterPropagationPolicy",
        "ClusterOverridePolicy",
    }
)


def group_of(api_version: str) -> str:
    """The API group of an apiVersion (``""`` for the core group)."""
    return api_version.rpartition("/")[0]


def replica_field(
    obj: Mapping[str, Any], extra: Mapping[tuple[str, str], ReplicaField]
) -> ReplicaField | None:
    """The replica field of the object's kind, or None for a non-workload."""
    key = (group_of(str(obj.get("apiVersion", ""))), str(obj.get("kind", "")))
    return extra.get(key) or BUILTIN_REPLICA_FIELDS.get(key)


def _get(obj: Any, path: tuple[str, ...]) -> Any:
    for part in path:
        if not isinstance(obj, Mapping):
            return None
        obj = obj.get(part)
    return obj


def read_replicas(obj: Mapping[str, Any], field: ReplicaField) -> Any:
    """The desired replicas; an unset field means 1, as the Kubernetes defaults say."""
    value = _get(obj, field.path)
    return 1 if value is None else value


def replicas_of(
    obj: Mapping[str, Any], extra: Mapping[tuple[str, str], ReplicaField]
) -> int:
    """The desired replicas of a checked manifest (0 for a non-workload)."""
    field = replica_field(obj, extra)
    return 0 if field is None else int(read_replicas(obj, field))


def replica_problem(
    manifest: Manifest, extra: Mapping[tuple[str, str], ReplicaField]
) -> Finding | None:
    """Why the manifest's replica count is unusable (replicas are int32 in Kubernetes), or None."""
    field = replica_field(manifest.body, extra)
    if field is None:
        return None
    for depth in range(1, len(field.path)):  # the replica count is written there
        parent = _get(manifest.body, field.path[:depth])
        if parent is not None and not isinstance(parent, Mapping):
            return Finding(
                "must be a mapping",
                manifest.file,
                field.path[:depth],
                document=manifest.index,
            )
    value = read_replicas(manifest.body, field)
    if (
        isinstance(value, bool)
        or not isinstance(value, int)
        or not 0 <= value <= INT32_MAX
    ):
        return Finding(
            f"replicas must be an integer from 0 to {INT32_MAX}, got {value!r}",
            manifest.file,
            field.path,
            document=manifest.index,
        )
    problem = _pod_template_problem(manifest.body, field)
    if problem:
        return Finding(problem[1], manifest.file, problem[0], document=manifest.index)
    return None


def _quantities_problem(
    values: Any, path: tuple[Any, ...]
) -> tuple[tuple[Any, ...], str] | None:
    if values is None:
        return None
    if not isinstance(values, Mapping):
        return path, "must be a mapping of resource names to quantities"
    for name, value in values.items():
        try:
            ok = not isinstance(value, bool) and abs(parse_quantity(value)) < 2**63
        except (RenderError, ValueError, ArithmeticError):
            ok = False
        if not ok:
            return (*path, name), "must be a Kubernetes quantity such as 500m or 1Gi"
    return None


def _pod_template_problem(
    obj: Mapping[str, Any], field: ReplicaField
) -> tuple[tuple[Any, ...], str] | None:
    # What pod_requests reads must have the shapes Kubernetes gives it: a hostile
    # manifest must be an error here, not a crash while scheduling.
    if field.pod_template is None:
        return None
    path = (*field.pod_template, "spec")
    spec = _get(obj, path)
    if spec is None:
        return None
    if not isinstance(spec, Mapping):
        return path, "the pod template's spec must be a mapping"
    found = _quantities_problem(spec.get("overhead"), (*path, "overhead"))
    for part in ("containers", "initContainers"):
        containers = spec.get(part)
        if containers is not None and not isinstance(containers, list):
            return (*path, part), "must be a list of containers"
        for i, container in enumerate(containers or ()):
            resources = (
                container.get("resources") if isinstance(container, Mapping) else None
            )
            if not isinstance(container, Mapping) or not isinstance(
                resources, Mapping | None
            ):
                return (
                    *path,
                    part,
                    i,
                ), "must be a container (a mapping with resources a mapping)"
            for kind in ("limits", "requests"):
                found = found or _quantities_problem(
                    (resources or {}).get(kind), (*path, part, i, "resources", kind)
                )
    return found


def with_replicas(
    obj: Mapping[str, Any], field: ReplicaField, replicas: int
) -> dict[str, Any]:
    """The object with its replica field set: the mappings on the way to the field
    are new, everything else is shared with ``obj`` (so nothing may edit it in place)."""
    # A copy is made per cluster and most of a workload is its pod template, which
    # setting the replicas never touches: copying only the path saves a deep copy.
    out = target = dict(obj)
    for part in field.path[:-1]:
        child = target.get(part)
        if child is None:  # absent or null ("spec:" with nothing after it)
            child = {}
        elif type(child) is not dict:  # an odd shape: copy it all, as it will be edited
            return _set(_deepcopy(dict(obj), {}), field, replicas)
        target[part] = target = dict(child)
    target[field.path[-1]] = replicas
    return out


def _set(obj: dict[str, Any], field: ReplicaField, replicas: int) -> dict[str, Any]:
    target = obj
    for part in field.path[:-1]:
        if target.get(part) is None:
            target[part] = {}
        target = target[part]
    target[field.path[-1]] = replicas
    return obj


def _deepcopy(value: Any, memo: dict[int, Any]) -> Any:
    """``copy.deepcopy`` for the plain dicts, lists and scalars a manifest is made of.

    A copy is made for every cluster of every workload, and the generic deepcopy
    dispatches per node. Shared sub-objects (YAML aliases) stay shared, as with
    ``copy.deepcopy``; anything else is handed to it with the same memo.
    """
    kind = type(value)
    if kind in _SCALARS:
        return value
    if kind is dict:
        hit = memo.get(id(value))
        if hit is None:
            hit = memo[id(value)] = {}
            for key, item in value.items():
                # Scalars, most of a manifest, are taken without a call.
                if type(key) not in _SCALARS:
                    key = _deepcopy(key, memo)
                hit[key] = item if type(item) in _SCALARS else _deepcopy(item, memo)
        return hit
    if kind is list:
        hit = memo.get(id(value))
        if hit is None:
            hit = memo[id(value)] = []
            for item in value:
                hit.append(item if type(item) in _SCALARS else _deepcopy(item, memo))
        return hit
    return copy.deepcopy(value, memo)


_SCALARS = frozenset({str, int, float, bool, type(None)})


def _add(total: dict[str, Fraction], requests: Mapping[str, Any]) -> None:
    for name, value in (requests or {}).items():
        total[name] = total.get(name, Fraction(0)) + parse_quantity(value)


def _container_requests(container: Mapping[str, Any]) -> Mapping[str, Any]:
    # Kubernetes defaults a missing request to the container's limit.
    resources = container.get("resources") or {}
    return {**(resources.get("limits") or {}), **(resources.get("requests") or {})}


def pod_requests(obj: Mapping[str, Any], field: ReplicaField) -> dict[str, str] | None:
    """Per-replica requests as Karmada's replicaRequirements: containers summed,
    each init container's requests as a floor, plus the pod overhead."""
    if field.pod_template is None:
        return None
    spec = _get(obj, (*field.pod_template, "spec")) or {}
    total: dict[str, Fraction] = {}
    for container in spec.get("containers") or ():
        _add(total, _container_requests(container))
    for container in spec.get("initContainers") or ():
        init: dict[str, Fraction] = {}
        _add(init, _container_requests(container))
        for name, value in init.items():
            total[name] = max(total.get(name, Fraction(0)), value)
    _add(total, spec.get("overhead") or {})
    return {k: _quantity_text(v) for k, v in sorted(total.items()) if v > 0} or None


def requests_key(obj: Mapping[str, Any], field: ReplicaField) -> str:
    """What :func:`pod_requests` reads of the object, as text: objects with the same
    key have the same requests (quantities are summed with fractions, not cheaply)."""
    if field.pod_template is None:
        return ""
    spec = _get(obj, (*field.pod_template, "spec")) or {}
    if not isinstance(spec, Mapping):
        return repr(spec)
    parts = [spec.get("overhead")]
    for kind in ("containers", "initContainers"):
        containers = spec.get(kind) or ()
        parts.append(
            [c.get("resources") if isinstance(c, Mapping) else c for c in containers]
            if isinstance(containers, list)
            else containers
        )
    return repr(parts)


def _quantity_text(value: Fraction) -> str:
    # Written exactly (whole units, else milli, micro or nano units), so the
    # estimator reads back the very value that was summed.
    for suffix, scale in (("", 1), ("m", 10**3), ("u", 10**6), ("n", 10**9)):
        scaled = value * scale
        if scaled.denominator == 1:
            return f"{scaled.numerator}{suffix}"
    return str(float(value))  # finer than a nano unit: Kubernetes rounds these anyway
