"""Reusing the last render's work (render.reuse): the same files as a render from nothing.

Each edit below is applied to a copy of the example repo that was rendered before
(its record warm), and to a second copy rendered only now (no record). The two
outputs and warnings must be identical, and the warm one must have re-made only the
objects the edit can touch.
"""

from __future__ import annotations

import marshal
import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from render import runner
from render.errors import RenderError
from render.inputs import BINDINGS_FILE
from render.reuse import record_path
from render.writing import read_tree
from tests.conftest import REPO_ROOT, edit_file, write_repo


def _example(tmp: Path, name: str) -> Path:
    repo = tmp / name
    for folder in ("fleets", "policies", "apps"):
        shutil.copytree(REPO_ROOT / folder, repo / folder)
    return repo


_edit = edit_file


# (what changes, the edit, how many objects at most are re-made)
EDITS = [
    (
        "one static weight",
        _edit("policies/cost-optimization.yaml", r"weight: 80", "weight: 70"),
        2,
    ),
    (
        "one manifest's image",
        _edit("apps/nginx/deployment.yaml", r"nginx:1\.25", "nginx:1.27"),
        2,
    ),
    (
        "a cluster label",
        _edit("fleets/global-production.yaml", r"env: production", "env: prod"),
        None,
    ),
    (
        "an override policy",
        _edit(
            "policies/cross-cloud-config.yaml", r"compliance=gdpr", "compliance=none"
        ),
        None,
    ),
    ("nothing", lambda repo: None, 2),
]


def _render(
    repo: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> runner.RenderReport:
    monkeypatch.setenv("FLEET_RENDER_CACHE", str(cache))
    return runner.render(repo, repo / "out")


@pytest.mark.parametrize(("what", "edit", "remade"), EDITS, ids=[e[0] for e in EDITS])
def test_a_warm_render_writes_what_a_cold_one_writes(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    what: str,
    edit: Callable[[Path], None],
    remade: int | None,
) -> None:
    warm, cold = _example(tmp_path, "warm"), _example(tmp_path, "cold")
    for _ in range(2):  # the second render's history is the first's result: a new key
        _render(warm, tmp_path / "warm-cache", monkeypatch)
    first = _render(warm, tmp_path / "warm-cache", monkeypatch)
    assert first.reuse is not None and first.reuse.taken == len(first.reuse.new) > 0
    shutil.copytree(warm / "out", cold / "out")  # the same history for both
    for repo in (warm, cold):
        edit(repo)
    hot = _render(warm, tmp_path / "warm-cache", monkeypatch)
    fresh = _render(cold, tmp_path / "cold-cache", monkeypatch)
    assert fresh.reuse is not None and fresh.reuse.taken == 0
    assert read_tree(warm / "out") == read_tree(cold / "out")
    assert [str(w) for w in hot.warnings] == [str(w) for w in fresh.warnings]
    assert hot.plan.overrides == fresh.plan.overrides
    assert hot.reuse is not None
    if remade is not None:
        assert len(hot.reuse.new) - hot.reuse.taken <= remade


def test_the_record_lives_outside_the_repo(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A pickle read from the repo would run code a pull request planted.
    monkeypatch.delenv("FLEET_RENDER_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    out = tmp_path / "repo" / "out"
    assert record_path(out).parent == tmp_path / "xdg" / "fleet-render"
    monkeypatch.setenv("FLEET_RENDER_CACHE", str(tmp_path / "mine"))
    assert record_path(out).parent == tmp_path / "mine"
    assert record_path(out) != record_path(tmp_path / "other" / "out")


@pytest.mark.parametrize(
    "garbage",
    [
        b"",
        b"\x80\x04not a pickle",
        b"fleet-render reuse 1\x80\x05junk",
        b"fleet-render reuse 1" + b"\x80\x04N.",
        b"fleet-render reuse 3pickle\n\x80\x05junk",
        b"fleet-render reuse 3marshal 3.11\n\xffjunk",
        b"fleet-render reuse 3marshal 2.7\n" + marshal.dumps({}),  # another Python's
        b"fleet-render reuse 3gzip\n\x80\x04N.",
    ],
)
def test_a_damaged_record_means_a_full_render(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, garbage: bytes
) -> None:
    repo = _example(tmp_path, "repo")
    expected = _render(_example(tmp_path, "reference"), tmp_path / "c1", monkeypatch)
    monkeypatch.setenv("FLEET_RENDER_CACHE", str(tmp_path / "c2"))
    path = record_path(repo / "out")
    path.parent.mkdir(parents=True)
    path.write_bytes(garbage)
    report = _render(repo, tmp_path / "c2", monkeypatch)
    assert report.reuse is not None and report.reuse.taken == 0
    assert read_tree(repo / "out") == read_tree(tmp_path / "reference" / "out")
    assert [str(w) for w in report.warnings] == [
        str(w).replace("reference", "repo") for w in expected.warnings
    ]


@pytest.mark.parametrize(
    "edit",
    [
        _edit(
            "policies/cost-optimization.yaml",
            r"replicaDivisionPreference",
            "replicaDivisionPrefrence",
        ),
        _edit("apps/nginx/deployment.yaml", r"replicas: 10", "replicas: ten"),
        _edit(
            "fleets/global-production.yaml",
            r"name: cluster-shanghai",
            "name: Cluster_Shanghai",
        ),
    ],
    ids=["unknown policy field", "replicas not a number", "bad cluster name"],
)
def test_an_input_error_after_a_warm_render_is_reported_as_from_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, edit: Callable[[Path], None]
) -> None:
    warm, cold = _example(tmp_path, "warm"), _example(tmp_path, "cold")
    _render(warm, tmp_path / "warm-cache", monkeypatch)
    before = read_tree(warm / "out")
    messages = []
    for repo, cache in ((warm, "warm-cache"), (cold, "cold-cache")):
        edit(repo)
        with pytest.raises(RenderError) as caught:
            _render(repo, tmp_path / cache, monkeypatch)
        messages.append([str(f) for f in caught.value.findings])
    assert messages[0] == messages[1] and messages[0]
    assert read_tree(warm / "out") == before


def test_a_large_bindings_file_is_still_the_history(tmp_path: Path) -> None:
    # 1,000 clusters x 10,000 workloads write 9 MiB of bindings, over the 8 MiB an
    # input file may have: the history must not be dropped at that scale.
    repo = _example(tmp_path, "repo")
    runner.render(repo, repo / "out")
    listing = repo / "out" / "bindings.yaml"
    with listing.open("a", encoding="utf-8") as handle:
        handle.write(("# padding\n" * 1024) * 1000)
    assert listing.stat().st_size > 9 * 1024 * 1024
    report = runner.build(repo, repo / "out")
    assert len(report.inputs.previous) == len(report.plan.bindings) > 0
    assert not [w for w in report.warnings if "bindings.yaml" in str(w)]


def test_an_unreadable_bindings_file_is_a_warning(tmp_path: Path) -> None:
    repo = _example(tmp_path, "repo")
    runner.render(repo, repo / "out")
    (repo / "out" / "bindings.yaml").write_text("items: [\n", encoding="utf-8")
    report = runner.build(repo, repo / "out")
    assert report.inputs.previous == {}
    [warning] = [str(w) for w in report.warnings if "bindings.yaml" in str(w)]
    assert (
        warning.startswith("out/bindings.yaml:") and "warning: invalid YAML" in warning
    )


def test_records_no_render_saved_for_30_days_are_deleted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from render import records

    cache = tmp_path / "cache"
    cache.mkdir()
    stale, fresh, other = cache / "old.reuse.pickle", cache / "recent.reuse.pickle", cache / "notes.txt"
    killed = cache / "old.reuse.picklek1ll3d00"  # the temporary file of a save that was killed
    for path in (stale, fresh, other, killed):
        path.write_bytes(b"x")
    month_ago = time.time() - records.STALE_SECONDS - 60
    for path in (stale, other, killed):
        os.utime(path, (month_ago, month_ago))
    repo = _example(tmp_path, "repo")
    _render(repo, cache, monkeypatch)
    assert not stale.exists() and not killed.exists() and fresh.exists() and other.exists()
    assert record_path(repo / "out").exists()


def test_a_record_others_can_write_is_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = _example(tmp_path, "repo")
    for _ in range(3):
        report = _render(repo, tmp_path / "cache", monkeypatch)
    assert report.reuse is not None and report.reuse.taken > 0
    record_path(repo / "out").chmod(0o666)  # anyone could have planted code in it
    report = _render(repo, tmp_path / "cache", monkeypatch)
    assert report.reuse is not None and report.reuse.taken == 0


def test_with_workers_the_records_are_saved_beside_the_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--jobs 2 saves the records in a forked child while out/ is written; they are
    complete when the render returns, and the next render takes every unit from them."""
    repo = _example(tmp_path, "repo")
    monkeypatch.setenv("FLEET_RENDER_CACHE", str(tmp_path / "cache"))
    for _ in range(2):
        runner.render(repo, repo / "out", jobs=2)
    again = runner.render(repo, repo / "out", jobs=2)
    assert again.reuse is not None and again.reuse.taken == len(again.reuse.new) > 0
    assert again.out_record is not None  # bindings.yaml as written, parsed
    assert again.out_record.holds(BINDINGS_FILE, (repo / "out" / "bindings.yaml").read_text(encoding="utf-8"))


_DEPENDENCY_REPO = {
    "fleets/prod.yaml": """\
        apiVersion: fleet.kurator.dev/v1alpha1
        kind: Fleet
        metadata: {name: prod}
        spec:
          clusters:
          - name: member1
          - name: member2
        """,
    "policies/web.yaml": """\
        apiVersion: policy.karmada.io/v1alpha1
        kind: PropagationPolicy
        metadata: {name: web, namespace: shop}
        spec:
          propagateDeps: true
          resourceSelectors:
          - {apiVersion: apps/v1, kind: Deployment, name: web}
          placement:
            clusterAffinity: {clusterNames: [member1]}
        """,
    "policies/settings.yaml": """\
        apiVersion: policy.karmada.io/v1alpha1
        kind: PropagationPolicy
        metadata: {name: settings, namespace: shop}
        spec:
          resourceSelectors:
          - {apiVersion: v1, kind: ConfigMap, name: settings}
          placement:
            clusterAffinity: {clusterNames: [member2]}
        """,
    "apps/settings.yaml": """\
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: settings, namespace: shop}
        data: {mode: fast}
        """,
    "apps/web.yaml": """\
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: shop}
        spec:
          replicas: 2
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers:
              - name: web
                image: nginx:1.25
                envFrom: [{configMapRef: {name: settings}}]
        """,
}


@pytest.mark.parametrize(
    "edit",
    [
        _edit("apps/web.yaml", r"envFrom: .*", "env: []"),
        _edit("policies/web.yaml", r"\[member1\]", "[member1, member2]"),
    ],
    ids=["the workload stops requiring it", "the workload moves"],
)
def test_a_reused_dependency_lists_who_requires_it_now(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, edit: Callable[[Path], None]
) -> None:
    # The ConfigMap's own unit is reused, but its requiredBy in bindings.yaml is
    # decided by the workloads of this render, not the last one.
    warm = write_repo(tmp_path / "warm", _DEPENDENCY_REPO)
    cold = write_repo(tmp_path / "cold", _DEPENDENCY_REPO)
    for _ in range(2):
        _render(warm, tmp_path / "warm-cache", monkeypatch)
    assert "requiredBy" in (warm / "out" / "bindings.yaml").read_text(encoding="utf-8")
    shutil.copytree(warm / "out", cold / "out")
    for repo in (warm, cold):
        edit(repo)
    hot = _render(warm, tmp_path / "warm-cache", monkeypatch)
    _render(cold, tmp_path / "cold-cache", monkeypatch)
    assert hot.reuse is not None and hot.reuse.taken >= 1  # the ConfigMap's
    assert read_tree(warm / "out") == read_tree(cold / "out")


def test_a_small_change_adds_to_the_record_and_a_large_one_rewrites_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from render.reuse import _added_path

    many = "---\n".join(
        f"apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: c{i}, namespace: shop}}\ndata: {{i: '{i}'}}\n"
        for i in range(30)
    )
    repo = write_repo(tmp_path / "repo", {
        **_DEPENDENCY_REPO,
        "apps/many.yaml": many,
        "policies/settings.yaml": _DEPENDENCY_REPO["policies/settings.yaml"].replace(", name: settings}", "}"),
    })
    for _ in range(2):
        _render(repo, tmp_path / "cache", monkeypatch)
    main, added = record_path(repo / "out"), _added_path(repo / "out")
    before = main.read_bytes()
    _edit("policies/web.yaml", r"\[member1\]", "[member1, member2]")(repo)  # one Deployment
    _render(repo, tmp_path / "cache", monkeypatch)
    assert main.read_bytes() == before and added.exists()  # only the re-made unit written
    _render(repo, tmp_path / "cache", monkeypatch)  # its history moved: once more
    steady = _render(repo, tmp_path / "cache", monkeypatch)
    assert steady.reuse is not None and steady.reuse.taken == len(steady.reuse.new) == 32  # both files
    _edit("policies/settings.yaml", r"\[member2\]", "[member1]")(repo)  # 31 ConfigMaps
    _render(repo, tmp_path / "cache", monkeypatch)
    assert main.read_bytes() != before and not added.exists()
    _render(repo, tmp_path / "cache", monkeypatch)  # their history moved
    last = _render(repo, tmp_path / "cache", monkeypatch)
    assert last.reuse is not None and last.reuse.taken == len(last.reuse.new)


def test_a_reused_unit_warns_as_it_did_when_it_was_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Two policies select the ConfigMap with equal priority: its unit carries the
    # warning, and a render taking the unit from the record says it again.
    tie = _DEPENDENCY_REPO["policies/settings.yaml"].replace("name: settings, namespace", "name: twin, namespace")
    repo = write_repo(tmp_path / "repo", {**_DEPENDENCY_REPO, "policies/twin.yaml": tie})
    made = _render(repo, tmp_path / "cache", monkeypatch)
    _render(repo, tmp_path / "cache", monkeypatch)  # the history is the first render's
    (repo / "apps" / "web.yaml").write_text(  # an edit elsewhere: a render, not a replay
        (repo / "apps" / "web.yaml").read_text(encoding="utf-8").replace("replicas: 2", "replicas: 3"),
        encoding="utf-8")
    taken = _render(repo, tmp_path / "cache", monkeypatch)
    assert taken.reuse is not None and taken.reuse.taken >= 1
    tied = [str(w) for w in made.warnings if "equal priority" in str(w)]
    assert len(tied) == 1
    assert [str(w) for w in taken.warnings if "equal priority" in str(w)] == tied


def test_the_record_is_plain_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # marshal, not pickle: at 1,000 clusters pickle took seconds to write and read it
    from render import records
    from render.reuse import _FORMAT

    repo = _example(tmp_path, "repo")
    _render(repo, tmp_path / "cache", monkeypatch)
    raw = record_path(repo / "out").read_bytes()
    assert raw.startswith(_FORMAT + records._MARSHAL)
