"""In-place edits of fleet and app files (cordon, taints, canary weights) that keep every other byte."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from render.errors import FieldPath, Finding, RenderError, did_you_mean, json_path
from render.fleets import ATTACHED_API, FLEET_API
from render.loading import iter_input_files, locate
from render.model import Taint
from render.roundtrip import YamlFile, write_files

UNSCHEDULABLE_TAINT = Taint("cluster.karmada.io/unschedulable", "NoSchedule")
# Karmada's failover taints (cluster controller, NoExecute): settable by hand to rehearse a failover.
NOT_READY_TAINT = Taint("cluster.karmada.io/not-ready", "NoExecute")
UNREACHABLE_TAINT = Taint("cluster.karmada.io/unreachable", "NoExecute")
# kubectl's taint syntax accepts three effects, but Karmada's Cluster validation
# (pkg/util/lifted/validateclustertaints.go) stores only these two.
TAINT_EFFECTS = ("NoSchedule", "PreferNoSchedule", "NoExecute")
CLUSTER_TAINT_EFFECTS = ("NoSchedule", "NoExecute")
ISTIO_GROUP = "networking.istio.io/"


@dataclass(frozen=True)
class EditResult:
    """What an editing command did: a one-line summary, the files it rewrote, one line per change."""

    message: str
    files: tuple[str, ...] = ()
    changes: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()


# --- taint syntax (kubectl's cmd/taint/utils.go, as lifted by karmadactl) -----------------

_NAME_RE = re.compile(r"([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]")
_SUBDOMAIN_RE = re.compile(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*")
_NAME_MSG = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"


def _qualified_name_errors(key: str) -> list[str]:  # apimachinery validation.IsQualifiedName
    parts = key.split("/")
    if len(parts) > 2:
        return [f"a qualified name {_NAME_MSG} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"]
    errors, prefix, name = [], parts[0] if len(parts) == 2 else None, parts[-1]
    if prefix == "":
        errors.append("prefix part must be non-empty")
    elif prefix is not None and len(prefix) > 253:
        errors.append("prefix part must be no more than 253 characters")
    elif prefix is not None and not _SUBDOMAIN_RE.fullmatch(prefix):
        errors.append("prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric "
                      "characters, '-' or '.', and must start and end with an alphanumeric character")
    if not name:
        errors.append("name part must be non-empty")
    elif len(name) > 63:
        errors.append("name part must be no more than 63 characters")
    if not _NAME_RE.fullmatch(name):
        errors.append(f"name part {_NAME_MSG}")
    return errors


def _label_value_errors(value: str) -> list[str]:  # apimachinery validation.IsValidLabelValue
    errors = ["must be no more than 63 characters"] if len(value) > 63 else []
    if value and not _NAME_RE.fullmatch(value):
        errors.append(f"a valid label must be an empty string or {_NAME_MSG.removeprefix('must ')}")
    return errors


def format_taint(taint: Taint) -> str:
    """Write a taint as kubectl does: ``key=value:Effect``, ``key:Effect`` or ``key``."""
    text = taint.key + (f"={taint.value}" if taint.value else "")
    return text + (f":{taint.effect}" if taint.effect else (":" if taint.value else ""))


def _parse_taint(spec: str, whole: str) -> Taint:
    parts = spec.split(":")
    if len(parts) > 2:
        raise _bad_arg(f"invalid taint spec: {whole}")
    key, value, effect = parts[0], "", ""
    if len(parts) == 2:
        effect = parts[1]
        if effect not in TAINT_EFFECTS:
            raise _bad_arg(f"invalid taint effect: {effect}, unsupported taint effect")
        key, *rest = parts[0].split("=")
        if len(rest) > 1:
            raise _bad_arg(f"invalid taint spec: {whole}")
        value = rest[0] if rest else ""
        if errors := _label_value_errors(value):
            raise _bad_arg(f"invalid taint spec: {whole}, {'; '.join(errors)}")
    if errors := _qualified_name_errors(key):
        raise _bad_arg(f"invalid taint spec: {whole}, {'; '.join(errors)}")
    return Taint(key, effect, value)


def parse_taint_specs(specs: Sequence[str]) -> tuple[list[Taint], list[Taint]]:
    """Split ``KEY[=VALUE]:EFFECT`` and ``KEY[:EFFECT]-`` arguments into taints to add and remove.

    Raises:
        RenderError: a malformed spec, an added taint without effect, the same key and
            effect added twice, or one taint both added and removed (kubectl's checks).
    """
    if not specs:
        raise _bad_arg("at least one taint update is required")
    adds: list[Taint] = []
    removes: list[Taint] = []
    for spec in specs:
        if spec.endswith("-"):
            taint = _parse_taint(spec[:-1], spec)
            removes.append(Taint(taint.key, taint.effect))
            continue
        taint = _parse_taint(spec, spec)
        if not taint.effect:
            raise _bad_arg(f"invalid taint spec: {spec}")
        if any((a.key, a.effect) == (taint.key, taint.effect) for a in adds):
            raise _bad_arg(f"duplicated taints with the same key and effect: {format_taint(taint)}")
        adds.append(taint)
    conflicts = [format_taint(r) for r in removes for a in adds if a.key == r.key and r.effect in ("", a.effect)]
    if conflicts:
        raise _bad_arg(f"can not both modify and remove the following taint(s) in the same command: {', '.join(conflicts)}")
    return adds, removes


def _bad_arg(message: str, hint: str | None = None, file: str | None = None) -> RenderError:
    return RenderError.single(message, file=file, hint=hint)


def _save(files: Sequence[YamlFile], message: str, changes: list[str]) -> EditResult:
    warnings = write_files(files)
    return EditResult(message, tuple(f.rel for f in files), tuple(changes), tuple(warnings))


def _located(repo: Path, error: RenderError) -> RenderError:
    return RenderError([locate(repo, f) for f in error.findings])


# --- clusters: cordon, uncordon, taint --------------------------------------------------

_Target = tuple[YamlFile, int, CommentedMap, FieldPath]  # file, document, cluster mapping, its path


def _cluster_targets(repo: Path, name: str) -> list[_Target]:
    objects = [(f, i, d) for p in iter_input_files(repo, "fleets") for f in [YamlFile.read(repo, p)] for i, d in f.objects()]
    attached = {(d.get("metadata") or {}).get("name"): (f, i, d) for f, i, d in objects
                if d.get("apiVersion") == ATTACHED_API and d.get("kind") == "AttachedCluster"}
    targets: dict[tuple[str, int, FieldPath], _Target] = {}
    known: set[str] = set()
    for f, i, doc in objects:
        entries = (doc.get("spec") or {}).get("clusters") if doc.get("apiVersion") == FLEET_API else None
        for n, entry in enumerate(entries if doc.get("kind") == "Fleet" and isinstance(entries, list) else []):
            known.add(str(entry.get("name") if isinstance(entry, dict) else None))
            if not isinstance(entry, dict) or entry.get("name") != name:
                continue
            if entry.get("kind", "Cluster") == "Cluster":
                targets[(f.rel, i, ("spec", "clusters", n))] = (f, i, entry, ("spec", "clusters", n))
            elif name in attached:  # a reference: the cluster fields live on the AttachedCluster
                af, ai, adoc = attached[name]
                if not isinstance(adoc.get("spec"), CommentedMap):
                    adoc["spec"] = CommentedMap()
                targets[(af.rel, ai, ("spec",))] = (af, ai, adoc["spec"], ("spec",))
            else:
                raise RenderError([Finding(f"{entry.get('kind')} {name!r} is not defined in fleets/", f.rel,
                                           ("spec", "clusters", n, "name"), document=i)])
    if not targets:
        raise _bad_arg(f"cluster {name!r} is not defined in any Fleet of fleets/", did_you_mean(name, known), "fleets")
    return list(targets.values())


def _taint_items(target: _Target) -> CommentedSeq | None:
    file, index, entry, path = target
    items = entry.get("taints")
    if items is not None and not isinstance(items, CommentedSeq):
        raise RenderError([Finding("taints must be a list", file.rel, (*path, "taints"), document=index)])
    return items


def _taint_of(item: Any) -> Taint:
    item = item if isinstance(item, dict) else {}
    return Taint(str(item.get("key", "")), str(item.get("effect", "")), str(item.get("value") or ""))


def _same_slot(a: Taint, b: Taint) -> bool:
    return (a.key, a.effect) == (b.key, b.effect)  # corev1 Taint.MatchTaint: key and effect, not value


def _removes(taint: Taint, remove: Taint) -> bool:
    return taint.key == remove.key and remove.effect in ("", taint.effect)  # "KEY-" removes every effect


def _new_item(items: CommentedSeq, taint: Taint) -> CommentedMap:
    item = CommentedMap([("key", taint.key), *[("value", taint.value)] * bool(taint.value), ("effect", taint.effect)])
    # A new taint looks like its neighbours: next to flow items it is a flow mapping.
    if items.fa.flow_style() or (items and isinstance(items[-1], CommentedMap) and items[-1].fa.flow_style()):
        item.fa.set_flow_style()
    return item


def _set_value(item: CommentedMap, value: str) -> None:
    if not value:
        item.pop("value", None)
    elif "value" in item:
        item["value"] = value
    else:
        item.insert(list(item).index("key") + 1 if "key" in item else 0, "value", value)


def _change_taints(target: _Target, adds: Sequence[Taint], removes: Sequence[Taint]) -> list[str]:
    file, _, entry, path = target
    items = _taint_items(target)
    where = f"{file.rel}: {json_path((*path, 'taints'))}"
    changes = []
    for taint in adds:
        same = [t for t in items or [] if _same_slot(_taint_of(t), taint)]
        if same and _taint_of(same[0]) != taint:
            _set_value(same[0], taint.value)
            changes.append(f"{where}: set {format_taint(taint)}")
        elif not same:
            if items is None:
                items = entry["taints"] = CommentedSeq()
            items.append(_new_item(items, taint))
            changes.append(f"{where}: added {format_taint(taint)}")
    for remove in removes:
        for item in [t for t in items or [] if _removes(_taint_of(t), remove)]:
            items.remove(item)  # type: ignore[union-attr]
            changes.append(f"{where}: removed {format_taint(_taint_of(item))}")
    if items is not None and not items and not items.fa.flow_style():
        del entry["taints"]  # an empty block list has no spelling: drop the key, so uncordon undoes cordon
    return changes


def _edit_clusters(repo: Path, name: str, message: str, edit: Callable[[_Target], list[str]]) -> EditResult:
    try:
        changed: dict[str, YamlFile] = {}
        changes: list[str] = []
        for target in _cluster_targets(repo, name):
            if target_changes := edit(target):
                changed[target[0].rel] = target[0]
                changes += target_changes
    except RenderError as e:
        raise _located(repo, e) from e
    return _save(list(changed.values()), message, changes)


def cordon_cluster(repo: Path, name: str, *, cordon: bool = True) -> EditResult:
    """Add the ``cluster.karmada.io/unschedulable:NoSchedule`` taint as ``karmadactl cordon`` does.

    Twice changes nothing ("already cordoned"). A cluster in several Fleets is edited in each.

    Args:
        repo: the fleet repo; the cluster is an inline entry of a Fleet's ``spec.clusters``
            in ``fleets/``, or the AttachedCluster an entry refers to.
        name: the member cluster.
        cordon: False to remove the taint (uncordon).

    Raises:
        RenderError: unknown cluster (with a did-you-mean hint), dangling reference, bad YAML.
    """
    word = "cordoned" if cordon else "uncordoned"

    def edit(target: _Target) -> list[str]:
        if any(_same_slot(t, UNSCHEDULABLE_TAINT) for t in [_taint_of(t) for t in _taint_items(target) or []]) == cordon:
            return []
        return _change_taints(target, [UNSCHEDULABLE_TAINT] * cordon, [UNSCHEDULABLE_TAINT] * (not cordon))

    result = _edit_clusters(repo, name, f"cluster/{name} {word}", edit)
    return result if result.changes else EditResult(f"cluster/{name} already {word}")


def taint_cluster(repo: Path, name: str, specs: Sequence[str], *, overwrite: bool = False) -> EditResult:
    """Add, change or remove cluster taints with kubectl's ``KEY[=VALUE]:EFFECT`` / ``KEY[:EFFECT]-``.

    Existing taints keep their place in the list; new ones are appended.

    Raises:
        RenderError: a bad spec; an effect Karmada clusters refuse (PreferNoSchedule);
            an existing key and effect without ``overwrite``; a taint to remove that
            the cluster does not have; an unknown cluster.
    """
    adds, removes = parse_taint_specs(specs)
    for taint in (t for t in adds if t.effect not in CLUSTER_TAINT_EFFECTS):
        raise _bad_arg(f'invalid taint for a cluster: {format_taint(taint)}: Unsupported value: "{taint.effect}": '
                       'supported values: "NoExecute", "NoSchedule"', "Karmada's Cluster API validation refuses it")
    new: list[Taint] = []

    def edit(target: _Target) -> list[str]:
        current = [_taint_of(t) for t in _taint_items(target) or []]
        where = {"file": target[0].rel, "field_path": (*target[3], "taints"), "document": target[1]}
        if not overwrite and (keys := [a.key for a in adds if any(_same_slot(a, c) for c in current)]):
            raise RenderError([Finding(f"cluster {name} already has {','.join(keys)} taint(s) with same effect(s) "
                                       "and --overwrite is false", **where)])
        if missing := [r for r in removes if not any(_removes(c, r) for c in current)]:
            raise RenderError([Finding(f'taint "{format_taint(r)}" not found', **where) for r in missing])
        new.extend(a for a in adds if not any(_same_slot(a, c) for c in current))
        return _change_taints(target, adds, removes)

    result = _edit_clusters(repo, name, "", edit)
    # karmadactl's words: modified (overwrite, or added and removed), tainted, untainted.
    word = "modified" if overwrite or (new and removes) else "tainted" if new else "untainted"
    return EditResult(f"cluster/{name} {word}", result.files, result.changes, result.warnings)


# --- canary weights of Istio VirtualServices ---------------------------------------------

_Where = dict[str, Any]  # Finding keyword arguments: file, field_path, document


def _virtual_services(repo: Path, name: str, namespace: str | None) -> list[tuple[YamlFile, int, CommentedMap]]:
    found, seen = [], set()
    for path in iter_input_files(repo, "apps", recursive=True):
        if b"VirtualService" not in path.read_bytes():
            continue  # cheap skip: apps/ may hold thousands of manifests
        file = YamlFile.read(repo, path)
        for index, doc in file.objects():
            if doc.get("kind") == "VirtualService" and str(doc.get("apiVersion", "")).startswith(ISTIO_GROUP):
                meta = doc.get("metadata") or {}
                # No namespace means "default", where kubectl apply would put it.
                seen.add((str(meta.get("name")), str(meta.get("namespace") or "default")))
                found += [(file, index, doc)] * (meta.get("name") == name)
    spaces = sorted({ns for n, ns in seen if n == name})
    if not spaces or (namespace and namespace not in spaces):
        hint = f"it is in namespace {', '.join(spaces)}" if spaces else did_you_mean(name, {n for n, _ in seen})
        where = f" in namespace {namespace!r}" if namespace else ""
        raise _bad_arg(f"VirtualService {name!r} not found{where} in apps/", hint, "apps")
    if namespace is None and len(spaces) > 1:
        raise _bad_arg(f"VirtualService {name!r} exists in namespaces {', '.join(spaces)}", "choose one with -n", "apps")
    return [v for v in found if namespace in (None, (v[2].get("metadata") or {}).get("namespace") or "default")]


def _subset(destination: Any) -> Any:
    return (destination.get("destination") or {}).get("subset") if isinstance(destination, dict) else None


def _weight(destination: Any, where: _Where, k: int) -> int:
    weight = destination.get("weight", 0) if isinstance(destination, dict) else 0
    if isinstance(weight, bool) or not isinstance(weight, int):
        where = {**where, "field_path": (*where["field_path"], k, "weight")}
        raise RenderError([Finding(f"weight must be an integer, got {weight!r}", **where)])
    return weight


def _canary(route: CommentedSeq, subset: str | None, weights: list[int], where: _Where) -> int | None:
    if subset is None:
        return 0 if weights[0] < weights[1] else 1  # the lighter one; on a tie the second
    hits = [k for k, d in enumerate(route) if _subset(d) == subset]
    if len(hits) > 1:
        raise RenderError([Finding(f"both destinations have subset {subset!r}", **where)])
    return hits[0] if hits else None


def _shift_route(route: CommentedSeq, subset: str | None, weight: int, where: _Where) -> str | None:
    weights = [_weight(d, where, k) for k, d in enumerate(route)]
    if subset is None and weight == 100 and sorted(weights) == [0, 100]:
        return None  # already promoted: the lighter one is now the old stable, never flip it unasked
    canary = _canary(route, subset, weights, where)
    new = [weight if k == canary else 100 - weight for k in range(2)]
    if canary is None or new == weights:
        return None
    for destination, value in zip(route, new):
        destination["weight"] = value  # ruamel keeps the key's comment (# canary)
    label = (_subset(d) or (d.get("destination") or {}).get("host") for d in route)
    parts = (f"{text} {old}->{value}" for text, old, value in zip(label, weights, new))
    return f"{where['file']}: {json_path(where['field_path'])}: {', '.join(parts)}"


def shift_canary(repo: Path, name: str, weight: int, *, subset: str | None = None,
                 namespace: str | None = None, verb: str | None = None) -> EditResult:
    """Give ``weight`` percent to the canary of each two-destination HTTP route of a VirtualService.

    The canary is the destination whose ``destination.subset`` is ``subset``, else the lighter
    one (on a tie, the second); the other gets ``100 - weight``. Promote is weight 100, abort 0.
    Without ``subset`` a route at 100/0 is not promoted again (its lighter side is the old stable).

    Args:
        repo: the fleet repo; VirtualServices (``networking.istio.io/*``) are read from ``apps/**``.
        name: the VirtualService's ``metadata.name``.
        weight: the canary's share, 0..100.
        subset: names the canary destination.
        namespace: the VirtualService's namespace (an object without one is in ``default``).
        verb: what the summary line says was done (default ``"set to <weight>%"``).

    Raises:
        RenderError: weight out of range; unknown or ambiguous VirtualService; no route
            with two destinations (or none with ``subset``); a non-integer weight.
    """
    if isinstance(weight, bool) or not isinstance(weight, int) or not 0 <= weight <= 100:
        raise _bad_arg(f"canary weight must be an integer from 0 to 100, got {weight!r}")
    try:
        changed: dict[str, YamlFile] = {}
        changes, routes = [], 0
        for file, index, doc in _virtual_services(repo, name, namespace):
            for n, http in enumerate((doc.get("spec") or {}).get("http") or []):
                route = http.get("route") if isinstance(http, dict) else None
                if not isinstance(route, list) or len(route) != 2 or not all(isinstance(d, dict) for d in route):
                    continue
                routes += subset is None or subset in map(_subset, route)
                where = {"file": file.rel, "field_path": ("spec", "http", n, "route"), "document": index}
                if change := _shift_route(route, subset, weight, where):
                    changed[file.rel] = file
                    changes.append(change)
        if not routes:
            which = f"a destination with subset {subset!r}" if subset else "exactly two destinations"
            raise _bad_arg(f"VirtualService {name!r} has no HTTP route with {which}", None, "apps")
    except RenderError as e:
        raise _located(repo, e) from e
    summary = f"VirtualService {name}: canary {verb or f'set to {weight}%'}"
    return _save(list(changed.values()), summary, changes) if changes else EditResult(f"{summary} already")
