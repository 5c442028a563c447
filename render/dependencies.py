"""propagateDeps: what a workload's pods reference goes to the workload's clusters.

Ports Karmada's default interpreter ``GetDependencies``
(``resourceinterpreter/default/native/dependencies.go``, ``helper/pod.go``,
``lifted/visitpod.go``) and the dependencies distributor
(``dependenciesdistributor``): each referenced object gets an attached binding
whose ``requiredBy`` snapshots the workload's binding; an object a policy already
binds keeps its own result and gains the ``requiredBy`` entries; either way it is
rendered to its own clusters plus every requiring workload's clusters (the
binding controller's ``mergeTargetClusters``). A reference to an object missing
from ``apps/`` is a warning (Karmada skips it silently).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, NamedTuple

from render.errors import FieldPath, Finding
from render.scheduling import ScheduleResult
from render.workloads import group_of

if TYPE_CHECKING:
    from render.model import Manifest
    from render.pipeline import Binding
    from render.workloads import ReplicaField

# Where Karmada's built-in interpreters find the pod spec, by exact apiVersion and kind
# as Karmada registers its dependency interpreters.
POD_SPECS: dict[tuple[str, str], FieldPath] = {
    ("apps/v1", "Deployment"): ("spec", "template", "spec"),
    ("apps/v1", "ReplicaSet"): ("spec", "template", "spec"),
    ("apps/v1", "StatefulSet"): ("spec", "template", "spec"),
    ("apps/v1", "DaemonSet"): ("spec", "template", "spec"),
    ("batch/v1", "Job"): ("spec", "template", "spec"),
    ("batch/v1", "CronJob"): ("spec", "jobTemplate", "spec", "template", "spec"),
    ("v1", "Pod"): ("spec",),
}
INGRESS = ("networking.k8s.io/v1", "Ingress")
# Volume sources naming a Secret, in VisitPodSecretNames order: (source, *path to name).
_SECRET_VOLUMES: tuple[tuple[str, ...], ...] = (
    ("azureFile", "secretName"),
    ("cephfs", "secretRef", "name"),
    ("cinder", "secretRef", "name"),
    ("flexVolume", "secretRef", "name"),
    ("rbd", "secretRef", "name"),
    ("secret", "secretName"),
    ("scaleIO", "secretRef", "name"),
    ("iscsi", "secretRef", "name"),
    ("storageos", "secretRef", "name"),
    ("csi", "nodePublishSecretRef", "name"),
)
_CONTAINER_LISTS = ("initContainers", "containers", "ephemeralContainers")


class Reference(NamedTuple):
    """A dependency named by a workload: core kind, name, and where it is named."""

    kind: str
    name: str
    path: FieldPath


class RequiredBy(NamedTuple):
    """Karmada's ``BindingSnapshot``: a requiring binding and its ``spec.clusters``."""

    namespace: str
    name: str
    clusters: tuple[tuple[str, int], ...]


@dataclass
class Attachment:
    """What propagateDeps adds to a plan: bindings, extra copies, warnings."""

    bindings: list[Binding] = field(default_factory=list)
    copies: list[tuple[Binding, str]] = field(
        default_factory=list
    )  # (binding, cluster)
    warnings: list[Finding] = field(default_factory=list)


def _get(node: Any, path: Sequence[str | int]) -> Any:
    for part in path:
        if isinstance(part, int):
            node = node[part] if isinstance(node, list) and part < len(node) else None
        else:
            node = node.get(part) if isinstance(node, Mapping) else None
    return node


def _items(node: Any) -> list[Any]:
    return node if isinstance(node, list) else []


def _named(kind: str, name: Any, path: FieldPath) -> Iterator[Reference]:
    if isinstance(name, str) and name:  # skipEmptyNames
        yield Reference(kind, name, path)


def _container_references(
    spec: Mapping[str, Any], at: FieldPath
) -> Iterator[Reference]:
    for group in _CONTAINER_LISTS:
        for i, container in enumerate(_items(spec.get(group))):
            here = (*at, group, i)
            for j, source in enumerate(_items(_get(container, ["envFrom"]))):
                for kind, key in (
                    ("ConfigMap", "configMapRef"),
                    ("Secret", "secretRef"),
                ):
                    path = (*here, "envFrom", j, key, "name")
                    yield from _named(kind, _get(source, [key, "name"]), path)
            for j, env in enumerate(_items(_get(container, ["env"]))):
                for kind, key in (
                    ("ConfigMap", "configMapKeyRef"),
                    ("Secret", "secretKeyRef"),
                ):
                    path = (*here, "env", j, "valueFrom", key, "name")
                    yield from _named(kind, _get(env, ["valueFrom", key, "name"]), path)


def _volume_references(volume: Any, at: FieldPath) -> Iterator[Reference]:
    for j, source in enumerate(_items(_get(volume, ["projected", "sources"]))):
        for kind, key in (("ConfigMap", "configMap"), ("Secret", "secret")):
            path = (*at, "projected", "sources", j, key, "name")
            yield from _named(kind, _get(source, [key, "name"]), path)
    yield from _named(
        "ConfigMap", _get(volume, ["configMap", "name"]), (*at, "configMap", "name")
    )
    for source_path in _SECRET_VOLUMES:
        yield from _named("Secret", _get(volume, source_path), (*at, *source_path))
    claim = ("persistentVolumeClaim", "claimName")
    yield from _named("PersistentVolumeClaim", _get(volume, claim), (*at, *claim))


def pod_spec_references(spec: Mapping[str, Any], at: FieldPath) -> list[Reference]:
    """Every ConfigMap, Secret, ServiceAccount and PVC a pod spec names.

    Args:
        spec: a pod spec (``PodSpec``).
        at: the field path of the pod spec in its object, for warnings.

    Returns:
        References in field order; a name may appear more than once.
    """
    # The API server fills serviceAccountName from the deprecated serviceAccount.
    account = "serviceAccountName" if spec.get("serviceAccountName") else "serviceAccount"
    refs = [*_named("ServiceAccount", spec.get(account), (*at, account))]
    refs = [r for r in refs if r.name != "default"]  # every namespace has it
    for i, secret in enumerate(_items(spec.get("imagePullSecrets"))):
        path = (*at, "imagePullSecrets", i, "name")
        refs += _named("Secret", _get(secret, ["name"]), path)
    refs += _container_references(spec, at)
    for i, volume in enumerate(_items(spec.get("volumes"))):
        refs += _volume_references(volume, (*at, "volumes", i))
    return refs


def references(
    body: Mapping[str, Any], replica_fields: Mapping[tuple[str, str], ReplicaField]
) -> list[Reference]:
    """The dependencies Karmada's interpreter finds in an object (none for other kinds).

    Kinds declared in ``fleet-render.yaml`` with a ``podTemplate`` are read like
    the built-in workloads (our stand-in for an InterpretDependency customization).
    """
    api_version, kind = str(body.get("apiVersion", "")), str(body.get("kind", ""))
    if (api_version, kind) == INGRESS:
        if unnamed_tls_secret(body) is not None:
            return []
        return [
            ref
            for i, tls in enumerate(_items(_get(body, ["spec", "tls"])))
            for ref in _named(
                "Secret", _get(tls, ["secretName"]), ("spec", "tls", i, "secretName")
            )
        ]
    key = (group_of(api_version), kind)
    custom = replica_fields.get(key)
    at = POD_SPECS.get((api_version, kind)) or (
        (*custom.pod_template, "spec") if custom and custom.pod_template else None
    )
    spec = _get(body, list(at)) if at else None
    if not isinstance(spec, Mapping) or at is None:
        return []
    refs = pod_spec_references(spec, at)
    if (api_version, kind) == ("apps/v1", "StatefulSet"):
        # PVCs of volumeClaimTemplates are made by the StatefulSet in each cluster.
        claims = {
            _get(t, ["metadata", "name"])
            for t in _items(_get(body, ["spec", "volumeClaimTemplates"]))
        }
        refs = [
            r
            for r in refs
            if not (r.kind == "PersistentVolumeClaim" and r.name in claims)
        ]
    return refs


def unnamed_tls_secret(body: Mapping[str, Any]) -> int | None:
    """The first ``spec.tls`` entry of an Ingress without a ``secretName`` (Kubernetes
    allows it), or None. Karmada's interpreter then names a Secret "", its check of the
    dependencies fails, and the distributor attaches none of them."""
    for i, tls in enumerate(_items(_get(body, ["spec", "tls"]))):
        if not _get(tls, ["secretName"]):
            return i
    return None


def _binding_name(manifest: Manifest) -> str:
    return f"{manifest.name}-{manifest.kind.lower()}"


def _describe(manifest: Manifest) -> str:
    return f"{manifest.kind} {manifest.namespace}/{manifest.name}"


def _missing(binding: Binding, ref: Reference) -> Finding:
    manifest = binding.manifest
    return Finding(
        f"{_describe(manifest)} references {ref.kind} {ref.name!r}, which is not "
        "in apps/; propagateDeps cannot send it along",
        manifest.file,
        ref.path,
        severity="warning",
        stage="select",
        document=manifest.index,
    )


def _requirements(
    bindings: Sequence[Binding],
    manifests: Sequence[Manifest],
    replica_fields: Mapping[tuple[str, str], ReplicaField],
    warnings: list[Finding],
) -> dict[tuple[str, str, str], list[RequiredBy]]:
    known = {(m.kind, m.namespace, m.name) for m in manifests if m.api_version == "v1"}
    required: dict[tuple[str, str, str], list[RequiredBy]] = {}
    for binding in bindings:
        manifest, policy = binding.manifest, binding.policy
        # Only ResourceBindings that are scheduled carry dependencies (distributor predicates).
        if policy is None or not policy.propagates_dependencies:
            continue
        if not manifest.namespaced or not binding.result.clusters:
            continue
        snapshot = RequiredBy(
            manifest.namespace, _binding_name(manifest), binding.result.clusters
        )
        seen: set[tuple[str, str, str]] = set()
        unnamed = unnamed_tls_secret(manifest.body) if (manifest.api_version, manifest.kind) == INGRESS else None
        if unnamed is not None:
            warnings.append(Finding(
                f"{_describe(manifest)} has a TLS entry without secretName: Karmada's dependency interpreter "
                "fails on it, so propagateDeps sends none of its Secrets along", manifest.file,
                ("spec", "tls", unnamed), severity="warning", stage="select", document=manifest.index))
        for ref in references(manifest.body, replica_fields):
            key = (ref.kind, manifest.namespace, ref.name)
            if key in seen:
                continue
            seen.add(key)
            if key not in known:
                warnings.append(_missing(binding, ref))
                continue
            required.setdefault(key, []).append(snapshot)
    return required


def merged_clusters(binding: Binding) -> list[str]:
    """``mergeTargetClusters``: the binding's clusters, then its requirers', no repeats."""
    names = [name for name, _ in binding.result.clusters]
    for snapshot in binding.required_by:
        names += [n for n, _ in snapshot.clusters if n not in names]
    return names


def attach_dependencies(
    bindings: Sequence[Binding],
    manifests: Sequence[Manifest],
    replica_fields: Mapping[tuple[str, str], ReplicaField],
) -> Attachment:
    """Give every dependency of every propagateDeps binding its ``requiredBy``.

    Args:
        bindings: the plan's bindings, each workload scheduled.
        manifests: every object of ``apps/``.
        replica_fields: declared replica-bearing kinds (their pod templates count).

    Returns:
        The full new binding list (dependencies' own bindings updated, attached
        bindings added), the copies still to render as ``(binding, cluster)``,
        and a warning for each reference to an object missing from ``apps/``.
    """
    from render.pipeline import Binding  # the pipeline imports this module

    done = Attachment()
    required = _requirements(bindings, manifests, replica_fields, done.warnings)
    if not required:  # no propagateDeps binding requires anything: the bindings stand
        done.bindings = list(bindings)
        return done
    own = {b.key: b for b in bindings}
    by_key = {
        (m.kind, m.namespace, m.name): m for m in manifests if m.api_version == "v1"
    }
    updated: dict[tuple[str, str, str, str], Binding] = {}
    for key, snapshots in sorted(required.items()):
        manifest = by_key[key]
        snapshots.sort(key=lambda s: (s.namespace, s.name))
        before = own.get((manifest.api_version, *key))
        binding = (
            replace(before, required_by=tuple(snapshots))
            if before is not None
            else Binding(manifest, None, 0, ScheduleResult(()), False, tuple(snapshots))
        )
        updated[binding.key] = binding
        held = {name for name, _ in binding.result.clusters}
        done.copies += [(binding, n) for n in merged_clusters(binding) if n not in held]
    done.bindings = [updated.pop(b.key, b) for b in bindings] + list(updated.values())
    return done
