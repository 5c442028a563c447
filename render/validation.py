"""Input validation: each input kind's JSON Schema, plus the rules Karmada's admission webhooks add."""

from __future__ import annotations

import datetime
import functools
import json
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from importlib import resources
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from render.compiledschema import cached_conforms, shipped_conforms
from render.errors import FieldPath, Finding, RenderError, did_you_mean
from render.naming import is_dns_label, is_dns_subdomain

if TYPE_CHECKING:
    from jsonschema import ValidationError  # type: ignore[import-untyped]

INPUT_KINDS: dict[tuple[str, str], str] = {
    ("policy.karmada.io/v1alpha1", "PropagationPolicy"): "propagationpolicy",
    ("policy.karmada.io/v1alpha1", "ClusterPropagationPolicy"): "clusterpropagationpolicy",
    ("policy.karmada.io/v1alpha1", "OverridePolicy"): "overridepolicy",
    ("policy.karmada.io/v1alpha1", "ClusterOverridePolicy"): "clusteroverridepolicy",
    ("fleet.kurator.dev/v1alpha1", "Fleet"): "fleet",
    ("cluster.kurator.dev/v1alpha1", "AttachedCluster"): "attachedcluster",
}
# kubectl's short names, so `fleet-render schema pp` works as `kubectl get pp` does.
_SHORT_NAMES = {"pp": "PropagationPolicy", "cpp": "ClusterPropagationPolicy",
                "op": "OverridePolicy", "cop": "ClusterOverridePolicy"}
_BY_KIND = {kind.lower(): (api, kind, stem) for (api, kind), stem in INPUT_KINDS.items()}
_SHARED_STEM = "common"
_REF = re.compile(r'"#/\$defs/(\w+)"')
# Keywords ranked so that one field gets one message: a wrong type hides the rest.
_RANK = {"type": 0, "required": 1, "additionalProperties": 1, "enum": 2, "const": 2, "pattern": 4}
_TYPE_NAMES = ((bool, "boolean"), (int, "integer"), (float, "number"), (str, "string"),
               (Mapping, "object"), (list, "array"), (type(None), "null"))


class _Problem(NamedTuple):
    path: FieldPath
    message: str
    hint: str | None = None
    severity: Literal["error", "warning"] = "error"


def _is_integer(checker: Any, instance: Any) -> bool:
    # Go's decoder refuses 3.0 for an int field, although JSON Schema calls it an integer.
    return isinstance(instance, int) and not isinstance(instance, bool)


@functools.cache
def _validator_class() -> Any:
    # jsonschema costs a tenth of a second to import: only a render that checks a
    # document it has not checked before (render.readcache) pays for it.
    from jsonschema import Draft202012Validator  # type: ignore[import-untyped]
    from jsonschema.validators import extend  # type: ignore[import-untyped]

    checker = Draft202012Validator.TYPE_CHECKER.redefine("integer", _is_integer)
    return extend(Draft202012Validator, type_checker=checker, validators={"pattern": _pattern})


# A schema's patterns are ECMA-262's, where "$" is the end of the text (Go's regexp,
# which Kubernetes checks names and labels with, reads it so too); Python's re also
# lets it match before a final newline, which would pass "web\n" as a label value.
_DOLLAR = re.compile(r"(?<!\\)\$")


@functools.cache
def ecma_pattern(pattern: str) -> re.Pattern[str]:
    """A schema pattern compiled so that ``$`` means the end of the text, as in
    ECMA-262 and Go (fastjsonschema reads it so: :mod:`render.compiledschema`)."""
    return re.compile(_DOLLAR.sub(lambda _: r"\Z", pattern))


def _pattern(validator: Any, pattern: str, instance: Any, schema: Mapping[str, Any]) -> Iterator[ValidationError]:
    if validator.is_type(instance, "string") and not ecma_pattern(pattern).search(instance):
        from jsonschema import ValidationError

        yield ValidationError(f"{instance!r} does not match {pattern!r}")


def _load(stem: str) -> dict[str, Any]:
    text = resources.files("render").joinpath("schemas", f"{stem}.json").read_text(encoding="utf-8")
    return json.loads(text)  # type: ignore[no-any-return]


@functools.cache
def _bundled(stem: str) -> dict[str, Any]:
    # Inline the shared $defs the kind uses, so the printed schema stands alone in an editor
    # and validation runs on exactly what users see.
    text = json.dumps(_load(stem)).replace(f'"{_SHARED_STEM}.json#/$defs/', '"#/$defs/')
    shared, needed = _load(_SHARED_STEM)["$defs"], {}
    pending = _REF.findall(text)
    while pending:
        name = pending.pop()
        if name not in needed:
            needed[name] = shared[name]
            pending += _REF.findall(json.dumps(shared[name]))
    return {**json.loads(text), "$defs": dict(sorted(needed.items()))}


@functools.cache
def _validator(stem: str) -> Any:
    return _validator_class()(_bundled(stem))


@functools.cache
def _conforms(stem: str) -> Callable[[Any], bool]:
    schema = _bundled(stem)
    return shipped_conforms(stem, schema) or cached_conforms(schema)


def schema_for(kind: str) -> dict[str, Any]:
    """The self-contained JSON Schema (draft 2020-12) of one input kind.

    Args:
        kind: a kind name such as ``PropagationPolicy`` (any case) or a short name (``pp``).

    Returns:
        A fresh copy of the schema, safe to modify.

    Raises:
        RenderError: the kind is not an input kind of fleet-render.
    """
    name = _SHORT_NAMES.get(kind.lower(), kind).lower()
    if name not in _BY_KIND:
        known = sorted(k for _, k in INPUT_KINDS)
        raise RenderError.single(f"unknown input kind {kind!r}; known kinds: {', '.join(known)}",
                                 hint=did_you_mean(kind, known))
    copied: dict[str, Any] = json.loads(json.dumps(_bundled(_BY_KIND[name][2])))
    return copied


def iter_schema_findings(doc: Mapping[str, Any], file: str) -> Iterator[Finding]:
    """Check one loaded document against its kind's schema, then against Karmada's webhook rules.

    The webhook rules run only on a schema-valid document, as in Kubernetes, where
    validating webhooks never see an object its CRD schema refuses.

    Args:
        doc: the document as loaded from YAML (plain dicts and lists).
        file: the file it came from, relative to the repo root.

    Yields:
        One finding per problem, ordered by field path.
    """
    for p in sorted(set(_problems(doc)), key=lambda p: (_path_key(p.path), p.message, p.severity, p.hint or "")):
        yield Finding(p.message, file, p.path, stage="validate", severity=p.severity, hint=p.hint)


def _path_key(path: FieldPath) -> tuple[tuple[int, int | str], ...]:
    return tuple((0, part) if isinstance(part, int) else (1, part) for part in path)


def _type_name(value: Any) -> str:
    return next((name for t, name in _TYPE_NAMES if isinstance(value, t)), type(value).__name__)


def _problems(doc: Any) -> Iterator[_Problem]:
    if not isinstance(doc, Mapping):
        yield _Problem((), f"must be object, got {_type_name(doc)}")
        return
    key = (doc.get("apiVersion"), doc.get("kind"))
    # a hostile document may hold a list here, which cannot be a key
    stem = INPUT_KINDS.get(key) if all(isinstance(k, str) for k in key) else None  # type: ignore[arg-type]
    if stem is None:
        yield _kind_problem(doc)
        return
    problems: list[_Problem] = []
    plain = _plain(doc, (), problems)
    problems += _schema_problems(plain, stem)
    yield from problems or _rule_problems(plain, stem)


def _kind_problem(doc: Mapping[str, Any]) -> _Problem:
    kind = doc.get("kind")
    if "kind" not in doc:
        return _Problem(("kind",), "missing required field 'kind'")
    if not isinstance(kind, str):
        return _Problem(("kind",), f"must be string, got {_type_name(kind)}")
    known = _BY_KIND.get(kind.lower())
    if known is None or known[1] != kind:
        return _Problem(("kind",), f"unknown kind {kind!r}", did_you_mean(kind, [k for _, k in INPUT_KINDS]))
    return _Problem(("apiVersion",), f"must be {known[0]!r} for kind {kind}")


def _plain(value: Any, path: FieldPath, problems: list[_Problem]) -> Any:
    # The API server prunes nulls of non-nullable fields, and YAML timestamps reach it as
    # strings: validate the object Karmada would see.
    if isinstance(value, Mapping):
        out = {}
        for key, item in value.items():
            if not isinstance(key, str):
                problems.append(_Problem((*path, str(key)), f"key must be string, got {_type_name(key)}"))
            elif item is not None:
                out[key] = _plain(item, (*path, key), problems)
        return out
    if isinstance(value, list):
        return [_plain(item, (*path, i), problems) for i, item in enumerate(value)]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _schema_problems(instance: Mapping[str, Any], stem: str) -> Iterator[_Problem]:
    if _conforms(stem)(instance):  # most do: jsonschema then only words what is wrong
        return
    by_path: dict[FieldPath, list[tuple[int, _Problem]]] = {}
    for error in _validator(stem).iter_errors(instance):
        for rank, problem in _describe(error):
            by_path.setdefault(problem.path, []).append((rank, problem))
    for found in by_path.values():
        best = min(rank for rank, _ in found)
        yield from (problem for rank, problem in found if rank == best)


def _describe(error: ValidationError) -> Iterator[tuple[int, _Problem]]:
    path, keyword, value = tuple(error.absolute_path), str(error.validator), error.validator_value
    rank = _RANK.get(keyword, 3)
    if keyword == "additionalProperties":
        known = list(error.schema.get("properties", {}))
        for key in sorted(k for k in error.instance if k not in known):
            yield rank, _Problem((*path, key), f"unknown field {key!r}", did_you_mean(key, known))
    elif keyword == "required":
        for name in value:
            if name not in error.instance and not _misspelt(error.instance, error.schema, name):
                yield rank, _Problem((*path, name), f"missing required field {name!r}")
    elif "propertyNames" in error.relative_schema_path:
        yield rank, _Problem((*path, error.instance), f"key {error.instance!r} {_message(error)}")
    else:
        hint = None
        if keyword == "enum" and isinstance(error.instance, str):
            hint = did_you_mean(error.instance, [v for v in value if isinstance(v, str) and v])
        yield rank, _Problem(path, _message(error), hint)


def _misspelt(instance: Mapping[str, Any], schema: Mapping[str, Any], name: str) -> bool:
    # An unknown key that reads like the missing one already carries the message.
    known = list(schema.get("properties", {}))
    return any(did_you_mean(k, known) == f"did you mean {name!r}?" for k in instance if k not in known)


def _show(value: Any) -> str:
    return (value or '""') if isinstance(value, str) else json.dumps(value)


def _message(error: ValidationError) -> str:
    keyword, value, instance = error.validator, error.validator_value, error.instance
    if keyword == "type":
        expected = value if isinstance(value, list) else [value]
        return f"must be {' or '.join(expected)}, got {_type_name(instance)}"
    if keyword == "enum":
        return f"must be one of: {', '.join(_show(v) for v in value)}"
    if keyword == "const":
        return f"must be {_show(value)}"
    if keyword in ("minItems", "minLength") and value == 1:
        return "must not be empty"
    simple = {
        "minItems": f"must have at least {value} items",
        "minLength": f"must be at least {value} characters",
        "maxLength": f"must be at most {value} characters",
        "minimum": f"must be >= {value}",
        "maximum": f"must be <= {value}",
        "pattern": error.schema.get("errorMessage") or f"must match {value!r}",
    }
    return simple.get(str(keyword), str(error.message))


# --- Karmada's admission-webhook rules (pkg/util/validation), on schema-valid documents. ---


def _rule_problems(doc: Mapping[str, Any], stem: str) -> Iterator[_Problem]:
    yield from _metadata_rules(doc["metadata"])
    spec = doc.get("spec", {})
    # fleet-render reads a policy without a namespace as one in "default", as kubectl applies it.
    namespace = doc["metadata"].get("namespace") or "default"
    if stem in ("propagationpolicy", "clusterpropagationpolicy"):
        yield from _propagation_rules(spec, namespace if stem == "propagationpolicy" else "")
    elif stem in ("overridepolicy", "clusteroverridepolicy"):
        yield from _override_rules(spec, namespace if stem == "overridepolicy" else "")
    elif stem == "fleet":
        yield from _fleet_rules(spec)
    else:
        yield from _cluster_rules(spec, ("spec",))


def _metadata_rules(metadata: Mapping[str, Any]) -> Iterator[_Problem]:
    # The API server refuses these names, but Karmada's own test tables use names such as
    # "overridePolicy1", which its code handles alike: a warning, so the render goes on.
    name, namespace = metadata["name"], metadata.get("namespace")
    if not is_dns_subdomain(name):
        yield _Problem(("metadata", "name"), "is not a DNS-1123 subdomain (lower case, digits, '-' and '.', "
                       "at most 253 characters): the API server would refuse it", severity="warning")
    if namespace and not is_dns_label(namespace):
        yield _Problem(("metadata", "namespace"), "is not a DNS-1123 label (lower case, digits and '-', "
                       "at most 63 characters): the API server would refuse it", severity="warning")


def _propagation_rules(spec: Mapping[str, Any], namespace: str) -> Iterator[_Problem]:
    yield from _placement_rules(spec.get("placement", {}), ("spec", "placement"))
    selectors = spec.get("resourceSelectors", [])
    application = spec.get("failover", {}).get("application")
    if application is not None:
        # The mutating webhook turns propagateDeps on for ServiceImport selectors.
        imports = any(s["kind"] == "ServiceImport" and s["apiVersion"] == "multicluster.x-k8s.io/v1alpha1"
                      for s in selectors)
        if not spec.get("propagateDeps") and not imports:
            yield _Problem(("spec", "propagateDeps"), "must be true when failover.application is set")
        if application.get("purgeMode", "Gracefully") != "Gracefully" and "gracePeriodSeconds" in application:
            yield _Problem(("spec", "failover", "application", "gracePeriodSeconds"),
                           "only applies with purgeMode Gracefully")
    suspension = spec.get("suspension", {})
    if suspension.get("dispatching") and suspension.get("dispatchingOnClusters", {}).get("clusterNames"):
        yield _Problem(("spec", "suspension", "dispatchingOnClusters"), "cannot be combined with dispatching: true")
    yield from _selector_rules(selectors, namespace, need_name=spec.get("preemption") == "Always")


def _selector_rules(selectors: Sequence[Mapping[str, Any]], namespace: str, *, need_name: bool = False
                    ) -> Iterator[_Problem]:
    for i, selector in enumerate(selectors):
        at = ("spec", "resourceSelectors", i)
        # The mutating webhook fills an empty namespace with the policy's before this check.
        if namespace and (selector.get("namespace") or namespace) != namespace:
            yield _Problem((*at, "namespace"), f"must be the policy's namespace {namespace!r}")
        if need_name and not selector.get("name"):
            yield _Problem((*at, "name"), "must be set when preemption is Always")


def _placement_rules(placement: Mapping[str, Any], at: FieldPath) -> Iterator[_Problem]:
    terms = placement.get("clusterAffinities")
    if terms is not None and "clusterAffinity" in placement:
        yield _Problem((*at, "clusterAffinities"), "cannot be combined with clusterAffinity")
    overflow_allowed = _overflow_allowed(placement.get("replicaScheduling"))
    names: set[str] = set()
    for i, term in enumerate(terms or []):
        here = (*at, "clusterAffinities", i)
        if term["affinityName"] in names:
            yield _Problem((*here, "affinityName"), f"duplicate affinityName {term['affinityName']!r}")
        names.add(term["affinityName"])
        if "overflowAffinities" in term:
            yield from _overflow_rules(term, (*here, "overflowAffinities"), overflow_allowed)
    yield from _spread_rules(placement.get("spreadConstraints", []), (*at, "spreadConstraints"))
    workload = placement.get("workloadAffinity", {})
    if len(workload) == 2 and len({term["groupByLabelKey"] for term in workload.values()}) == 1:
        yield _Problem((*at, "workloadAffinity", "antiAffinity", "groupByLabelKey"),
                       "must differ from affinity.groupByLabelKey")


def _overflow_allowed(strategy: Mapping[str, Any] | None) -> bool:
    # Absent fields take the CRD default (Divided) and the mutating webhook's (Weighted) first.
    if strategy is None or strategy.get("replicaSchedulingType", "Divided") != "Divided":
        return False
    if strategy.get("replicaDivisionPreference", "Weighted") == "Aggregated":
        return True
    return bool(strategy.get("weightPreference", {}).get("dynamicWeight"))


def _overflow_rules(term: Mapping[str, Any], at: FieldPath, allowed: bool) -> Iterator[_Problem]:
    if not allowed:
        yield _Problem(at, "needs Divided replicas with Aggregated division or a dynamicWeight")
    inline = "labelSelector" in term or "fieldSelector" in term or term.get("clusterNames") or term.get("exclude")
    if not inline:
        yield _Problem(at, "needs a non-empty inline affinity in the same term")
    names = {term["affinityName"]}
    for j, overflow in enumerate(term["overflowAffinities"]):
        if overflow["affinityName"] in names:
            yield _Problem((*at, j, "affinityName"), f"duplicate affinityName {overflow['affinityName']!r}")
        names.add(overflow["affinityName"])


def _spread_rules(constraints: Sequence[Mapping[str, Any]], at: FieldPath) -> Iterator[_Problem]:
    fields, repeated = set[str](), set[str]()
    for i, constraint in enumerate(constraints):
        by_field, by_label = constraint.get("spreadByField", ""), constraint.get("spreadByLabel", "")
        if by_field and by_label:
            yield _Problem((*at, i, "spreadByLabel"), "cannot be combined with spreadByField")
        max_groups, min_groups = constraint.get("maxGroups", 0), constraint.get("minGroups", 0)
        if 0 < max_groups < min_groups:
            yield _Problem((*at, i, "maxGroups"), f"must not be lower than minGroups ({min_groups})")
        # The mutating webhook turns a constraint with neither field into spreadByField: cluster.
        field = by_field or ("" if by_label else "cluster")
        if field in fields and field not in repeated:
            repeated.add(field)
            yield _Problem((*at, i, "spreadByField"), f"duplicate spreadByField {field!r}")
        if field:
            fields.add(field)
    if fields and "cluster" not in fields:
        yield _Problem(at, "must include a spreadByField 'cluster' constraint when spreading by field")


# Karmada's co-existence check leaves fieldOverrider out (validation.go emptyOverrides).
_CHECKED_OVERRIDERS = ("plaintext", "imageOverrider", "commandOverrider", "argsOverrider",
                       "labelsOverrider", "annotationsOverrider")


def _override_rules(spec: Mapping[str, Any], namespace: str) -> Iterator[_Problem]:
    rules, overriders = spec.get("overrideRules"), spec.get("overriders", {})
    if rules is not None:
        if "targetCluster" in spec:
            yield _Problem(("spec", "targetCluster"), "cannot be combined with overrideRules")
        if any(overriders.get(k) for k in _CHECKED_OVERRIDERS):
            yield _Problem(("spec", "overriders"), "cannot be combined with overrideRules")
        elif overriders.get("fieldOverrider"):
            yield _Problem(("spec", "overriders", "fieldOverrider"),
                           "is ignored: overrideRules is set", severity="warning")
    for i, rule in enumerate(rules or []):
        for j, field_overrider in enumerate(rule["overriders"].get("fieldOverrider", [])):
            yield from _field_overrider_rules(
                field_overrider, ("spec", "overrideRules", i, "overriders", "fieldOverrider", j))
    yield from _selector_rules(spec.get("resourceSelectors", []), namespace)


def _field_overrider_rules(overrider: Mapping[str, Any], at: FieldPath) -> Iterator[_Problem]:
    if overrider.get("json") and overrider.get("yaml"):
        yield _Problem(at, "must set only one of json and yaml")
    elif not overrider.get("json") and not overrider.get("yaml"):
        yield _Problem(at, "must set one of json and yaml")
    for part in ("json", "yaml"):
        for k, op in enumerate(overrider.get(part, [])):
            if op["operator"] != "remove" and "value" not in op:
                yield _Problem((*at, part, k, "value"), f"must be set for operator {op['operator']}")
            elif op["operator"] == "remove" and "value" in op:
                yield _Problem((*at, part, k, "value"), "must not be set for operator remove")


def _fleet_rules(spec: Mapping[str, Any]) -> Iterator[_Problem]:
    names: set[str] = set()
    for i, entry in enumerate(spec.get("clusters", [])):
        if entry["name"] in names:
            yield _Problem(("spec", "clusters", i, "name"), f"duplicate cluster {entry['name']!r}")
        names.add(entry["name"])
        if "kind" not in entry:
            yield from _cluster_rules(entry, ("spec", "clusters", i))
    yield from _placement_rules(spec.get("placement", {}), ("spec", "placement"))


def _cluster_rules(cluster: Mapping[str, Any], at: FieldPath) -> Iterator[_Problem]:
    # Karmada's Cluster validation: zone is the deprecated form of zones; taints unique by key+effect.
    if cluster.get("zone") and cluster.get("zones"):
        yield _Problem((*at, "zones"), "cannot be combined with zone")
    seen: set[tuple[str, str]] = set()
    for i, taint in enumerate(cluster.get("taints", [])):
        if (taint["key"], taint["effect"]) in seen:
            yield _Problem((*at, "taints", i), f"duplicate taint {taint['key']}:{taint['effect']}")
        seen.add((taint["key"], taint["effect"]))
