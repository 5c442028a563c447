"""Patching the last render after a placement-only edit (render.delta): a full render's result.

Two copies of one repo live side by side with their own record folders. Each edit is
applied to both; the warm copy renders the way the command line does (patching
where it can), the cold one in full (its snapshot forgotten). Files, warnings,
moves and counts must be identical, and the table says which edits are patched.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from render import delta, freshness, records, runner, snapshot
from render.errors import RenderError
from render.freshness import Outcome
from render.writing import read_tree
from tests.conftest import edit_file, write_repo

FLEET = """
    apiVersion: fleet.kurator.dev/v1alpha1
    kind: Fleet
    metadata: {name: prod, namespace: kurator-system}
    spec:
      clusters:
      - name: east-1
        labels: {region: east, provider: aws}
        resources: {allocatable: {cpu: "64", memory: 256Gi, pods: "110"}}
      - name: east-2
        labels: {region: east, provider: gcp}
        resources: {allocatable: {cpu: "32", memory: 128Gi, pods: "110"}}
      - name: west-1
        labels: {region: west, provider: aws}
        resources: {allocatable: {cpu: "16", memory: 64Gi, pods: "110"}}
      - name: west-2
        labels: {region: west, provider: gcp}
        taints: [{key: dedicated, value: gpu, effect: NoSchedule}]
      - name: north-1
        labels: {region: north, provider: aws}
"""


def _deployment(name: str, namespace: str, replicas: int, group: str) -> str:
    return f"""
    apiVersion: apps/v1
    kind: Deployment
    metadata: {{name: {name}, namespace: {namespace}, labels: {{group: {group}}}}}
    spec:
      replicas: {replicas}
      selector: {{matchLabels: {{app: {name}}}}}
      template:
        metadata: {{labels: {{app: {name}}}}}
        spec:
          containers:
          - name: main
            image: registry.example/{name}:1.0
            resources: {{requests: {{cpu: 500m, memory: 256Mi}}}}
    """


FILES = {
    "fleets/prod.yaml": FLEET,
    "apps/web.yaml": "---".join([
        _deployment("web", "shop", 10, "weighted"),
        _deployment("cart", "shop", 4, "weighted"),
        """
    apiVersion: v1
    kind: Service
    metadata: {name: web, namespace: shop, labels: {group: weighted}}
    spec: {ports: [{port: 80}]}
    """,
    ]),
    "apps/api.yaml": "---".join([
        _deployment("api", "backend", 6, "dynamic"),
        """
    apiVersion: v1
    kind: ConfigMap
    metadata: {name: api-config, namespace: backend, labels: {group: dynamic}}
    data: {level: info}
    """,
    ]),
    "apps/shared.yaml": """
    apiVersion: v1
    kind: Namespace
    metadata: {name: shop, labels: {team: shop}}
    ---
    apiVersion: rbac.authorization.k8s.io/v1
    kind: ClusterRole
    metadata: {name: reader, labels: {group: everywhere}}
    rules: [{apiGroups: [""], resources: [pods], verbs: [get]}]
    ---
    apiVersion: v1
    kind: Secret
    metadata: {name: token, namespace: backend, labels: {group: everywhere}}
    stringData: {token: hunter2-very-secret}
    ---
    apiVersion: v1
    kind: ConfigMap
    metadata: {name: orphan, namespace: backend}
    data: {a: b}
    """,
    "apps/batch.yaml": _deployment("batch", "jobs", 5, "aggregated"),
    "policies/weighted.yaml": """
    apiVersion: policy.karmada.io/v1alpha1
    kind: PropagationPolicy
    metadata: {name: weighted, namespace: shop}
    spec:
      resourceSelectors:
      - {apiVersion: apps/v1, kind: Deployment, labelSelector: {matchLabels: {group: weighted}}}
      - {apiVersion: v1, kind: Service, labelSelector: {matchLabels: {group: weighted}}}
      placement:
        clusterAffinity: {clusterNames: [east-1, east-2, west-1]}
        replicaScheduling:
          replicaSchedulingType: Divided
          replicaDivisionPreference: Weighted
          weightPreference:
            staticWeightList:
            - {targetCluster: {clusterNames: [east-1]}, weight: 3}
            - {targetCluster: {clusterNames: [east-2]}, weight: 2}
            - {targetCluster: {clusterNames: [west-1]}, weight: 1}
    """,
    "policies/dynamic.yaml": """
    apiVersion: policy.karmada.io/v1alpha1
    kind: PropagationPolicy
    metadata: {name: dynamic, namespace: backend}
    spec:
      resourceSelectors:
      - {apiVersion: apps/v1, kind: Deployment, labelSelector: {matchLabels: {group: dynamic}}}
      - {apiVersion: v1, kind: ConfigMap, labelSelector: {matchLabels: {group: dynamic}}}
      placement:
        clusterAffinity: {labelSelector: {matchLabels: {provider: aws}}}
        replicaScheduling:
          replicaDivisionPreference: Weighted
          weightPreference: {dynamicWeight: AvailableReplicas}
    """,
    "policies/cluster-wide.yaml": """
    apiVersion: policy.karmada.io/v1alpha1
    kind: ClusterPropagationPolicy
    metadata: {name: everywhere}
    spec:
      resourceSelectors:
      - {apiVersion: rbac.authorization.k8s.io/v1, kind: ClusterRole, labelSelector: {matchLabels: {group: everywhere}}}
      - {apiVersion: v1, kind: Secret, labelSelector: {matchLabels: {group: everywhere}}}
      placement:
        clusterAffinity: {clusterNames: [east-1, west-1, north-1]}
    ---
    apiVersion: policy.karmada.io/v1alpha1
    kind: ClusterPropagationPolicy
    metadata: {name: aggregated}
    spec:
      resourceSelectors:
      - {apiVersion: apps/v1, kind: Deployment, labelSelector: {matchLabels: {group: aggregated}}}
      placement:
        clusterAffinity: {labelSelector: {matchLabels: {region: east}}}
        replicaScheduling:
          replicaSchedulingType: Divided
          replicaDivisionPreference: Aggregated
    """,
    "policies/overrides.yaml": """
    apiVersion: policy.karmada.io/v1alpha1
    kind: ClusterOverridePolicy
    metadata: {name: registry}
    spec:
      resourceSelectors:
      - {apiVersion: apps/v1, kind: Deployment}
      overrideRules:
      - targetCluster: {labelSelector: {matchLabels: {provider: gcp}}}
        overriders:
          imageOverrider:
          - {component: Registry, operator: replace, value: gcr.example}
    """,
}


_edit = edit_file


def _add(path: str, text: str) -> Callable[[Path], None]:
    return lambda repo: write_repo(repo, {path: text}) and None


# (what changes, the edit, patched?)
EDITS = [
    ("one static weight", _edit("policies/weighted.yaml", r"weight: 3", "weight: 7"), True),
    ("a cluster leaves a policy", _edit("policies/weighted.yaml", r"\[east-1, east-2, west-1\]",
                                        "[east-2, west-1]"), True),
    ("a cluster joins a policy", _edit("policies/cluster-wide.yaml", r"\[east-1, west-1, north-1\]",
                                       "[east-1, east-2, west-1, north-1]"), True),
    ("a namespace leaves clusters", _edit("policies/weighted.yaml", r"\[east-1, east-2, west-1\]\}",
                                          "[north-1]}"), True),
    ("no cluster fits (an error)", _edit("policies/dynamic.yaml", r"provider: aws", "provider: none"), False),
    ("Aggregated to Duplicated", _edit("policies/cluster-wide.yaml", r"replicaSchedulingType: Divided\n.*Aggregated",
                                       "replicaSchedulingType: Duplicated"), True),
    ("spread constraints", _edit("policies/dynamic.yaml", r"    replicaScheduling:",
                                 "    spreadConstraints: [{spreadByField: region, maxGroups: 1, minGroups: 1},\n"
                                 "                        {spreadByField: cluster, maxGroups: 2, minGroups: 1}]\n"
                                 "    replicaScheduling:"), True),
    ("an invalid placement (an error)", _edit("policies/dynamic.yaml", r"    replicaScheduling:",
                                             "    spreadConstraints: [{spreadByField: region, maxGroups: 1}]\n"
                                             "    replicaScheduling:"), False),
    ("a toleration", _edit("policies/weighted.yaml", r"clusterNames: \[east-1, east-2, west-1\]\}",
                           "clusterNames: [east-1, east-2, west-1, west-2]}\n"
                           "    clusterTolerations: [{key: dedicated, operator: Exists}]"), True),
    ("a cluster no fleet has (a warning)", _edit("policies/cluster-wide.yaml", r"north-1\]", "north-9]"), True),
    ("comments only", _edit("policies/weighted.yaml", r"^", "# reviewed\n"), True),
    ("a selector", _edit("policies/weighted.yaml", r"kind: Service, ", "kind: Service, name: web, "), False),
    ("an override", _edit("policies/overrides.yaml", r"gcr\.example", "gcr.example/mirror"), False),
    ("a manifest", _edit("apps/batch.yaml", r"replicas: 5", "replicas: 8"), False),
    ("a fleet", _edit("fleets/prod.yaml", r"region: north", "region: south"), False),
    ("a new policy file", _add("policies/extra.yaml", """
        apiVersion: policy.karmada.io/v1alpha1
        kind: PropagationPolicy
        metadata: {name: orphan, namespace: backend}
        spec:
          resourceSelectors: [{apiVersion: v1, kind: ConfigMap, name: orphan}]
          placement: {clusterAffinity: {clusterNames: [east-1]}}
        """), False),
    ("propagateDeps", _edit("policies/dynamic.yaml", r"  placement:", "  propagateDeps: true\n  placement:"), False),
    ("priority", _edit("policies/dynamic.yaml", r"  placement:", "  priority: 5\n  placement:"), False),
    ("suspended dispatching", _edit("policies/dynamic.yaml", r"  placement:",
                                    "  suspension: {dispatching: true}\n  placement:"), False),
    ("dispatching suspended on one cluster", _edit("policies/weighted.yaml", r"  placement:",
                                                   "  suspension: {dispatchingOnClusters: {clusterNames: [east-1]}}\n"
                                                   "  placement:"), False),
]


class Pair:
    """A warm and a cold copy of one repo, each with its own records."""

    def __init__(self, root: Path, monkeypatch: pytest.MonkeyPatch, files: dict[str, str]) -> None:
        self.monkeypatch = monkeypatch
        self.warm, self.cold = (write_repo(root / n, files) for n in ("warm", "cold"))
        self.caches = {self.warm: root / "warm-cache", self.cold: root / "cold-cache"}
        self.patched: list[bool] = []
        found = delta.render_delta

        def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
            result = found(*args, **kwargs)
            self.patched.append(result is not None)
            return result

        monkeypatch.setattr(delta, "render_delta", spy)
        for _ in range(2):  # the second render has the first one's history
            self.both(lambda repo: None)

    def render(self, repo: Path) -> Outcome:
        self.monkeypatch.setenv("FLEET_RENDER_CACHE", str(self.caches[repo]))
        if repo == self.cold:
            snapshot.forget(repo / "out")
        return runner.render_if_stale(repo, repo / "out")

    def both(self, edit: Callable[[Path], None]) -> bool:
        """Apply the edit to both copies and render them; whether the warm one patched."""
        outcomes: dict[Path, Outcome | str] = {}
        for repo in (self.warm, self.cold):
            edit(repo)
            (repo / ".out.state.json").unlink(missing_ok=True)
            self.patched.clear()
            try:
                outcomes[repo] = self.render(repo)
            except RenderError as e:  # the same errors, and out/ as it was
                outcomes[repo] = str(e)
            if repo == self.warm:
                patched = any(self.patched)
        warm, cold = outcomes[self.warm], outcomes[self.cold]
        if isinstance(warm, str) or isinstance(cold, str):
            assert warm == cold
            return patched
        assert read_tree(self.warm / "out") == read_tree(self.cold / "out")
        assert [str(w) for w in warm.warnings] == [str(w) for w in cold.warnings]
        assert (warm.moves, warm.objects, warm.folders) == (cold.moves, cold.objects, cold.folders)
        return patched


@pytest.fixture
def pair(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Pair:
    return Pair(tmp_path, monkeypatch, FILES)


@pytest.mark.parametrize(("what", "edit", "patched"), EDITS, ids=[e[0] for e in EDITS])
def test_an_edit_renders_as_a_full_render(pair: Pair, what: str, edit: Callable[[Path], None],
                                          patched: bool) -> None:
    assert pair.both(edit) is patched, what


def test_edits_in_a_row_each_patch_the_last(pair: Pair) -> None:
    in_a_row = ["one static weight", "a cluster joins a policy", "Aggregated to Duplicated", "spread constraints",
                "a cluster no fleet has (a warning)", "comments only", "a namespace leaves clusters"]
    for what, edit, patched in EDITS:
        if what in in_a_row:
            assert pair.both(edit) is patched, what
    # and reverting them, one file at a time
    for name in ("policies/weighted.yaml", "policies/cluster-wide.yaml", "policies/dynamic.yaml"):
        assert pair.both(lambda repo, name=name: write_repo(repo, {name: FILES[name]})) is True


def test_a_patched_out_is_up_to_date_for_the_next_render_and_check(pair: Pair) -> None:
    assert pair.both(EDITS[0][1])
    pair.monkeypatch.setenv("FLEET_RENDER_CACHE", str(pair.caches[pair.warm]))
    again = runner.render_if_stale(pair.warm, pair.warm / "out")
    assert again.up_to_date
    assert runner.check(pair.warm, pair.warm / "out") == []
    state = freshness.load(pair.warm / "out")
    assert state is not None and state.out == freshness.out_fingerprint(pair.warm / "out")


def test_the_secret_stays_out_of_the_warnings(pair: Pair) -> None:
    leak = _edit("policies/cluster-wide.yaml", r"north-1\]", "hunter2-very-secret]")
    assert pair.both(leak)
    pair.monkeypatch.setenv("FLEET_RENDER_CACHE", str(pair.caches[pair.warm]))
    warnings = freshness.load(pair.warm / "out").warnings  # type: ignore[union-attr]
    assert warnings and not any("hunter2" in w for w in warnings)


@pytest.mark.parametrize("tamper", ["bindings.yaml", "a cluster file", "a record"])
def test_an_out_not_as_the_snapshot_says_is_rendered_in_full(pair: Pair, tamper: str) -> None:
    out = pair.warm / "out"
    pair.monkeypatch.setenv("FLEET_RENDER_CACHE", str(pair.caches[pair.warm]))
    if tamper == "bindings.yaml":
        (out / "bindings.yaml").write_text((out / "bindings.yaml").read_text() + "# edited\n")
    elif tamper == "a cluster file":
        (out / "east-1" / "kustomization.yaml").write_text("hand: edited\n")
    else:  # out/ written by another render than the one the snapshot describes
        runner.render(pair.warm, out)
    patched = pair.both(EDITS[0][1])  # the same files as a full render: a hand edit is undone
    if tamper != "a cluster file":  # (which the write may undo from its spare tree)
        assert not patched


def test_strict_with_warnings_fails_the_long_way(pair: Pair) -> None:
    warn = _edit("policies/cluster-wide.yaml", r"north-1\]", "north-9]")
    for repo in (pair.warm, pair.cold):
        warn(repo)
    pair.monkeypatch.setenv("FLEET_RENDER_CACHE", str(pair.caches[pair.warm]))
    before = read_tree(pair.warm / "out")
    with pytest.raises(RenderError, match="north-9"):
        runner.render_if_stale(pair.warm, pair.warm / "out", strict=True)
    assert read_tree(pair.warm / "out") == before


def test_a_full_render_that_cannot_be_patched_leaves_no_snapshot(pair: Pair) -> None:
    out = pair.warm / "out"
    pair.monkeypatch.setenv("FLEET_RENDER_CACHE", str(pair.caches[pair.warm]))
    assert snapshot.load(out) is not None
    pair.both(_edit("policies/dynamic.yaml", r"  placement:", "  propagateDeps: true\n  placement:"))
    pair.monkeypatch.setenv("FLEET_RENDER_CACHE", str(pair.caches[pair.warm]))
    assert snapshot.load(out) is None
    assert records.record_path(out, "snapshot").exists() is False


WEIGHTS = st.lists(st.integers(1, 9), min_size=3, max_size=3)
NAMES = st.lists(st.sampled_from(["east-1", "east-2", "west-1", "west-2", "north-1"]), min_size=1, max_size=5,
                 unique=True)
PLACEMENT_EDITS = st.one_of(
    st.tuples(st.just("weights"), WEIGHTS),
    st.tuples(st.just("names"), NAMES),
    st.tuples(st.just("strategy"), st.sampled_from(["Duplicated", "Aggregated", "Weighted"])),
)


def _placement_edit(kind: str, value: object) -> Callable[[Path], None]:
    if kind == "weights":
        def weights(repo: Path) -> None:
            file = repo / "policies/weighted.yaml"
            text = file.read_text()
            for i, weight in enumerate(value):  # type: ignore[arg-type]
                text = re.sub(rf"(clusterNames: \[{['east-1', 'east-2', 'west-1'][i]}\]\}}, weight: )\d+",
                              rf"\g<1>{weight}", text)
            file.write_text(text)
        return weights
    if kind == "names":
        names = ", ".join(value)  # type: ignore[arg-type]
        return _edit("policies/cluster-wide.yaml", r"clusterNames: \[[^\]]*\]", f"clusterNames: [{names}]")
    strategy = {"Duplicated": "replicaSchedulingType: Duplicated",
                "Aggregated": "replicaSchedulingType: Divided\n      replicaDivisionPreference: Aggregated",
                "Weighted": "replicaSchedulingType: Divided\n      replicaDivisionPreference: Weighted\n"
                            "      weightPreference: {dynamicWeight: AvailableReplicas}"}[str(value)]
    return _edit("policies/dynamic.yaml", r"replicaScheduling:\n(      .*\n)+", f"replicaScheduling:\n      {strategy}\n")


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=st.lists(PLACEMENT_EDITS, min_size=1, max_size=3))
def test_any_placement_edits_patch_to_a_full_render(tmp_path_factory: pytest.TempPathFactory,
                                                    monkeypatch: pytest.MonkeyPatch,
                                                    edits: list[tuple[str, object]]) -> None:
    pair = Pair(tmp_path_factory.mktemp("delta"), monkeypatch, FILES)
    for kind, value in edits:
        pair.both(_placement_edit(kind, value))


def test_the_spare_is_surveyed_before_the_placing_core_loads(pair: Pair) -> None:
    # A patched render takes out/'s lock and begins the survey of its spare (the lstat
    # of every file, most of what the patch costs at fleet scale) before it imports
    # the placing core, so the survey runs beside that and the planning.
    pair.both(EDITS[0][1])  # patched beside out/, the old tree kept as the spare
    pair.both(_edit("policies/weighted.yaml", r"weight: 7", "weight: 3"))
    _edit("policies/weighted.yaml", r"weight: 3", "weight: 5")(pair.warm)
    probe = (
        "import sys\n"
        "from render import sparetree\n"
        "from render.cli import main\n"
        "begin, seen = sparetree.Survey.__init__, []\n"
        "def spy(*args, **kwargs):\n"
        "    seen.append('render.placing' in sys.modules)\n"
        "    begin(*args, **kwargs)\n"
        "sparetree.Survey.__init__ = spy\n"
        f"sys.argv = ['fleet-render', 'render', '--repo', {str(pair.warm)!r}, '-q']\n"
        "code = 0\ntry:\n    main()\nexcept SystemExit as e:\n    code = e.code\n"
        "print(code, seen, 'render.placing' in sys.modules)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2]),
           "FLEET_RENDER_CACHE": str(pair.caches[pair.warm])}
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=True)
    assert done.stdout.splitlines()[-1] == "0 [False] True"  # surveyed first, then placed
