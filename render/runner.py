"""One render from repo to out/: read, plan, check warnings, write."""

from __future__ import annotations

import contextlib
import gc
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from render import freshness, records
from render.errors import Finding, RenderError
from render.freshness import Outcome
from render.outtree import Known, load_written, save_written
from render.writing import Progress, changes_writer

if TYPE_CHECKING:  # the core loads when a render needs it (see render_if_stale)
    from render.delta import Patched
    from render.diffing import FleetDiff
    from render.explaining import Explanation
    from render.inputs import Inputs
    from render.moves import ReplicaMove
    from render.pipeline import RenderPlan
    from render.readcache import ReadRecord
    from render.reuse import Reuse


@dataclass
class RenderReport:
    """What a render did: the plan, its files, and the warnings to show."""

    inputs: Inputs
    plan: RenderPlan
    files: dict[str, str]
    warnings: list[Finding] = field(default_factory=list)
    reuse: Reuse | None = None
    out_record: ReadRecord | None = None  # the output folder's (bindings.yaml)
    written: Known | None = None  # what writing out/ left there (render only)
    written_record: bytes = b""  # the digest of its record (render.outtree.save_written)
    located: dict[Finding, Finding] = field(default_factory=dict)  # each warning as found -> with its line

    @property
    def object_count(self) -> int:
        """Objects written into cluster folders."""
        return sum(1 for p in self.files if "/" in p and not p.endswith("/kustomization.yaml"))

    @property
    def moves(self) -> list[ReplicaMove]:
        """Per workload, the clusters that lost or gained replicas since the last out/."""
        from render.moves import replica_moves

        return replica_moves(self.inputs.previous, self.plan.bindings)


def build(
    repo: Path,
    out: Path | None = None,
    *,
    fresh: bool = False,
    strict: bool = False,
    shard: tuple[int, int] | None = None,
    jobs: int = 1,
    reuse: bool = False,
    verdicts: bool = False,
    planned: Callable[[RenderPlan, Reuse | None, ReadRecord | None], None] | None = None,
) -> RenderReport:
    """Read and plan a repo, and produce the output files, without writing anything.

    Args:
        repo: the fleet repo.
        out: its output folder, whose bindings.yaml is the previous result.
        fresh: Karmada's Fresh reschedule.
        strict: warnings are errors.
        shard: ``(I, N)``: the files of shard I's clusters only (and bindings.yaml).
        jobs: worker processes sharing the objects; the files are the same.
        reuse: take what the last render into ``out`` decided for objects whose
            inputs did not change (:mod:`render.reuse`); the files are the same.
        verdicts: keep each cluster's scheduling verdict (for ``explain``).
        planned: called with the plan, the units to record and the record of ``out``
            once the plan is made, before the files are.

    Raises:
        RenderError: every input error; with ``strict``, warnings count as errors.
    """
    from render import forking

    try:
        with _few_collections():
            return _build(repo, out, fresh=fresh, strict=strict, shard=shard, jobs=jobs, reuse=reuse,
                          verdicts=verdicts, planned=planned)
    finally:
        forking.reap()  # the helpers that answered (render.forking.join)


@contextlib.contextmanager
def _few_collections() -> Iterator[None]:
    # A render makes millions of small objects and frees few before it ends: with
    # Python's default thresholds the cyclic collector rescans them all again and
    # again (a third of the placing time at 1,000 workloads). Collections stay rare
    # while the render runs, and what the inputs hold is frozen out of them; frozen
    # objects are also never touched by the collector in forked workers, whose
    # copy-on-write pages stay shared.
    threshold = gc.get_threshold()
    gc.set_threshold(100_000, 50, 100)
    try:
        yield
    finally:
        gc.unfreeze()  # a long-lived caller (the tests) must get its memory back
        gc.set_threshold(*threshold)


def _build(
    repo: Path,
    out: Path | None,
    *,
    fresh: bool,
    strict: bool,
    shard: tuple[int, int] | None,
    jobs: int,
    reuse: bool,
    verdicts: bool,
    planned: Callable[[RenderPlan, Reuse | None, ReadRecord | None], None] | None,
) -> RenderReport:
    from render.inputs import read_inputs
    from render.loading import locate
    from render.output import render_files
    from render.pipeline import plan
    from render.readcache import ReadRecord
    from render.redaction import redact_findings
    from render.reuse import Reuse
    from render.sharding import clusters_of

    record = out_record = None
    if reuse:
        record = ReadRecord.for_repo(repo, freshness.source_digest())
        out_record = ReadRecord.for_repo(out, freshness.source_digest()) if out else None
    inputs = read_inputs(repo, out, record, out_record, jobs=jobs)
    gc.freeze()
    names = [c.name for c in inputs.clusters]
    units = None
    try:
        subset = None if shard is None else clusters_of(names, shard)
        if reuse and out is not None and subset is None:
            units = Reuse.for_render(inputs, out, fresh, freshness.source_digest(), record)
        result = plan(inputs, fresh=fresh, clusters=subset, reuse=units, jobs=jobs, verdicts=verdicts)
        if planned is not None:
            planned(result, units, out_record)
        files, raw = render_files(result, shard), result.warnings
    except RenderError as e:
        errors = [locate(repo, f) for f in e.findings]
        raise RenderError(redact_findings(errors, inputs.manifests)) from e
    located = {w: locate(repo, w) for w in redact_findings(raw, inputs.manifests)}
    warnings = sorted(set(located.values()), key=lambda w: (w.file or "", w.line or 0, str(w)))
    if strict and warnings:
        raise RenderError([replace(w, severity="error") for w in warnings])
    return RenderReport(inputs, result, files, warnings, units, out_record, located=located)


# The last render's report, kept until the next one: freeing a whole plan object by
# object takes 0.4-0.5 s at 1,000 clusters, and the command line ends its process
# without that (render.cli.command_line); a long-lived caller frees it as it renders again.
_LAST: list[RenderReport] = []


def render(
    repo: Path,
    out: Path,
    *,
    fresh: bool = False,
    strict: bool = False,
    shard: tuple[int, int] | None = None,
    jobs: int = 1,
    previous: Path | None = None,
    progress: Progress | None = None,
) -> RenderReport:
    """Render the repo into ``out`` (replaced atomically; untouched on any error).

    ``previous`` is the folder whose bindings.yaml holds the previous result
    (default: ``out``; a shard written elsewhere reads the repo's out/).
    """
    from render import forking, snapshot
    from render.output import write_tree

    snapshot.forget(out)  # it describes out/ as the last render left it
    _LAST.clear()  # not two plans at once
    # The whole render, writing and records included: once the plan is held, every
    # full collection would walk it again (seconds at 1,000 clusters).
    with _few_collections():
        # With workers allowed, a forked child saves the records from the plan on, while
        # this process makes the files and writes them (a CPU that would be idle then).
        savers: list[int | None] = []

        def save_beside(made: RenderPlan, units: Reuse | None, record: ReadRecord | None) -> None:
            savers.append(_fork(lambda: _save_records(made, units, record, out)))

        try:
            report = build(repo, previous or out, fresh=fresh, strict=strict, shard=shard, jobs=jobs,
                           reuse=previous is None, planned=save_beside if jobs > 1 else None)
            # What the last write left: its untouched files are compared by digest, not read back.
            last, _ = load_written(out)
            known = write_tree(report.files, out, progress=progress, known=last, jobs=jobs)
        finally:
            for saver in savers:
                if saver is not None:
                    os.waitpid(saver, 0)  # the records are there when the render returns
            forking.reap()
        report.written_record = save_written(out, known)
        report.written = known
        if not savers:
            _save_records(report.plan, report.reuse, report.out_record, out, report.files["bindings.yaml"])
    _LAST[:] = [report]
    return report


def _save_records(made: RenderPlan, units: Reuse | None, record: ReadRecord | None, out: Path,
                  text: str | None = None) -> None:
    # The units this render made, and what the next render reads back as its history
    # (bindings.yaml, already parsed; ``text`` where the files are made already).
    from render.inputs import BINDINGS_FILE
    from render.loading import Document
    from render.output import bindings_text, listing_of

    if text is None:
        text = bindings_text(made)  # also each binding's item, for the units
    if units is not None:
        units.remember_listed(made.bindings, made.listed)
        units.save(out)
    if record is not None:
        record.remember(BINDINGS_FILE, text, [Document(listing_of(made), BINDINGS_FILE, 0)])
        record.save()


def _fork(work: Callable[[], None]) -> int | None:
    """Run ``work`` in a forked child (its pid), or here when forking fails (None).

    The child leaves with os._exit: no clean-up handler of this process (the lock,
    the tests' fixtures) runs twice, and a gigabyte of objects is not freed one by one.
    """
    try:
        pid = os.fork()
    except (OSError, AttributeError):  # cannot fork now, or not on this system
        work()
        return None
    if pid == 0:
        code = 1
        try:
            work()
            code = 0
        finally:
            os._exit(code)
    return pid


def outcome_of(report: RenderReport) -> Outcome:
    """The command line's summary of a finished render."""
    folders = sum(1 for p in report.files if p.endswith("/kustomization.yaml"))
    moves = tuple(m.text() for m in report.moves)
    return Outcome(tuple(report.warnings), moves, report.object_count, folders)


def render_if_stale(
    repo: Path,
    out: Path,
    *,
    fresh: bool = False,
    strict: bool = False,
    jobs: int = 1,
    progress: Progress | None = None,
    checked: tuple[str | None, freshness.State | None] | None = None,
) -> Outcome:
    """Render unless the inputs and ``out`` are exactly as the last render left them.

    The shortcut replays the last render's warnings (and --strict still fails on
    them); anything it cannot vouch for means a full render. ``checked`` is what
    :func:`freshness.unchanged` already answered, so the inputs are hashed once.
    """
    fingerprint, state = checked or freshness.unchanged(repo, out, fresh)
    if state is not None and not (strict and state.warnings):  # strict: fail the long way
        return freshness.replay(state)
    digests = None if fresh else freshness.digests_behind(fingerprint)
    if digests is None and not fresh:
        digests = freshness.input_digests(repo)
        if digests is None or freshness.input_fingerprint(repo, ("render", fresh), digests) != fingerprint:
            digests = None  # changed since it was checked: no patching, no snapshot
    freshness.forget(out)
    if digests is not None:
        patched = _patched(repo, out, digests, strict=strict, jobs=jobs)
        if patched is not None:
            outcome = Outcome(tuple(patched.warnings), patched.moves, patched.objects, patched.folders)
            freshness.save(out, freshness.State(fingerprint or "", patched.out_print,
                                                tuple(str(w) for w in patched.warnings), outcome.objects,
                                                outcome.folders))
            return outcome
    with _few_collections():  # the summary and the state still see the whole plan
        report = render(repo, out, fresh=fresh, strict=strict, jobs=jobs, progress=progress)
        outcome = outcome_of(report)
        if fingerprint is not None:
            left = report.written
            # every file of out/ is one the write knows (all of them, unless up to date)
            done = (freshness.written_fingerprint(left) if left is not None and len(left) == len(report.files)
                    else freshness.out_fingerprint(out))
            if digests is not None and done is not None:
                _keep_snapshot(report, out, digests, done, (outcome.objects, outcome.folders))
            warnings = tuple(str(w) for w in report.warnings)
            freshness.save(out, freshness.State(fingerprint, done or "", warnings, outcome.objects,
                                                outcome.folders))
    return outcome


def _patched(repo: Path, out: Path, digests: list[tuple[str, bytes]], *, strict: bool, jobs: int) -> Patched | None:
    # render.delta, when the last full render kept its snapshot. out/'s lock is taken
    # and the survey of its spare begun before the placing core loads, so the survey
    # runs beside that and the delta's planning (render.writing.changes_writer).
    if not os.path.exists(records.record_path(out, "snapshot")):
        return None
    known, record = load_written(out)
    if known is None:
        return None
    with changes_writer(out, known, jobs=jobs) as write:
        from render.delta import render_delta  # the placing core loads here

        return render_delta(repo, out, digests, known, record, write, strict=strict)


def _keep_snapshot(report: RenderReport, out: Path, digests: list[tuple[str, bytes]], out_print: str,
                   counts: tuple[int, int]) -> None:
    # What render.delta patches next time: only with the record of what was written.
    from render import snapshot

    if not report.written_record:
        return
    kept = snapshot.take(report.inputs, report.plan, digests, freshness.source_digest(), report.written_record)
    if kept is not None:
        kept.located = dict(report.located)
        kept.out_print = out_print
        kept.counts = counts
    snapshot.save(out, kept)


def merge(shards: list[Path], out: Path) -> int:
    """Combine shard outputs into ``out``; returns the number of files written.

    Raises:
        RenderError: a shard holds anything but folders and regular files (a link or
            a FIFO is never followed into the merged output), or the shards do not fit.
    """
    for shard in shards:
        odd = next((p for p in sorted(shard.rglob("*")) if p.is_symlink() or not (p.is_dir() or p.is_file())),
                   None)
        if odd is not None or shard.is_symlink():
            where = (odd or shard).relative_to(shard.parent)
            raise RenderError.single(f"{where} in a shard is not a regular file or folder", stage="write")
    from render import snapshot
    from render.output import read_tree, write_tree
    from render.sharding import merge_shards

    files = merge_shards([read_tree(s) for s in shards], [str(s) for s in shards])
    snapshot.forget(out)
    write_tree(files, out)
    return len(files)


def check(repo: Path, out: Path, *, strict: bool = False) -> list[tuple[str, str]]:
    """Compare ``out`` with what a render would write now; empty when up to date.

    The previous bindings come from ``out`` itself, so an up-to-date ``out`` is a
    fixed point.
    """
    _, state = freshness.unchanged(repo, out, False)
    if state is not None and not (strict and state.warnings):
        return []  # the inputs and out/ are as the last render left them
    from render.output import compare_tree

    report = build(repo, out, strict=strict, reuse=True)
    return compare_tree(report.files, out)


def diff(repo: Path, base_ref: str | None = None) -> FleetDiff:
    """Render the repo at ``base_ref`` (default: merge base with the default branch) and now, and compare."""
    from render import gitops
    from render.diffing import FleetDiff, diff_files, diff_replicas, replica_cells

    if base_ref:
        base, commit = base_ref, gitops.resolve_commit(repo, base_ref)
    else:
        branch, commit = gitops.default_base(repo)
        base = f"the merge base with {branch}"
    with gitops.checkout_inputs(repo, commit) as base_repo:
        try:
            old = build(base_repo, base_repo / "out")
        except RenderError as e:
            # Name the files git's way, REV:PATH, so nobody looks for them in the work tree.
            raise RenderError(
                [replace(f, file=f"{commit[:12]}:{f.file}" if f.file else None)
                 for f in e.findings]
            ) from e
    new = build(repo, repo / "out")
    return FleetDiff(
        base=base,
        commit=commit,
        files=diff_files(old.files, new.files),
        replicas=diff_replicas(
            replica_cells(old.plan.bindings), replica_cells(new.plan.bindings)
        ),
    )


def explain(
    repo: Path, kind: str, name: str, namespace: str | None = None
) -> Explanation:
    """Why one object of apps/ lands where it does."""
    from render import explaining

    built = build(repo, repo / "out", verdicts=True)
    return explaining.explain(built.inputs, built.plan, kind, name, namespace)
