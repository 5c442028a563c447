"""What Karmada's resource interpreter knows of a workload: replicas, requests, scope."""

from __future__ import annotations

import copy
import math
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from render.errors import Finding, RenderError
from render.model import Manifest
from render.scheduling.estimation import parse_quantity
from render.selection import is_qualified_name

INT32_MAX = 2**31 - 1


@dataclass(frozen=True)
class ReplicaField:
    """Where a kind keeps its replica count (dotted path) and its pod template.

    ``cap``: a field that bounds the count when set (a Job runs at most as many pods
    as it has completions); ``fixed``: the count whatever the object says (a Pod is
    one replica), which a cluster's copy then never has written (``path`` is unused).
    """

    path: tuple[str, ...]
    pod_template: tuple[str, ...] | None
    cap: tuple[str, ...] | None = None
    fixed: int | None = None


# Karmada's built-in interpreters (native/replica.go and revisereplica.go), by exact
# apiVersion and kind as Karmada registers them. A Job's replicas are its parallelism,
# at most its completions; a Divided Job's completions are shared out too (placing).
BUILTIN_REPLICA_FIELDS: dict[tuple[str, str], ReplicaField] = {
    ("apps/v1", "Deployment"): ReplicaField(("spec", "replicas"), ("spec", "template")),
    ("apps/v1", "StatefulSet"): ReplicaField(("spec", "replicas"), ("spec", "template")),
    ("apps/v1", "ReplicaSet"): ReplicaField(("spec", "replicas"), ("spec", "template")),
    ("batch/v1", "Job"): ReplicaField(("spec", "parallelism"), ("spec", "template"), cap=("spec", "completions")),
    # the object is its own pod template: (*pod_template, "spec") is its spec
    ("v1", "Pod"): ReplicaField((), (), fixed=1),
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
    """The replica field of the object's kind, or None for a non-workload (kinds
    declared in fleet-render.yaml by group, Karmada's own by apiVersion)."""
    api_version, kind = str(obj.get("apiVersion", "")), str(obj.get("kind", ""))
    return extra.get((group_of(api_version), kind)) or BUILTIN_REPLICA_FIELDS.get((api_version, kind))


def _get(obj: Any, path: tuple[str, ...]) -> Any:
    for part in path:
        if not isinstance(obj, Mapping):
            return None
        obj = obj.get(part)
    return obj


def read_replicas(obj: Mapping[str, Any], field: ReplicaField) -> Any:
    """The desired replicas; an unset field means 1, as the Kubernetes defaults say."""
    if field.fixed is not None:
        return field.fixed
    value = _get(obj, field.path)
    value = 1 if value is None else value
    bound = _get(obj, field.cap) if field.cap else None
    if isinstance(value, int) and isinstance(bound, int) and not isinstance(bound, bool):
        return min(value, bound)  # a bool value is refused by replica_problem
    return value


def _is_count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


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
    for path in (field.cap,) if field.cap else ():
        bound = _get(manifest.body, path)
        if bound is not None and not (_is_count(bound) and 0 <= bound <= INT32_MAX):
            return Finding(f"must be an integer from 0 to {INT32_MAX}, got {bound!r}", manifest.file, path,
                           document=manifest.index)
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


def _rounded(requests: Mapping[str, Any] | None) -> dict[str, Fraction]:
    # Karmada's Resource.Add / SetMaxResource: each container's quantity rounded up,
    # cpu to a millicore and the rest to a whole unit, and only the resources it counts.
    found = {}
    for name, value in (requests or {}).items():
        if _counted(name):
            scale = 1000 if name == "cpu" else 1
            found[name] = Fraction(math.ceil(parse_quantity(value) * scale), scale)
    return found


_COUNTED = frozenset({"cpu", "memory", "pods", "ephemeral-storage"})


def _counted(name: str) -> bool:
    """Whether Karmada's resource model counts a resource name: the four native ones,
    hugepages, attachable volumes, *kubernetes.io/ names and extended resources
    (lifted.IsScalarResourceName)."""
    if name in _COUNTED or name.startswith(("hugepages-", "attachable-volumes-")) or "kubernetes.io/" in name:
        return True
    if "/" not in name or name.startswith("requests."):
        return False  # native (unprefixed) names other than the four, and quota names
    return is_qualified_name(f"requests.{name}")  # an extended resource must make a valid quota name


def _add(total: dict[str, Fraction], requests: Mapping[str, Any]) -> None:
    for name, value in _rounded(requests).items():
        total[name] = total.get(name, Fraction(0)) + value


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
        for name, value in _rounded(_container_requests(container)).items():
            total[name] = max(total.get(name, Fraction(0)), value)
    _add(total, spec.get("overhead") or {})
    return {k: _quantity_text(v) for k, v in sorted(total.items()) if v > 0} or None


def claims_nodes(obj: Mapping[str, Any], field: ReplicaField) -> bool:
    """Whether the pod template makes Karmada a nodeClaim (GenerateNodeClaimByPodSpec):
    a node selector, tolerations, or a required node affinity. An empty node selector
    is none: the API server drops it (omitempty) before Karmada reads the template."""
    if field.pod_template is None:
        return False
    spec = _get(obj, (*field.pod_template, "spec"))
    if not isinstance(spec, Mapping):
        return False
    affinity = _get(spec, ("affinity", "nodeAffinity"))
    required = affinity.get("requiredDuringSchedulingIgnoredDuringExecution") if isinstance(affinity, Mapping) else None
    return bool(spec.get("nodeSelector")) or bool(spec.get("tolerations")) or required is not None


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
