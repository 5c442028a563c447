"""Istio routes against placement: weights, subsets, and where each subset runs."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from render.errors import FieldPath, Finding, did_you_mean
from render.locality import opted_in, plan_distribute, with_distribute
from render.scheduling import evicted_by_no_execute
from render.workloads import replica_field

if TYPE_CHECKING:
    from render.inputs import Inputs
    from render.model import Manifest
    from render.pipeline import RenderPlan
    from render.workloads import ReplicaField

ISTIO_GROUP = "networking.istio.io"
# Istio expands a dot-free host with the rule's namespace and this domain.
CLUSTER_DOMAIN = "svc.cluster.local"
ROUTE_KINDS = ("http", "tcp", "tls")


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
    selectors: dict[tuple[str, str], Mapping[str, str]] = field(default_factory=dict)
    receivers: dict[tuple[str, str, str, str], tuple[str, ...]] = field(
        default_factory=dict
    )

    def clusters_of(self, manifest: Manifest) -> tuple[str, ...]:
        """The clusters an object is propagated to (empty when no policy selects it)."""
        return self.receivers.get(manifest.key, ())

    def rules_for(self, host: str) -> list[Manifest]:
        """The DestinationRules of the most specific host matching ``host``."""
        scored = [
            (host_specificity(_rule_host(r), host), r) for r in self.destination_rules
        ]
        best = max((s for s, _ in scored), default=-1)
        return [r for s, r in scored if s >= 0 and s == best]

    def backing(self, host: str, labels: Mapping[str, str]) -> list[Workload]:
        """The workloads whose pods serve ``host`` and carry ``labels``.

        For a cluster-local host the pods are in the service's namespace and, when
        apps/ holds the Service, also match its selector.
        """
        namespace, wanted = None, dict(labels)
        parts = host.split(".")
        if host.endswith("." + CLUSTER_DOMAIN) and len(parts) == 5:
            namespace = parts[1]
            wanted |= self.selectors.get((namespace, parts[0]), {})
        return [
            w
            for w in self.workloads
            if (namespace is None or w.manifest.namespace == namespace)
            and all(w.pod_labels.get(k) == v for k, v in wanted.items())
        ]


def _rule_host(rule: Manifest) -> str:
    return resolve_host(str(rule.body.get("spec", {}).get("host", "")), rule.namespace)


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
            selector = m.body.get("spec", {}).get("selector")
            mesh.selectors[(m.namespace, m.name)] = selector or {}
        elif labels is not None:
            placed = {name: n for name, n in clusters if n > 0}
            mesh.workloads.append(Workload(m, labels, placed))
    return mesh


def _routes(spec: Mapping[str, Any]) -> Iterator[tuple[FieldPath, list[Any]]]:
    for kind in ROUTE_KINDS:
        for i, rule in enumerate(spec.get(kind) or ()):
            route = rule.get("route") if isinstance(rule, Mapping) else None
            if isinstance(route, list) and route:
                yield ("spec", kind, i, "route"), route


def route_weight(route: Sequence[Any], j: int) -> int | None:
    """A destination's weight as Istio reads it; None when it is not an integer.

    A lone destination without a weight takes all traffic; otherwise a missing
    weight is 0.
    """
    entry = route[j] if isinstance(route[j], Mapping) else {}
    weight = entry.get("weight")
    if weight is None:
        return 100 if len(route) == 1 else 0
    return weight if isinstance(weight, int) and not isinstance(weight, bool) else None


def _weight_problem(route: Sequence[Any]) -> str | None:
    weights = [route_weight(route, j) for j in range(len(route))]
    if None in weights:
        return "route weights must be integers"
    total = sum(w for w in weights if w is not None)
    return None if total == 100 else f"route weights sum to {total}, not 100"


def _subsets(rules: Sequence[Manifest]) -> dict[str, Mapping[str, str]]:
    found: dict[str, Mapping[str, str]] = {}
    for rule in rules:
        for subset in rule.body.get("spec", {}).get("subsets") or ():
            found.setdefault(str(subset.get("name")), subset.get("labels") or {})
    return found


def _where(names: Sequence[str] | set[str]) -> str:
    return ", ".join(sorted(names)) or "no cluster"


def _destination_problems(
    mesh: Mesh, service: Manifest, destination: Mapping[str, Any], weight: Any
) -> Iterator[tuple[str, str | None]]:
    subset = destination.get("subset")
    if not subset:
        return
    host = resolve_host(str(destination.get("host", "")), service.namespace)
    rules = mesh.rules_for(host)
    subsets = _subsets(rules)
    if subset not in subsets:
        hosts = {_rule_host(r) for r in mesh.destination_rules}
        hint = (
            f"its DestinationRule defines {', '.join(sorted(subsets)) or 'no subsets'}"
            if rules
            else did_you_mean(host, hosts)
        )
        yield (
            f"subset {subset!r} of host {host!r} is defined in no DestinationRule",
            hint,
        )
        return
    backing = mesh.backing(host, subsets[subset])
    if not backing:
        labels = dict(subsets[subset])
        yield (
            f"subset {subset!r} of host {host!r}: no workload in apps/ has pods labelled {labels}",
            None,
        )
        return
    receivers = set(mesh.clusters_of(service))
    if weight == 0 or not receivers:
        return  # no traffic goes there, or the route itself goes nowhere
    running = {c for w in backing for c in w.placed}
    if not running & receivers:
        names = ", ".join(
            sorted(f"{w.manifest.kind} {w.manifest.name}" for w in backing)
        )
        message = (
            f"subset {subset!r} of host {host!r} runs in none of the clusters that"
            f" receive the VirtualService ({_where(receivers)}); {names} runs in"
            f" {_where(running)}"
        )
        yield message, None


def iter_traffic_problems(mesh: Mesh) -> Iterator[Finding]:
    """Every route whose weights, subsets or placement do not add up.

    Args:
        mesh: see :func:`build_mesh`.

    Yields:
        One error per bad route or destination, at its field path.
    """
    for service in mesh.virtual_services:
        where = {"file": service.file, "document": service.index}
        for path, route in _routes(service.body.get("spec") or {}):
            problem = _weight_problem(route)
            if problem:
                yield Finding(problem, field_path=path, **where)
            for j, entry in enumerate(route):
                destination = (
                    entry.get("destination") if isinstance(entry, Mapping) else None
                )
                at = (*path, j, "destination", "subset")
                for message, hint in _destination_problems(
                    mesh, service, destination or {}, route_weight(route, j)
                ):
                    yield Finding(message, field_path=at, hint=hint, **where)


def _placements(inputs: Inputs, out: RenderPlan) -> dict[Any, list[tuple[str, int]]]:
    placements = {}
    for binding in out.bindings:
        # A cluster whose NoExecute taint the policy does not tolerate runs nothing.
        policy = binding.policy
        placement = (policy.spec.get("placement") or {}) if policy else {}
        evicted = evicted_by_no_execute(inputs.clusters, placement)
        placements[binding.manifest.key] = [
            (name, n) for name, n in binding.result.clusters if name not in evicted
        ]
    return placements


def _set_distribute(
    out: RenderPlan,
    rule: Manifest,
    clusters: Sequence[str],
    distribute: list[dict[str, Any]],
) -> None:
    for name in clusters:
        objects = out.objects[name]
        for i, obj in enumerate(objects):
            meta = obj.get("metadata") or {}
            if (
                obj.get("apiVersion"),
                obj.get("kind"),
                meta.get("name"),
                meta.get("namespace"),
            ) == (rule.api_version, rule.kind, rule.name, rule.namespace):
                objects[i] = with_distribute(obj, distribute)


def apply_traffic(inputs: Inputs, out: RenderPlan) -> list[Finding]:
    """Check the Istio routes against the placement, then write locality weights.

    Args:
        inputs: the checked inputs.
        out: the plan, every object scheduled; opted-in DestinationRule copies
            are replaced, and warnings added to ``out.warnings``.

    Returns:
        The errors; locality weights are written only when the routes are sound.
    """
    mesh = build_mesh(inputs.manifests, _placements(inputs, out), inputs.replica_fields)
    errors = list(iter_traffic_problems(mesh))
    if errors:
        return errors
    clusters = {c.name: c for c in inputs.clusters}
    for rule in mesh.destination_rules:
        if opted_in(rule) is None:
            continue
        distribute, findings = plan_distribute(mesh, rule, _rule_host(rule), clusters)
        errors += [f for f in findings if f.severity == "error"]
        out.warnings += [f for f in findings if f.severity == "warning"]
        if distribute:
            _set_distribute(out, rule, mesh.clusters_of(rule), distribute)
    return errors
