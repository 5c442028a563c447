"""Istio routes against placement: weights, subsets, and where each subset runs."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

from render.errors import FieldPath, Finding, did_you_mean
from render.locality import opted_in, plan_distribute, with_distribute
from render.mesh import build_mesh, is_istio, resolve_host, rule_host, spec_of
from render.scheduling import evicted_by_no_execute

if TYPE_CHECKING:
    from render.inputs import Inputs
    from render.mesh import Mesh
    from render.model import Manifest
    from render.pipeline import RenderPlan

ROUTE_KINDS = ("http", "tcp", "tls")


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
        for subset in spec_of(rule).get("subsets") or ():
            if not isinstance(subset, Mapping):
                continue
            found.setdefault(str(subset.get("name")), subset.get("labels") or {})
    return found


def _where(names: Sequence[str] | set[str]) -> str:
    return ", ".join(sorted(names)) or "no cluster"


Problem = tuple[str, str | None, Literal["error", "warning"]]


def _destination_problems(
    mesh: Mesh, service: Manifest, destination: Mapping[str, Any], weight: Any
) -> Iterator[Problem]:
    subset = destination.get("subset")
    if not subset:
        return
    host = resolve_host(str(destination.get("host", "")), service.namespace)
    rules = mesh.rules_for(host)
    subsets = _subsets(rules)
    if subset not in subsets:
        hosts = {rule_host(r) for r in mesh.destination_rules}
        hint = (
            f"its DestinationRule defines {', '.join(sorted(subsets)) or 'no subsets'}"
            if rules
            else did_you_mean(host, hosts)
        )
        message = f"subset {subset!r} of host {host!r} is defined in no DestinationRule"
        yield message, hint, "error"
        return
    backing = mesh.backing(host, subsets[subset])
    if not backing:
        namespace, labels = mesh.pods_for(host, subsets[subset])
        where = f"namespace {namespace}" if namespace else "apps/"
        message = f"no workload in {where} has pods labelled {labels}"
        yield f"subset {subset!r} of host {host!r}: {message}", None, "error"
        return
    receivers = set(mesh.clusters_of(service))
    if weight == 0 or not receivers:
        return  # no traffic goes there, or the route itself goes nowhere
    running = {c for w in backing for c in w.placed}
    names = ", ".join(sorted(f"{w.manifest.kind} {w.manifest.name}" for w in backing))
    if not running:
        # Nothing to route to anywhere: during a failover the scheduler has already
        # warned why, and failing the render would hold back every other move.
        message = (
            f"subset {subset!r} of host {host!r} runs in no cluster ({names} has no"
            f" replicas): its {weight}% of the traffic fails"
        )
        yield message, None, "warning"
    elif not running & receivers:
        message = (
            f"subset {subset!r} of host {host!r} runs in none of the clusters that"
            f" receive the VirtualService ({_where(receivers)}); {names} runs in"
            f" {_where(running)}"
        )
        yield message, None, "error"


def iter_traffic_problems(mesh: Mesh) -> Iterator[Finding]:
    """Every route whose weights, subsets or placement do not add up.

    Args:
        mesh: see :func:`build_mesh`.

    Yields:
        One finding per bad route or destination, at its field path: an error,
        or a warning for a subset that runs in no cluster at all.
    """
    for service in mesh.virtual_services:
        file, document = service.file, service.index
        for path, route in _routes(service.body.get("spec") or {}):
            problem = _weight_problem(route)
            if problem:
                yield Finding(problem, file, path, document=document)
            for j, entry in enumerate(route):
                destination = (
                    entry.get("destination") if isinstance(entry, Mapping) else None
                )
                at = (*path, j, "destination", "subset")
                for message, hint, severity in _destination_problems(
                    mesh, service, destination or {}, route_weight(route, j)
                ):
                    yield Finding(
                        message,
                        file,
                        at,
                        severity=severity,
                        hint=hint,
                        document=document,
                    )


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
        objects = out.objects.get(name, [])  # absent: another shard's cluster
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
    if not any(is_istio(m, "VirtualService") or is_istio(m, "DestinationRule") for m in inputs.manifests):
        return []  # no route to check and no rule to weigh (gathering the mesh reads every binding)
    mesh = build_mesh(inputs.manifests, _placements(inputs, out), inputs.replica_fields)
    problems = list(iter_traffic_problems(mesh))
    out.warnings += [f for f in problems if f.severity == "warning"]
    errors = [f for f in problems if f.severity == "error"]
    if errors:
        return errors
    clusters = {c.name: c for c in inputs.clusters}
    for rule in mesh.destination_rules:
        if opted_in(rule) is None:
            continue
        distribute, findings = plan_distribute(mesh, rule, rule_host(rule), clusters)
        errors += [f for f in findings if f.severity == "error"]
        out.warnings += [f for f in findings if f.severity == "warning"]
        if distribute:
            _set_distribute(out, rule, mesh.clusters_of(rule), distribute)
    return errors
