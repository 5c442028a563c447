"""The Istio objects of apps/ and the workloads behind each host, with their placement."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from render.workloads import replica_field

if TYPE_CHECKING:
    from render.model import Manifest
    from render.workloads import ReplicaField

ISTIO_GROUP = "networking.istio.io"
# Istio expands a dot-free host with the rule's namespace and this domain.
CLUSTER_DOMAIN = "svc.cluster.local"


def is_istio(manifest: Manifest, kind: str) -> bool:
    """Whether the manifest is an Istio ``kind`` of any ``networking.istio.io`` version."""
    return manifest.kind == kind and manifest.api_version.startswith(ISTIO_GROUP + "/")


def resolve_host(host: str, namespace: str) -> str:
    """A host as Istio resolves it in a rule of ``namespace``.

    Only a name without a dot is short (``reviews`` in ``prod`` is
    ``reviews.prod.svc.cluster.local``); anything with a dot, ``reviews.prod``
    included, is taken as written, as Istio's ``ResolveShortnameToFQDN`` does.
    """
    if host == "*" or "." in host:
        return host
    return f"{host}.{namespace}.{CLUSTER_DOMAIN}"


def host_specificity(pattern: str, host: str) -> int:
    """How well a DestinationRule host matches a service host: -1 when it does not.

    An exact match beats every wildcard; a longer ``*.suffix`` beats a shorter one.
    """
    if pattern == host:
        return 1 << 16
    if pattern.startswith("*") and host.endswith(pattern[1:]):
        return len(pattern)
    return -1


@dataclass(frozen=True)
class Workload:
    """A workload of apps/, the labels of its pods, and where it runs."""

    manifest: Manifest
    pod_labels: Mapping[str, str]
    placed: Mapping[str, int]  # cluster -> replicas, only clusters with replicas


@dataclass
class Mesh:
    """The Istio objects of apps/, the workloads, and the clusters each object reaches."""

    virtual_services: list[Manifest] = field(default_factory=list)
    destination_rules: list[Manifest] = field(default_factory=list)
    workloads: list[Workload] = field(default_factory=list)
    # host -> (namespace, pod selector) of a Service or ServiceEntry in apps/
    selectors: dict[str, tuple[str, Mapping[str, str]]] = field(default_factory=dict)
    receivers: dict[tuple[str, str, str, str], tuple[str, ...]] = field(
        default_factory=dict
    )

    def clusters_of(self, manifest: Manifest) -> tuple[str, ...]:
        """The clusters an object is propagated to (empty when no policy selects it)."""
        return self.receivers.get(manifest.key, ())

    def rules_for(self, host: str) -> list[Manifest]:
        """The DestinationRules of the most specific host matching ``host``."""
        scored = [
            (host_specificity(rule_host(r), host), r) for r in self.destination_rules
        ]
        best = max((s for s, _ in scored), default=-1)
        return [r for s, r in scored if s >= 0 and s == best]

    def pods_for(
        self, host: str, labels: Mapping[str, str]
    ) -> tuple[str | None, dict[str, str]]:
        """The namespace (None: any) and labels of the pods serving ``host`` with ``labels``.

        When apps/ holds the host's Service (or a ServiceEntry with a workload
        selector), the pods are in its namespace and match its selector too; else
        a cluster-local host's pods are in its namespace, any other host's anywhere.
        """
        namespace, wanted = None, dict(labels)
        parts = host.split(".")
        if host in self.selectors:
            namespace, selector = self.selectors[host]
            wanted = {**selector, **wanted}
        elif host.endswith("." + CLUSTER_DOMAIN) and len(parts) == 5:
            namespace = parts[1]
        return namespace, dict(sorted(wanted.items()))

    def backing(self, host: str, labels: Mapping[str, str]) -> list[Workload]:
        """The workloads whose pods serve ``host`` and carry ``labels``."""
        namespace, wanted = self.pods_for(host, labels)
        return [
            w
            for w in self.workloads
            if (namespace is None or w.manifest.namespace == namespace)
            and all(w.pod_labels.get(k) == v for k, v in wanted.items())
        ]


def spec_of(manifest: Manifest) -> Mapping[str, Any]:
    """The object's spec; absent, null or not a mapping (a hostile or cut file) reads as {}."""
    spec = manifest.body.get("spec")
    return spec if isinstance(spec, Mapping) else {}


def rule_host(rule: Manifest) -> str:
    """A DestinationRule's host, resolved in its namespace."""
    return resolve_host(str(spec_of(rule).get("host", "")), rule.namespace)


def _pod_labels(
    manifest: Manifest, fields: Mapping[tuple[str, str], ReplicaField]
) -> Mapping[str, str] | None:
    found = replica_field(manifest.body, fields)
    if found is None or found.pod_template is None:
        return None
    node: Any = manifest.body
    for part in (*found.pod_template, "metadata", "labels"):
        node = node.get(part) if isinstance(node, Mapping) else None
    return node if isinstance(node, Mapping) else {}


def build_mesh(
    manifests: Sequence[Manifest],
    placements: Mapping[tuple[str, str, str, str], Sequence[tuple[str, int]]],
    fields: Mapping[tuple[str, str], ReplicaField],
) -> Mesh:
    """Gather what the traffic checks read.

    Args:
        manifests: every object of apps/ (templates by their neutral render).
        placements: object key to the ``(cluster, replicas)`` of its binding.
        fields: the replica-bearing kinds of the repo.
    """
    mesh = Mesh()
    for m in manifests:
        clusters = placements.get(m.key, ())
        mesh.receivers[m.key] = tuple(name for name, _ in clusters)
        labels = _pod_labels(m, fields)
        if is_istio(m, "VirtualService"):
            mesh.virtual_services.append(m)
        elif is_istio(m, "DestinationRule"):
            mesh.destination_rules.append(m)
        elif m.kind == "Service" and m.api_version == "v1":
            selector = spec_of(m).get("selector") or {}
            host = f"{m.name}.{m.namespace}.{CLUSTER_DOMAIN}"
            mesh.selectors[host] = (m.namespace, selector)
        elif is_istio(m, "ServiceEntry"):
            _add_service_entry(mesh, m)
        elif labels is not None:
            placed = {name: n for name, n in clusters if n > 0}
            mesh.workloads.append(Workload(m, labels, placed))
    return mesh


def _add_service_entry(mesh: Mesh, entry: Manifest) -> None:
    spec = entry.body.get("spec") or {}
    selector = (spec.get("workloadSelector") or {}).get("labels")
    if not isinstance(selector, Mapping):
        return  # endpoints listed by hand: no pods of apps/ to find
    for host in spec.get("hosts") or ():
        resolved = resolve_host(str(host), entry.namespace)
        mesh.selectors[resolved] = (entry.namespace, selector)
