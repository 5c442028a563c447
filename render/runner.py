"""One render from repo to out/: read, plan, check warnings, write."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from render import explaining, gitops
from render.diffing import FleetDiff, diff_files, diff_replicas, replica_cells
from render.errors import Finding, RenderError
from render.explaining import Explanation
from render.inputs import Inputs, read_inputs
from render.loading import locate
from render.moves import ReplicaMove, replica_moves
from render.output import compare_tree, render_files, write_tree
from render.pipeline import RenderPlan, plan
from render.redaction import redact_findings


@dataclass
class RenderReport:
    """What a render did: the plan, its files, and the warnings to show."""

    inputs: Inputs
    plan: RenderPlan
    files: dict[str, str]
    warnings: list[Finding] = field(default_factory=list)

    @property
    def moves(self) -> list[ReplicaMove]:
        """Per workload, the clusters that lost or gained replicas since the last out/."""
        return replica_moves(self.inputs.previous, self.plan.bindings)


def build(
    repo: Path, out: Path | None = None, *, fresh: bool = False, strict: bool = False
) -> RenderReport:
    """Read and plan a repo, and produce the output files, without writing anything.

    Raises:
        RenderError: every input error; with ``strict``, warnings count as errors.
    """
    inputs = read_inputs(repo, out)
    try:
        result = plan(inputs, fresh=fresh)
    except RenderError as e:
        located = [locate(repo, f) for f in e.findings]
        raise RenderError(redact_findings(located, inputs.manifests)) from e
    warnings = sorted(
        {locate(repo, w) for w in redact_findings(result.warnings, inputs.manifests)},
        key=lambda w: (w.file or "", w.line or 0, str(w)),
    )
    if strict and warnings:
        raise RenderError([replace(w, severity="error") for w in warnings])
    return RenderReport(inputs, result, render_files(result), warnings)


def render(
    repo: Path, out: Path, *, fresh: bool = False, strict: bool = False
) -> RenderReport:
    """Render the repo into ``out`` (replaced atomically; untouched on any error)."""
    report = build(repo, out, fresh=fresh, strict=strict)
    write_tree(report.files, out)
    return report


def check(repo: Path, out: Path, *, strict: bool = False) -> list[tuple[str, str]]:
    """Compare ``out`` with what a render would write now; empty when up to date.

    The previous bindings come from ``out`` itself, so an up-to-date ``out`` is a
    fixed point.
    """
    report = build(repo, out, strict=strict)
    return compare_tree(report.files, out)


def diff(repo: Path, base_ref: str | None = None) -> FleetDiff:
    """Render the repo at ``base_ref`` (default: merge base with the default branch) and now, and compare."""
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
    built = build(repo, repo / "out")
    return explaining.explain(built.inputs, built.plan, kind, name, namespace)
