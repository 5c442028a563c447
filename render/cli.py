"""The fleet-render command line: a thin click shell over the core."""

from __future__ import annotations

import contextlib
import importlib
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import click

from render import DEFAULT_KUBERNETES_VERSION
from render.errors import RenderError

if TYPE_CHECKING:
    from render.editing import EditResult
    from render.pipeline import RenderPlan


class _Lazy:
    """A core module imported on first use: `render` on an up-to-date repo, `--help` and
    the editing commands then start without loading the schema, template and git stacks."""

    def __init__(self, name: str) -> None:
        self._name = f"render.{name}"

    def __getattr__(self, attr: str) -> Any:
        return getattr(importlib.import_module(self._name), attr)


editing, freshness, kubeschema, report, runner, sharding, validation = (
    _Lazy(name)
    for name in ("editing", "freshness", "kubeschema", "report", "runner", "sharding", "validation")
)

EXIT_DIFFERENCES = 1
EXIT_INVALID = 2
EXIT_BUG = 3


class RenderFailed(click.ClickException):
    """Input errors: every finding on stderr, exit 2."""

    exit_code = EXIT_INVALID

    def __init__(self, error: RenderError) -> None:
        super().__init__(str(error))
        self.error = error

    def show(self, file=None) -> None:  # type: ignore[no-untyped-def]
        for finding in self.error.findings:
            click.echo(str(finding), err=True)
        count = len(self.error.findings)
        click.echo(
            f"fleet-render: {count} error{'s' if count != 1 else ''}; out/ left unchanged",
            err=True,
        )


repo_option = click.option(
    "--repo",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    default=Path("."),
    show_default=True,
    help="The fleet repo (fleets/, policies/, apps/).",
)


@click.group()
@click.version_option(package_name="fleet-render")
def cli() -> None:
    """Render Kurator fleets and Karmada policies into one folder per member cluster."""


@contextlib.contextmanager
def progress_bar(quiet: bool) -> Iterator[Callable[[int, int, int], None] | None]:
    """A bar of clusters written (and objects) on a terminal; nothing otherwise."""
    if quiet or not sys.stderr.isatty():
        yield None
        return
    with click.progressbar(length=1, label="writing clusters", file=sys.stderr,
                           show_pos=True) as bar:
        def advance(done: int, total: int, objects: int) -> None:
            bar.length = total
            bar.label = f"writing clusters ({objects} objects)"
            bar.update(done - bar.pos)

        yield advance


def _usable_cpus() -> int:
    # The CPUs this process may run on (a container's cgroup share shows here), and
    # one where fork is not the norm: workers are forked (render.sharding).
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return 1


@cli.command("render")
@repo_option
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Output folder (default: <repo>/out).",
)
@click.option(
    "--fresh",
    is_flag=True,
    help="Ignore the previous scheduling result (Karmada's Fresh reschedule).",
)
@click.option("--strict", is_flag=True, help="Treat every warning as an error.")
@click.option("--jobs", "-j", type=click.IntRange(0, 256), default=0, show_default=True,
              help="Worker processes; 0: one per CPU (the output is the same for any number).")
@click.option("--shard", default=None, metavar="I/N",
              help="Render only shard I of N (clusters split by a hash of their name); see `merge`.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def render_command(repo: Path, out: Path | None, fresh: bool, strict: bool, jobs: int, shard: str | None,
                   quiet: bool) -> None:
    """Render the repo into out/<cluster>/ folders."""
    previous = repo / "out"
    out = out or previous
    jobs = jobs or _usable_cpus()
    try:
        part = sharding.parse_shard(shard) if shard else None
        with progress_bar(quiet) as progress:
            checked = freshness.unchanged(repo, out, fresh) if part is None else (None, None)
            state = checked[1]
            if state is not None and not (strict and state.warnings):
                rendered = freshness.replay(state)  # without loading the core at all
            elif part is None:
                rendered = runner.render_if_stale(repo, out, fresh=fresh, strict=strict, jobs=jobs,
                                                  progress=progress, checked=checked)
            else:
                report = runner.render(repo, out, fresh=fresh, strict=strict, shard=part, previous=previous,
                                       progress=progress)
                rendered = runner.outcome_of(report)
    except RenderError as e:
        raise RenderFailed(e) from e
    for warning in rendered.warnings:
        click.echo(str(warning), err=True)
    for move in rendered.moves:
        click.echo(move)
    state = "up to date: " if rendered.up_to_date else ""
    click.echo(f"{state}rendered {rendered.objects} objects into {rendered.folders} cluster folders under {out}")


@cli.command("merge")
@click.argument("shards", nargs=-1, required=True, type=click.Path(file_okay=False, exists=True, path_type=Path))
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Where the merged output goes (usually <repo>/out).")
def merge_command(shards: tuple[Path, ...], out: Path) -> None:
    """Combine the outputs of `render --shard I/N` (every I) into one out/."""
    try:
        count = runner.merge(list(shards), out)
    except RenderError as e:
        raise RenderFailed(e) from e
    click.echo(f"merged {len(shards)} shards into {out} ({count} files)")


@cli.command("check")
@repo_option
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Output folder to check (default: <repo>/out).",
)
@click.option("--strict", is_flag=True, help="Treat every warning as an error.")
def check_command(repo: Path, out: Path | None, strict: bool) -> None:
    """Exit 1 when out/ is not what a render would write now (the CI drift gate)."""
    out = out or repo / "out"
    try:
        _, state = freshness.unchanged(repo, out, False)
        if state is not None and not (strict and state.warnings):
            changes = []  # as the last render left them: answered without loading the core
        else:
            changes = runner.check(repo, out, strict=strict)
    except RenderError as e:
        raise RenderFailed(e) from e
    for status, path in changes:
        click.echo(f"{status}: {out / path}")
    if changes:
        click.echo(
            f"{out} is stale: {len(changes)} file(s) differ; run `fleet-render render`",
            err=True,
        )
        sys.exit(EXIT_DIFFERENCES)
    click.echo(f"{out} is up to date")


@cli.command("diff")
@repo_option
@click.argument("base_ref", required=False)
@click.option(
    "--output",
    "fmt",
    type=click.Choice(["text", "json", "markdown"]),
    default="text",
    show_default=True,
)
@click.option(
    "--exit-code",
    is_flag=True,
    help="Exit 1 when there are differences, as git diff does.",
)
def diff_command(repo: Path, base_ref: str | None, fmt: str, exit_code: bool) -> None:
    """Show what the change since BASE_REF does to every cluster (default: merge base with the default branch)."""
    try:
        result = runner.diff(repo, base_ref)
    except RenderError as e:
        raise RenderFailed(e) from e
    from render import diffreport

    formats = {"text": diffreport.diff_text, "json": diffreport.diff_json}
    click.echo(formats.get(fmt, diffreport.diff_markdown)(result), nl=False)
    if exit_code and not result.empty:
        sys.exit(EXIT_DIFFERENCES)


output_option = click.option(
    "--output",
    "fmt",
    type=click.Choice(["text", "json", "markdown"]),
    default="text",
    show_default=True,
)


@cli.group("get")
def get_group() -> None:
    """List clusters or bindings, like Karmada's `get clusters` / `get resourcebindings`."""


@get_group.command("clusters")
@repo_option
@output_option
def get_clusters(repo: Path, fmt: str) -> None:
    """Every member cluster: fleet, topology, taints, capacity, objects and replicas received."""
    click.echo(report.clusters_table(_plan_of(repo), fmt), nl=False)


def _plan_of(repo: Path) -> RenderPlan:
    try:
        return runner.build(repo, repo / "out").plan
    except RenderError as e:
        raise RenderFailed(e) from e


@get_group.command("bindings")
@repo_option
@output_option
def get_bindings(repo: Path, fmt: str) -> None:
    """Every placed object: its policy, clusters and replicas."""
    click.echo(report.bindings_table(_plan_of(repo), fmt), nl=False)


@cli.command("bootstrap")
@click.argument("tool", type=click.Choice(["argocd", "flux"]))
@repo_option
@click.option(
    "--repo-url",
    help="Git URL Argo CD / Flux clone (default: the origin remote of --repo).",
)
@click.option(
    "--revision",
    default="main",
    show_default=True,
    help="Branch, tag or commit to sync (Flux: a 40-hex commit, a refs/... name, else a branch).",
)
@click.option(
    "-o",
    "--output",
    type=click.File("w", encoding="utf-8", lazy=True),
    default="-",
    help="Write to FILE instead of stdout.",
)
def bootstrap_command(
    tool: str, repo: Path, repo_url: str | None, revision: str, output: TextIO
) -> None:
    """Print the Argo CD ApplicationSet or Flux objects that sync out/<cluster>/ to that cluster."""
    from render import bootstrap, gitops

    out = repo / "out"
    try:
        clusters = bootstrap.check_clusters(_cluster_folders(out), out.as_posix())
        url = repo_url or gitops.origin_url(repo)
        if not url:
            raise click.UsageError(
                f"{repo} has no git remote named origin: pass --repo-url"
            )
        source = bootstrap.GitSource(url, revision, _path_in_git(out))
        output.write(
            bootstrap.dump_objects(bootstrap.bootstrap_objects(tool, clusters, source))  # type: ignore[arg-type]
        )
    except RenderError as e:
        raise RenderFailed(e) from e


def _cluster_folders(out: Path) -> list[str]:
    # A cluster folder is one the renderer wrote: it always holds a kustomization.yaml.
    if not out.is_dir():
        return []
    return [
        p.name
        for p in out.iterdir()
        if p.is_dir() and (p / "kustomization.yaml").is_file()
    ]


def _path_in_git(folder: Path) -> str:
    # Argo CD and Flux name paths from the root of the git repository, which is above
    # the fleet repo when that is a subfolder of a monorepo.
    folder = folder.resolve()
    for root in folder.parents:
        if (root / ".git").exists():
            return folder.relative_to(root).as_posix()
    return folder.name


class EditFailed(RenderFailed):
    """An edit refused: every finding on stderr, exit 2, and no file changed."""

    def show(self, file=None) -> None:  # type: ignore[no-untyped-def]
        for finding in self.error.findings:
            click.echo(str(finding), err=True)
        click.echo("fleet-render: no file changed", err=True)


def _report_edit(edit: Callable[[], EditResult]) -> None:
    try:
        result = edit()
    except RenderError as e:
        raise EditFailed(e) from e
    click.echo(result.message)
    for change in result.changes:
        click.echo(f"  {change}")
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)


@cli.group("cluster")
def cluster_group() -> None:
    """Edit a member cluster in fleets/ in place: cordon, uncordon, taint."""


@cluster_group.command("cordon")
@repo_option
@click.argument("name")
def cluster_cordon(repo: Path, name: str) -> None:
    """Taint NAME cluster.karmada.io/unschedulable:NoSchedule, as karmadactl cordon does."""
    _report_edit(lambda: editing.cordon_cluster(repo, name))


@cluster_group.command("uncordon")
@repo_option
@click.argument("name")
def cluster_uncordon(repo: Path, name: str) -> None:
    """Remove the cluster.karmada.io/unschedulable:NoSchedule taint from NAME."""
    _report_edit(lambda: editing.cordon_cluster(repo, name, cordon=False))


@cluster_group.command("taint")
@repo_option
@click.option(
    "--overwrite",
    is_flag=True,
    help="Let KEY=VALUE:EFFECT replace the value of an existing taint.",
)
@click.argument("name")
@click.argument("specs", nargs=-1, metavar="KEY[=VALUE]:EFFECT | KEY[:EFFECT]- ...")
def cluster_taint(
    repo: Path, overwrite: bool, name: str, specs: tuple[str, ...]
) -> None:
    """Add, change or remove taints of NAME with kubectl's taint syntax."""
    _report_edit(lambda: editing.taint_cluster(repo, name, specs, overwrite=overwrite))


@cli.group("canary")
def canary_group() -> None:
    """Shift traffic between the two destinations of an Istio VirtualService in apps/."""


def _canary_options(command: Callable[..., None]) -> Callable[..., None]:
    command = click.option("-n", "--namespace", help="The VirtualService's namespace.")(
        command
    )
    command = click.option(
        "--subset",
        help="The canary's destination.subset (default: the lighter destination).",
    )(command)
    return repo_option(click.argument("name")(command))


@canary_group.command("set")
@_canary_options
@click.option(
    "--weight",
    type=int,
    required=True,
    help="Percent of the traffic for the canary, 0..100.",
)
def canary_set(
    repo: Path, name: str, subset: str | None, namespace: str | None, weight: int
) -> None:
    """Send WEIGHT percent of NAME's two-destination routes to the canary, the rest to the other."""
    _report_edit(
        lambda: editing.shift_canary(
            repo, name, weight, subset=subset, namespace=namespace
        )
    )


@canary_group.command("promote")
@_canary_options
def canary_promote(
    repo: Path, name: str, subset: str | None, namespace: str | None
) -> None:
    """Send all traffic to the canary (canary 100, other 0)."""
    _report_edit(
        lambda: editing.shift_canary(
            repo, name, 100, subset=subset, namespace=namespace, verb="promoted"
        )
    )


@canary_group.command("abort")
@_canary_options
def canary_abort(
    repo: Path, name: str, subset: str | None, namespace: str | None
) -> None:
    """Send all traffic back to the stable destination (canary 0, other 100)."""
    _report_edit(
        lambda: editing.shift_canary(
            repo, name, 0, subset=subset, namespace=namespace, verb="aborted"
        )
    )


@cli.command("validate")
@repo_option
@click.option(
    "--kubernetes-version",
    default=DEFAULT_KUBERNETES_VERSION,
    show_default=True,
    help="Kubernetes version whose schemas the rendered objects must satisfy.",
)
@click.option("--strict", is_flag=True, help="Treat every warning as an error.")
def validate_command(repo: Path, kubernetes_version: str, strict: bool) -> None:
    """Check the inputs against their schemas, then the rendered objects against Kubernetes'."""
    try:
        built = runner.build(repo, repo / "out", strict=strict)
        result = kubeschema.validate_manifests(built.files, kubernetes_version)
    except RenderError as e:
        raise RenderFailed(e) from e
    for warning in built.warnings:
        click.echo(str(warning), err=True)
    click.echo(report.validation_text(result), nl=False)
    if result.failed:
        sys.exit(EXIT_INVALID)


@cli.command("schema")
@click.argument("kind")
@click.option(
    "--draft",
    type=click.Choice(["2020-12", "07"]),
    default="2020-12",
    show_default=True,
    help="JSON Schema dialect; 07 for yaml-language-server, which implements draft-07.",
)
def schema_command(kind: str, draft: str) -> None:
    """Print the JSON Schema of an input kind (Fleet, PropagationPolicy, OverridePolicy, ...) for editors."""
    from render.editorschema import as_draft_07

    try:
        schema = validation.schema_for(kind)
    except RenderError as e:
        raise RenderFailed(e) from e
    if draft == "07":
        schema = as_draft_07(schema)
    import json

    click.echo(json.dumps(schema, indent=2, sort_keys=True))


@cli.command("explain")
@repo_option
@click.argument("ref", metavar="KIND/NAME")
@click.option(
    "-n",
    "--namespace",
    default=None,
    help="The object's namespace (when the name is ambiguous).",
)
@output_option
def explain_command(repo: Path, ref: str, namespace: str | None, fmt: str) -> None:
    """Why KIND/NAME landed where it did: policies, cluster filters, replica arithmetic, overrides."""
    kind, sep, name = ref.partition("/")
    if not sep or not kind or not name:
        raise click.UsageError("expected KIND/NAME, e.g. deployment/nginx")
    try:
        result = runner.explain(repo, kind, name, namespace)
    except RenderError as e:
        raise RenderFailed(e) from e
    click.echo(report.explanation(result, fmt), nl=False)


def main() -> None:
    """Entry point with the one error boundary: anything unexpected is a bug, exit 3."""
    try:
        cli.main(standalone_mode=False)
    except click.ClickException as e:
        e.show()
        sys.exit(e.exit_code)
    except click.exceptions.Abort:
        sys.exit(130)
    except click.exceptions.Exit as e:
        sys.exit(e.exit_code)
    except Exception:  # noqa: BLE001 - the boundary: report the bug, never a bare traceback
        click.echo(
            "fleet-render: unexpected error (a bug; please report it):", err=True
        )
        import traceback  # only for a bug: not loaded by every command

        click.echo(traceback.format_exc(), err=True)
        sys.exit(EXIT_BUG)


def command_line() -> None:
    """The process's entry point (``fleet-render``, ``python -m render``): :func:`main`,
    then, once it succeeded and its output is flushed, the process leaves at once. What
    a render built (a gigabyte at 1,000 clusters) is not freed object by object, half
    a second, only for the process to end."""
    main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # a closed pipe: the interpreter's own exit reports it
        return
    os._exit(0)

