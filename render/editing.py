"""In-place edits of the fleet repo: cordon, uncordon and taint member clusters.

The public API of the editing commands; canary weights are :mod:`render.canary`'s,
the byte-preserving YAML round trip :mod:`render.roundtrip`'s and the taint syntax
:mod:`render.taints`'.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any, NamedTuple

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from render.canary import shift_canary
from render.errors import FieldPath, Finding, RenderError, did_you_mean, json_path
from render.fleets import ATTACHED_API, FLEET_API
from render.loading import iter_input_files
from render.model import Taint
from render.roundtrip import EditResult, YamlFile, located, save_edits
from render.taints import (
    CLUSTER_TAINT_EFFECTS,
    UNSCHEDULABLE_TAINT,
    format_taint,
    parse_taint_specs,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence
    from pathlib import Path

__all__ = ["EditResult", "cordon_cluster", "shift_canary", "taint_cluster"]


class _Spot(NamedTuple):
    """Where a cluster's fields are: a Fleet's inline entry or an AttachedCluster."""

    file: YamlFile
    document: int
    fields: CommentedMap
    path: FieldPath

    def error(self, message: str, *more: str) -> RenderError:
        return RenderError(
            [
                Finding(
                    m, self.file.rel, (*self.path, "taints"), document=self.document
                )
                for m in (message, *more)
            ]
        )


def _fleet_entries(
    objects: list[tuple[YamlFile, int, CommentedMap]],
) -> Iterator[tuple[YamlFile, int, int, CommentedMap]]:
    for file, index, doc in objects:
        if doc.get("apiVersion") != FLEET_API or doc.get("kind") != "Fleet":
            continue
        entries = (doc.get("spec") or {}).get("clusters")
        for n, entry in enumerate(entries if isinstance(entries, list) else []):
            if isinstance(entry, CommentedMap):
                yield file, index, n, entry


def _cluster_spots(repo: Path, name: str) -> list[_Spot]:
    files = [YamlFile.read(repo, p) for p in iter_input_files(repo, "fleets")]
    objects = [(f, i, d) for f in files for i, d in f.objects()]
    attached = {
        (d.get("metadata") or {}).get("name"): (f, i, d)
        for f, i, d in objects
        if d.get("apiVersion") == ATTACHED_API and d.get("kind") == "AttachedCluster"
    }
    spots: dict[tuple[str, int, FieldPath], _Spot] = {}
    known: set[str] = set()
    for file, index, n, entry in _fleet_entries(objects):
        known.add(str(entry.get("name")))
        if entry.get("name") != name:
            continue
        if entry.get("kind", "Cluster") == "Cluster":
            spot = _Spot(file, index, entry, ("spec", "clusters", n))
        elif name in attached:  # a reference: the fields live on the AttachedCluster
            afile, aindex, adoc = attached[name]
            if not isinstance(adoc.get("spec"), CommentedMap):
                adoc["spec"] = CommentedMap()
            spot = _Spot(afile, aindex, adoc["spec"], ("spec",))
        else:
            message = f"{entry.get('kind')} {name!r} is not defined in fleets/"
            where = ("spec", "clusters", n, "name")
            raise RenderError([Finding(message, file.rel, where, document=index)])
        spots[(spot.file.rel, spot.document, spot.path)] = spot
    if not spots:
        message = f"cluster {name!r} is not defined in any Fleet of fleets/"
        hint = did_you_mean(name, known)
        raise RenderError.single(message, file="fleets", hint=hint)
    return list(spots.values())


def _taint_items(spot: _Spot) -> CommentedSeq | None:
    items = spot.fields.get("taints")
    if items is not None and not isinstance(items, CommentedSeq):
        raise spot.error("taints must be a list")
    return items


def _taint_of(item: Any) -> Taint:
    item = item if isinstance(item, dict) else {}
    key, effect, value = item.get("key", ""), item.get("effect", ""), item.get("value")
    return Taint(str(key), str(effect), str(value or ""))


def _taints(spot: _Spot) -> list[Taint]:
    return [_taint_of(t) for t in _taint_items(spot) or []]


def _same_slot(a: Taint, b: Taint) -> bool:
    # corev1 Taint.MatchTaint: key and effect, not value
    return (a.key, a.effect) == (b.key, b.effect)


def _removes(taint: Taint, remove: Taint) -> bool:
    # "KEY-" removes every effect of the key
    return taint.key == remove.key and remove.effect in ("", taint.effect)


def _new_item(items: CommentedSeq, taint: Taint) -> CommentedMap:
    value = [("value", taint.value)] if taint.value else []
    item = CommentedMap([("key", taint.key), *value, ("effect", taint.effect)])
    # A new taint looks like its neighbours: next to flow items, a flow mapping.
    last = items[-1] if items else None
    if items.fa.flow_style() or (
        isinstance(last, CommentedMap) and last.fa.flow_style()
    ):
        item.fa.set_flow_style()
    return item


def _set_value(item: CommentedMap, value: str) -> None:
    if not value:
        item.pop("value", None)
    elif "value" in item:
        item["value"] = value
    else:
        item.insert(list(item).index("key") + 1 if "key" in item else 0, "value", value)


def _change_taints(
    spot: _Spot, adds: Sequence[Taint], removes: Sequence[Taint]
) -> list[str]:
    items = _taint_items(spot)
    where = f"{spot.file.rel}: {json_path((*spot.path, 'taints'))}"
    changes = []
    for taint in adds:
        same = [t for t in items or [] if _same_slot(_taint_of(t), taint)]
        if same and _taint_of(same[0]) != taint:
            _set_value(same[0], taint.value)
            changes.append(f"{where}: set {format_taint(taint)}")
        elif not same:
            if items is None:
                items = spot.fields["taints"] = CommentedSeq()
            items.append(_new_item(items, taint))
            changes.append(f"{where}: added {format_taint(taint)}")
    for remove in removes:
        for item in [t for t in items or [] if _removes(_taint_of(t), remove)]:
            items.remove(item)  # type: ignore[union-attr]
            changes.append(f"{where}: removed {format_taint(_taint_of(item))}")
    if items is not None and not items and not items.fa.flow_style():
        # An empty block list has no spelling: drop the key, so uncordon undoes cordon.
        del spot.fields["taints"]
    return changes


def _edit_clusters(
    repo: Path, name: str, message: str, edit: Callable[[_Spot], list[str]]
) -> EditResult:
    changed: dict[str, YamlFile] = {}
    changes: list[str] = []
    try:
        for spot in _cluster_spots(repo, name):
            if spot_changes := edit(spot):
                changed[spot.file.rel] = spot.file
                changes += spot_changes
    except RenderError as e:
        raise located(repo, e) from e
    return save_edits(list(changed.values()), message, changes)


def cordon_cluster(repo: Path, name: str, *, cordon: bool = True) -> EditResult:
    """Taint a cluster ``cluster.karmada.io/unschedulable:NoSchedule``, as karmadactl.

    Cordoning twice changes nothing ("already cordoned"). A cluster that several
    Fleets list is edited in each, so that they stay identical.

    Args:
        repo: the fleet repo; the cluster is an inline entry of a Fleet's
            ``spec.clusters`` in ``fleets/``, or the AttachedCluster one refers to.
        name: the member cluster.
        cordon: False to remove the taint (uncordon).

    Returns:
        The summary (``cluster/NAME cordoned``), the files written and the changes.

    Raises:
        RenderError: an unknown cluster (with a did-you-mean hint), a dangling
            AttachedCluster reference, or unreadable YAML.
    """
    word = "cordoned" if cordon else "uncordoned"

    def edit(spot: _Spot) -> list[str]:
        if any(_same_slot(t, UNSCHEDULABLE_TAINT) for t in _taints(spot)) == cordon:
            return []
        taint = [UNSCHEDULABLE_TAINT]
        return _change_taints(spot, taint * cordon, taint * (not cordon))

    result = _edit_clusters(repo, name, f"cluster/{name} {word}", edit)
    return result if result.changes else EditResult(f"cluster/{name} already {word}")


def taint_cluster(
    repo: Path, name: str, specs: Sequence[str], *, overwrite: bool = False
) -> EditResult:
    """Add, change or remove taints with kubectl's ``KEY[=VALUE]:EFFECT`` / ``KEY-``.

    Existing taints keep their place in the list; new ones are appended.

    Args:
        repo: the fleet repo (see :func:`cordon_cluster`).
        name: the member cluster.
        specs: the taint arguments (see :func:`render.taints.parse_taint_specs`).
        overwrite: let an added taint replace the value of the same key and effect.

    Returns:
        The summary in karmadactl's words (tainted, untainted, modified) and changes.

    Raises:
        RenderError: a bad spec; an effect Karmada clusters refuse
            (PreferNoSchedule); an existing key and effect without ``overwrite``; a
            taint to remove that the cluster lacks; an unknown cluster.
    """
    adds, removes = parse_taint_specs(specs)
    for taint in (t for t in adds if t.effect not in CLUSTER_TAINT_EFFECTS):
        raise RenderError.single(
            f"invalid taint for a cluster: {format_taint(taint)}: Unsupported value: "
            f'"{taint.effect}": supported values: "NoExecute", "NoSchedule"',
            hint="Karmada's Cluster API validation refuses it",
        )
    new: list[Taint] = []

    def edit(spot: _Spot) -> list[str]:
        current = _taints(spot)
        taken = [a.key for a in adds if any(_same_slot(a, c) for c in current)]
        if taken and not overwrite:
            raise spot.error(
                f"cluster {name} already has {','.join(taken)} taint(s) with same "
                "effect(s) and --overwrite is false"
            )
        missing = [r for r in removes if not any(_removes(c, r) for c in current)]
        if missing:
            raise spot.error(*(f'taint "{format_taint(r)}" not found' for r in missing))
        new.extend(a for a in adds if not any(_same_slot(a, c) for c in current))
        return _change_taints(spot, adds, removes)

    result = _edit_clusters(repo, name, "", edit)
    # karmadactl's words: modified (overwrite, or added and removed), else tainted
    # when a taint was added, else untainted.
    word = "tainted" if new else "untainted"
    word = "modified" if overwrite or (new and removes) else word
    return replace(result, message=f"cluster/{name} {word}")
