"""Re-rendering after an edit that only moves placements: the last render, patched.

When the only input files that changed since the last render are policy files, and in
them only the ``spec.placement`` of propagation policies changed, every object keeps
its policy (selection reads the rest of the policy) and every other object's files are
what the last render wrote: Karmada places each object on its own. Such a render
re-places the objects of the edited policies (and those whose binding moved last time,
whose history therefore changed), and patches ``out``: their files, the
kustomization.yaml and made Namespaces of the clusters they leave or reach, and their
items of ``bindings.yaml``. Warnings, moves and counts are the same as a full render's.

Anything else — another kind of edit, a file added or removed, an error, a warning
for an edited file, an object of a kind that other objects read, an ``out`` that is
not as the last render left it — returns None, and the caller renders in full. The
equivalence with a full render is what tests/e2e/test_delta.py checks.
"""

from __future__ import annotations

import os
from array import array
from collections.abc import Mapping
from dataclasses import dataclass, replace
from itertools import accumulate
from pathlib import Path
from typing import Any

from render import freshness
from render.emitting import dump
from render.errors import Finding, RenderError
from render.inputs import (
    PROPAGATION_KINDS,
    Inputs,
    PreviousBinding,
    checked_documents,
    manifest_of,
    policy_of,
)
from render.loading import Document, load_file, locate
from render.moves import replica_moves
from render.output import (
    LISTING_HEAD,
    LISTING_TAIL,
    binding_object,
    kustomization,
    listing_item,
    object_path,
)
from render.outtree import Written, save_written
from render.pipeline import (
    Binding,
    iter_unknown_cluster_names,
    namespace_objects,
)
from render.placing import Placer
from render.redaction import redact_values
from render.reuse import Unit, ref_of
from render.snapshot import Kept, Snapshot, group, history
from render.snapshot import load as load_snapshot
from render.snapshot import save as save_snapshot
from render.writing import WriteChanges


@dataclass(frozen=True)
class Patched:
    """A patched render's result: what the command line reports, and out/'s fingerprint."""

    warnings: list[Finding]
    moves: tuple[str, ...]
    objects: int
    folders: int
    out_print: str


def _edited_policies(repo: Path, snap: Snapshot, changed: list[str]) -> dict[tuple[str, int], Any] | None:
    # The edited files' policies, when each differs from its last version in its
    # placement only (None: anything else).
    # the files the last render read policies from (so the walk of policies/ reads them)
    policy_files = {file for file, _ in snap.policies}
    if not set(changed) <= policy_files:
        return None
    edited = {}
    for rel in changed:
        old = {k: p for k, p in snap.policies.items() if k[0] == rel}
        try:
            docs = load_file(repo, rel) or []
        except RenderError:
            return None
        findings: list[Finding] = []
        valid = checked_documents(docs, findings, tuple(p.kind for p in old.values()) or ("-",), "policies", None)
        if findings or len(valid) != len(docs) or len(docs) != len(old):
            return None
        if any(w.file == rel for w in snap.read_warnings):
            return None
        for doc in docs:
            new, was = policy_of(doc), old.get((rel, doc.index))
            if was is None or _without_placement(new) != _without_placement(was):
                return None
            if new.kind not in PROPAGATION_KINDS and new != was:
                return None
            if new != was:
                edited[(rel, doc.index)] = new
    return edited


def _without_placement(policy: Any) -> Any:
    return replace(policy, spec={k: v for k, v in policy.spec.items() if k != "placement"})


def render_delta(repo: Path, out: Path, found: list[tuple[str, bytes]], known: Written, record: bytes,
                 write: WriteChanges, *, strict: bool = False) -> Patched | None:
    """Patch ``out`` for a placement-only policy edit; None when a full render is needed
    (nothing is written then). ``found`` is :func:`render.freshness.input_digests` of
    the repo; ``known`` and ``record`` what :func:`render.outtree.load_written` read;
    ``write`` what :func:`render.writing.changes_writer` gave for them (out/'s lock is
    held, and its spare's survey under way). See the module docstring."""
    snap = load_snapshot(out)
    if snap is None or snap.source != freshness.source_digest():
        return None
    if {rel for rel, _ in found} != snap.inputs.keys():
        return None
    digests = dict(found)
    changed = [rel for rel, digest in found if snap.inputs[rel] != digest]
    if not changed:
        return None
    if record != snap.written or not _bindings_as_written(out, known):
        return None
    edited = _edited_policies(repo, snap, changed)
    if edited is None:
        return None
    policies = {**snap.policies, **edited}
    refs = {ref_of(p) for p in edited.values()}
    groups = refs | set(snap.unstable.values())
    affected = [k for k in snap.objects_of(sorted(groups)) if k.policy in refs or not k.stable]
    if any(k.namespace_kind for k in affected):
        return None
    placed = _place(repo, snap, policies, affected)
    if placed is None:
        return None
    return _patch(repo, out, snap, policies, digests, known, affected, placed, changed, strict, groups,
                  set(edited), write)


def _bindings_as_written(out: Path, known: Mapping[str, Any]) -> bool:
    # The history the snapshot holds is bindings.yaml as written; a hand-edited one
    # is read by a full render.
    try:
        st = os.lstat(out / "bindings.yaml")
    except OSError:
        return False
    entry = known.get("bindings.yaml")
    return entry is not None and tuple(entry[0]) == (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


def _place(repo: Path, snap: Snapshot, policies: Mapping[tuple[str, int], Any],
           affected: list[Kept]) -> list[tuple[Binding, Unit]] | None:
    documents: dict[str, list[Document]] = {}
    manifests = []
    for kept in affected:
        if kept.file not in documents:
            try:
                documents[kept.file] = load_file(repo, kept.file) or []
            except RenderError:
                return None
        docs = documents[kept.file]
        if kept.document >= len(docs):
            return None
        manifests.append(manifest_of(docs[kept.document]))
    manifests.sort(key=lambda m: (m.key, m.file, m.index))  # the order a full render places them in
    propagation = tuple(p for p in policies.values() if p.kind in PROPAGATION_KINDS)
    inputs = Inputs(
        clusters=snap.clusters,
        propagation_policies=propagation,
        override_policies=tuple(p for p in policies.values() if p.kind not in PROPAGATION_KINDS),
        manifests=tuple(manifests),
        replica_fields=snap.replica_fields,
        previous={k.key: PreviousBinding(*k.previous) for k in affected},
        fleet_placements=snap.fleet_placements,
    )
    placer = Placer(inputs)
    by_ref = {ref_of(p): p for p in propagation}
    placed = []
    for manifest in manifests:
        unit, _, errors = placer.place(manifest)
        if unit is None or errors:
            return None  # a full render reports it
        binding = Binding(manifest, by_ref[unit.policy], unit.replicas, unit.result, unit.divided)
        placed.append((binding, unit))
    return placed


def _patch(repo: Path, out: Path, snap: Snapshot, policies: Mapping[tuple[str, int], Any],
           digests: dict[str, bytes], known: Written, affected: list[Kept],
           placed: list[tuple[Binding, Unit]], changed: list[str], strict: bool,
           groups: set[Any], edited: set[tuple[str, int]], write: WriteChanges) -> Patched | None:
    changes: dict[str, str | None] = {}
    touched: set[str] = set()
    for kept in affected:
        for path in kept.paths:
            changes[path] = None
            touched.add(path.partition("/")[0])
    kept_now = {(k.file, k.document): k for k in snap.objects_of(sorted(groups))}
    warnings = dict(snap.warnings)
    unstable = dict(snap.unstable)
    items: dict[int, str] = {}  # the re-placed objects' new items of bindings.yaml
    for binding, unit in placed:
        m = binding.manifest
        paths = []
        for c in unit.copies:
            if c.obj.get("kind") == "Namespace":
                return None
            path = f"{c.cluster}/{object_path(c.obj)}"
            if changes.get(path) is not None or (path in known and path not in changes):
                return None  # another object's file: a full render reports the clash
            changes[path] = c.text
            paths.append(path)
            touched.add(c.cluster)
        text = unit.listed or listing_item(binding_object(binding))
        if "'" in text or '"' in text:
            return None  # bindings.yaml would be emitted whole
        where = (m.file, m.index)
        old, now = kept_now[where], history(binding.result)
        kept_now[where] = old._replace(policy=unit.policy, previous=now, stable=old.previous == now,
                                       paths=tuple(paths))
        items[old.item] = text
        unstable.pop(where, None)
        if old.previous != now:
            unstable[where] = unit.policy
        warnings.pop(where, None)
        if unit.warnings:
            warnings[where] = tuple(unit.warnings)
    made = dict(snap.made)
    # each touched cluster's files
    held = {c: {path.partition("/")[2] for path in known.folder(c)} for c in touched}
    for cluster in sorted(touched):
        made[cluster] = _cluster_files(cluster, held[cluster], changes, snap, made.get(cluster, ()))
    listing = _listing(out, snap, items)
    if listing is None:
        return None
    changes["bindings.yaml"], order = listing[0], listing[1]
    unknown = [w for w in snap.unknown_names if (w.file, w.document) not in edited]
    unknown += iter_unknown_cluster_names([policies[key] for key in sorted(edited)], snap.clusters)
    located = _located(repo, snap, unknown, warnings, changed)
    found = sorted(set(located.values()), key=lambda w: (w.file or "", w.line or 0, str(w)))
    if strict and found:
        return None
    history_before = {k.key: PreviousBinding(*k.previous) for k in affected}
    moves = tuple(m.text() for m in replica_moves(history_before, [b for b, _ in placed]))
    written = write(changes)
    if written is None:
        return None
    out_print = (freshness.patched_fingerprint(snap.out_print, known, written, changes) if snap.out_print
                 else freshness.written_fingerprint(written))
    regrouped: dict[Any, list[Kept]] = {ref: [] for ref in groups}
    for kept in kept_now.values():
        regrouped.setdefault(kept.policy, []).append(kept)
    new = replace(snap, inputs=digests, policies=dict(policies), warnings=warnings, unstable=unstable,
                  unknown_names=tuple(unknown),
                  groups={**snap.groups, **{ref: group(k) for ref, k in regrouped.items()}}, items=order,
                  made={c: n for c, n in made.items() if n}, located=located, out_print=out_print,
                  counts=_counts(snap.counts, changes, known, written))
    new.written = save_written(out, written)
    save_snapshot(out, new)
    return Patched(found, moves, *new.counts, out_print)


def _counts(before: tuple[int, int], changes: Mapping[str, str | None], known: Written,
            written: Mapping[str, Any]) -> tuple[int, int]:
    # The objects and cluster folders of out/ after the changes, from those before:
    # counting them again would decode the record of every cluster folder.
    objects, folders = before
    for path in changes:
        if "/" in path:
            step = (path in written) - (path in known)
            if path.endswith("/kustomization.yaml"):
                folders += step
            else:
                objects += step
    return objects, folders


def _listing(out: Path, snap: Snapshot, items: Mapping[int, str]) -> tuple[str, bytes] | None:
    # bindings.yaml with the re-placed objects' items replaced where they sit (the
    # file is as the snapshot's render wrote it: its items are cut by their recorded
    # lengths), and the new lengths.
    try:
        text = (out / "bindings.yaml").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    lengths = array("q")
    lengths.frombytes(snap.items)
    starts = [0, *accumulate(lengths)]
    if not (lengths and text.startswith(LISTING_HEAD) and text.endswith(LISTING_TAIL)
            and len(LISTING_HEAD) + starts[-1] + len(LISTING_TAIL) == len(text)):
        return None
    pieces, at = [], 0
    body = text[len(LISTING_HEAD):len(text) - len(LISTING_TAIL)]
    for item in sorted(items):
        pieces += [body[at:starts[item]], items[item]]
        at = starts[item] + lengths[item]
        lengths[item] = len(items[item])
    pieces.append(body[at:])
    return LISTING_HEAD + "".join(pieces) + LISTING_TAIL, lengths.tobytes()


def _cluster_files(cluster: str, paths: set[str], changes: dict[str, str | None],
                   snap: Snapshot, made_before: tuple[str, ...]) -> tuple[str, ...]:
    # The cluster's Namespace objects and kustomization.yaml, after the changes
    # (paths: its files before them).
    prefix = cluster + "/"
    made_paths = {f"_cluster/namespace_{n}.yaml" for n in made_before}
    paths |= {p[len(prefix):] for p, t in changes.items() if p.startswith(prefix) and t is not None}
    paths -= {p[len(prefix):] for p, t in changes.items() if p.startswith(prefix) and t is None}
    paths.discard("kustomization.yaml")
    paths -= made_paths
    stand_ins: list[dict[str, Any]] = [
        {"metadata": {"namespace": p.partition("/")[0]}} for p in paths if not p.startswith("_cluster/")]
    stand_ins += [{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": n}}
                  for n in snap.present.get(cluster, ())]
    made = namespace_objects(stand_ins, snap.declared)
    for name in made_before:
        changes[f"{prefix}_cluster/namespace_{name}.yaml"] = None
    for obj in made:
        path = object_path(obj)
        changes[prefix + path] = dump(obj)
        paths.add(path)
    changes[prefix + "kustomization.yaml"] = kustomization(paths)
    return tuple(o["metadata"]["name"] for o in made)


def _located(repo: Path, snap: Snapshot, unknown: list[Finding],
             warnings: Mapping[tuple[str, int], tuple[Finding, ...]], changed: list[str]) -> dict[Finding, Finding]:
    # A full render's warnings: the reading's and the ambiguities (neither reads a
    # placement), each object's, and the cluster names the policies name.
    raw = list(unknown)
    raw += snap.read_warnings
    raw += snap.ambiguities
    for found in warnings.values():
        raw += found
    files = set(changed)
    located = {}
    for w in redact_values(raw, snap.secrets):
        hit = snap.located.get(w) if w.file not in files else None
        located[w] = hit if hit is not None else locate(repo, w)
    return located
