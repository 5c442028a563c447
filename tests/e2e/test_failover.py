"""History through out/bindings.yaml: failover by a fleet edit, steady vs fresh, resuming, fixed points."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from tests.conftest import snapshot

FLEET = """\
apiVersion: fleet.kurator.dev/v1alpha1
kind: Fleet
metadata: {name: prod}
spec:
  clusters:
  # est(c) is the free pod count: 20, 10 and 30
  - name: member1
    labels: {region: r1}
    resources: {allocatable: {pods: "20"}}
  - name: member2
    labels: {region: r2}
    resources: {allocatable: {pods: "10"}}
  - name: member3
    labels: {region: r3}
    resources: {allocatable: {pods: "30"}}
"""

POLICIES = """\
apiVersion: policy.karmada.io/v1alpha1
kind: PropagationPolicy
metadata: {name: web}
spec:
  resourceSelectors: [{apiVersion: apps/v1, kind: Deployment, name: web}]
  placement:
    replicaScheduling:
      replicaSchedulingType: Divided
      weightPreference: {dynamicWeight: AvailableReplicas}
---
apiVersion: policy.karmada.io/v1alpha1
kind: PropagationPolicy
metadata: {name: api}
spec:
  resourceSelectors: [{apiVersion: apps/v1, kind: Deployment, name: api}]
  placement:
    replicaScheduling:
      replicaSchedulingType: Divided
      weightPreference:
        staticWeightList:
        - {targetCluster: {clusterNames: [member1, member2, member3]}, weight: 1}
---
apiVersion: policy.karmada.io/v1alpha1
kind: PropagationPolicy
metadata: {name: cache}
spec:
  resourceSelectors:
  - {apiVersion: apps/v1, kind: Deployment, name: cache}
  - {apiVersion: v1, kind: ConfigMap, name: settings}
  placement: {}
---
apiVersion: policy.karmada.io/v1alpha1
kind: PropagationPolicy
metadata: {name: batch}
spec:
  resourceSelectors: [{apiVersion: apps/v1, kind: Deployment, name: batch}]
  placement:
    replicaScheduling: {replicaSchedulingType: Divided, replicaDivisionPreference: Aggregated}
---
apiVersion: policy.karmada.io/v1alpha1
kind: PropagationPolicy
metadata: {name: tolerant}
spec:
  resourceSelectors: [{apiVersion: apps/v1, kind: Deployment, name: tolerant}]
  placement:
    clusterTolerations:
    - {key: cluster.karmada.io/not-ready, operator: Exists, effect: NoExecute, tolerationSeconds: 300}
    replicaScheduling:
      replicaSchedulingType: Divided
      weightPreference: {dynamicWeight: AvailableReplicas}
"""


def _deployment(name: str, replicas: int) -> str:
    return f"""\
---
apiVersion: apps/v1
kind: Deployment
metadata: {{name: {name}}}
spec:
  replicas: {replicas}
  selector: {{matchLabels: {{app: {name}}}}}
  template:
    metadata: {{labels: {{app: {name}}}}}
    spec:
      containers: [{{name: {name}, image: nginx}}]
"""


APPS = "".join(
    _deployment(n, r)
    for n, r in [("web", 12), ("api", 6), ("cache", 2), ("batch", 8), ("tolerant", 6)]
)
APPS += (
    "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {a: b}\n"
)
FILES = {
    "fleets/prod.yaml": FLEET,
    "policies/all.yaml": POLICIES,
    "apps/all.yaml": APPS,
}


def _placements(out: Path) -> dict[str, dict[str, int]]:
    items = yaml.safe_load((out / "bindings.yaml").read_text())["items"]
    return {
        i["spec"]["resource"]["name"]: {
            c["name"]: c["replicas"] for c in i["spec"]["clusters"]
        }
        for i in items
    }


def _texts(out: Path) -> dict[str, bytes]:
    return {path: content for path, (content, _) in snapshot(out).items()}


def test_no_execute_taint_moves_every_replica_as_karmada_and_nothing_else(
    make_repo, run_cli
) -> None:
    repo = make_repo(FILES)
    first = run_cli("render", "--repo", repo)
    assert first.exit_code == 0, first.output
    assert (
        first.stdout.splitlines()[:-1] == []
    )  # a first render has nothing to compare with
    assert _placements(repo / "out") == {
        # Webster over est 20:10:30; Aggregated takes the one cluster that fits 8 (member3)
        "web": {"member1": 4, "member2": 2, "member3": 6},
        "api": {"member1": 2, "member2": 2, "member3": 2},
        "cache": {"member1": 2, "member2": 2, "member3": 2},
        "settings": {"member1": 0, "member2": 0, "member3": 0},
        "batch": {"member3": 8},
        "tolerant": {"member1": 2, "member2": 1, "member3": 3},
    }
    before = _texts(repo / "out")

    tainted = run_cli(
        "cluster",
        "taint",
        "--repo",
        repo,
        "member1",
        "cluster.karmada.io/not-ready:NoExecute",
    )
    assert tainted.exit_code == 0, tainted.output
    again = run_cli("render", "--repo", repo)
    assert again.exit_code == 0, again.output
    assert again.stdout.splitlines()[:-1] == [
        "Deployment default/api: member1 2→0 (lost), member2 2→3 (gained), member3 2→3 (gained)",
        "Deployment default/cache: member1 2→0 (lost)",
        "Deployment default/web: member1 4→0 (lost), member2 2→3 (gained), member3 6→9 (gained)",
    ]
    assert _placements(repo / "out") == {
        # Steady scale-up of the 4 evicted replicas by est over member2/member3 (10:30):
        # Webster gives member3 3 and member2 1, added to what they held.
        "web": {"member2": 3, "member3": 9},
        # Static weights re-divide all 6 among the clusters left.
        "api": {"member2": 3, "member3": 3},
        "cache": {"member2": 2, "member3": 2},
        "settings": {"member2": 0, "member3": 0},
        "batch": {"member3": 8},
        # tolerationSeconds is recorded, not waited on: the toleration holds.
        "tolerant": {"member1": 2, "member2": 1, "member3": 3},
    }
    after = _texts(repo / "out")
    removed = sorted(before.keys() - after.keys())
    changed = sorted(p for p in before.keys() & after.keys() if before[p] != after[p])
    assert sorted(after.keys() - before.keys()) == []
    assert removed == [
        "member1/default/configmap_settings.yaml",
        "member1/default/deployment.apps_api.yaml",
        "member1/default/deployment.apps_cache.yaml",
        "member1/default/deployment.apps_web.yaml",
    ]
    assert changed == [
        "bindings.yaml",
        "member1/kustomization.yaml",
        "member2/default/deployment.apps_api.yaml",
        "member2/default/deployment.apps_web.yaml",
        "member3/default/deployment.apps_api.yaml",
        "member3/default/deployment.apps_web.yaml",
    ]
    for path in changed[2:]:  # only the replica count of a moved workload changes
        old, new = yaml.safe_load(before[path]), yaml.safe_load(after[path])
        old["spec"].pop("replicas"), new["spec"].pop("replicas")
        assert old == new


def test_an_up_to_date_out_is_a_fixed_point(make_repo, run_cli) -> None:
    repo = make_repo(FILES)
    assert run_cli("render", "--repo", repo).exit_code == 0
    run_cli(
        "cluster",
        "taint",
        "--repo",
        repo,
        "member1",
        "cluster.karmada.io/unreachable:NoExecute",
    )
    assert run_cli("render", "--repo", repo).exit_code == 0
    settled = snapshot(repo / "out")
    for _ in range(2):
        result = run_cli("render", "--repo", repo)
        assert result.exit_code == 0
        assert result.stdout.splitlines()[:-1] == []  # nothing moved
        assert snapshot(repo / "out") == settled  # same bytes, same mtimes
    assert run_cli("check", "--repo", repo).exit_code == 0


def test_dynamic_weights_steady_scale_up_keeps_replicas_fresh_divides_anew(
    make_repo, run_cli
) -> None:
    repo = make_repo(FILES)
    assert run_cli("render", "--repo", repo).exit_code == 0
    assert _placements(repo / "out")["web"] == {
        "member1": 4,
        "member2": 2,
        "member3": 6,
    }
    # member2 grows to 40 free pods and web scales to 18.
    (repo / "fleets/prod.yaml").write_text(FLEET.replace('pods: "10"', 'pods: "40"'))
    (repo / "apps/all.yaml").write_text(APPS.replace("replicas: 12", "replicas: 18"))
    # Each render reads the previous result from its own out folder: start both from out/.
    for name in ("steady", "fresh"):
        shutil.copytree(repo / "out", repo / name)
    steady = run_cli("render", "--repo", repo, "--out", repo / "steady")
    fresh = run_cli("render", "--repo", repo, "--out", repo / "fresh", "--fresh")
    assert steady.exit_code == fresh.exit_code == 0
    # Steady: the 12 stay where they are; the 6 new ones go by free capacity 20:40:30.
    assert _placements(repo / "steady")["web"] == {
        "member1": 5,
        "member2": 5,
        "member3": 8,
    }
    # Fresh: all 18 by capacity plus what each holds, Webster over 24:42:36.
    assert _placements(repo / "fresh")["web"] == {
        "member1": 4,
        "member2": 8,
        "member3": 6,
    }
    assert (
        "Deployment default/web: member1 4→5 (gained), member2 2→5 (gained), member3 6→8 (gained)"
        in (steady.stdout.splitlines())
    )


AFFINITIES = """\
apiVersion: policy.karmada.io/v1alpha1
kind: PropagationPolicy
metadata: {name: web}
spec:
  resourceSelectors: [{apiVersion: apps/v1, kind: Deployment, name: web}]
  placement:
    clusterAffinities:
    - affinityName: primary
      clusterNames: [member1]
    - affinityName: backup
      clusterNames: [member2, member3]
    replicaScheduling:
      replicaSchedulingType: Divided
      weightPreference: {dynamicWeight: AvailableReplicas}
"""


def _observed(out: Path) -> str:
    items = yaml.safe_load((out / "bindings.yaml").read_text())["items"]
    return next(
        i["status"]["schedulerObservedAffinityName"]
        for i in items
        if i["spec"]["resource"]["name"] == "web"
    )


def test_cluster_affinities_resume_from_the_observed_term(make_repo, run_cli) -> None:
    repo = make_repo(
        {
            "fleets/prod.yaml": FLEET,
            "policies/web.yaml": AFFINITIES,
            "apps/web.yaml": _deployment("web", 12),
        }
    )
    assert run_cli("render", "--repo", repo).exit_code == 0
    assert (_observed(repo / "out"), _placements(repo / "out")["web"]) == (
        "primary",
        {"member1": 12},
    )
    # member1 fails: primary has no feasible cluster, the backup term takes over.
    run_cli(
        "cluster",
        "taint",
        "--repo",
        repo,
        "member1",
        "cluster.karmada.io/not-ready:NoExecute",
    )
    assert run_cli("render", "--repo", repo).exit_code == 0
    assert (_observed(repo / "out"), _placements(repo / "out")["web"]) == (
        "backup",
        {"member2": 3, "member3": 9},
    )
    # member1 recovers: scheduling resumes at the observed term, so nothing moves back...
    run_cli(
        "cluster",
        "taint",
        "--repo",
        repo,
        "member1",
        "cluster.karmada.io/not-ready:NoExecute-",
    )
    kept = snapshot(repo / "out")
    assert run_cli("render", "--repo", repo).exit_code == 0
    assert snapshot(repo / "out") == kept
    # ...until a fresh reschedule starts again at the first term.
    result = run_cli("render", "--repo", repo, "--fresh")
    assert result.exit_code == 0
    assert (_observed(repo / "out"), _placements(repo / "out")["web"]) == (
        "primary",
        {"member1": 12},
    )
    assert result.stdout.splitlines()[0] == (
        "Deployment default/web: member1 0→12 (gained), member2 3→0 (lost), member3 9→0 (lost)"
    )


PINNED = """\
apiVersion: policy.karmada.io/v1alpha1
kind: PropagationPolicy
metadata: {name: canary}
spec:
  resourceSelectors: [{apiVersion: apps/v1, kind: Deployment, name: canary}]
  placement:
    clusterAffinity: {clusterNames: [member1]}
"""


def test_a_workload_with_nowhere_left_to_go_is_a_warning_not_an_error(
    make_repo, run_cli
) -> None:
    repo = make_repo(
        {
            **FILES,
            "policies/canary.yaml": PINNED,
            "apps/canary.yaml": _deployment("canary", 1),
        }
    )
    assert run_cli("render", "--repo", repo).exit_code == 0
    run_cli(
        "cluster",
        "taint",
        "--repo",
        repo,
        "member1",
        "cluster.karmada.io/not-ready:NoExecute",
    )
    warning = (
        "policies/canary.yaml:6:3: warning: $.spec.placement: cannot schedule Deployment default/canary: "
        "0/3 clusters are available: 1 cluster(s) had untolerated taint "
        "{cluster.karmada.io/not-ready:NoExecute}, 2 cluster(s) did not match the placement cluster "
        "affinity constraint; the NoExecute taint of member1 is the cause, so as in Karmada it keeps "
        "what the eviction left: no cluster (tolerate the taint, widen the placement, or remove the taint)"
    )
    for _ in range(2):  # the same on the next render: out/ stays a fixed point
        result = run_cli("render", "--repo", repo)
        assert result.exit_code == 0, result.output
        assert result.stderr.splitlines() == [warning]
        assert _placements(repo / "out")["canary"] == {}
    assert run_cli("render", "--repo", repo, "--strict").exit_code == 2
    # Without the failure, the canary comes back.
    run_cli(
        "cluster",
        "taint",
        "--repo",
        repo,
        "member1",
        "cluster.karmada.io/not-ready:NoExecute-",
    )
    back = run_cli("render", "--repo", repo)
    assert "Deployment default/canary: member1 0→1 (gained)" in back.stdout.splitlines()


def test_a_policy_that_cannot_place_for_other_reasons_stays_an_error(
    make_repo, run_cli
) -> None:
    repo = make_repo(
        {
            **FILES,
            "policies/canary.yaml": PINNED,
            "apps/canary.yaml": _deployment("canary", 1),
        }
    )
    (repo / "fleets/prod.yaml").write_text(
        FLEET.replace(
            '    resources: {allocatable: {pods: "20"}}\n',
            '    resources: {allocatable: {pods: "20"}}\n'
            "    taints: [{key: dedicated, value: gpu, effect: NoSchedule}]\n",
            1,
        )
    )
    result = run_cli("render", "--repo", repo)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == (
        "policies/canary.yaml:6:3: error: $.spec.placement: cannot schedule Deployment default/canary: "
        "0/3 clusters are available: 1 cluster(s) had untolerated taint {dedicated=gpu:NoSchedule}, "
        "2 cluster(s) did not match the placement cluster affinity constraint."
    )


def test_a_toleration_of_zero_seconds_evicts_at_once(make_repo, run_cli) -> None:
    # Karmada's taint manager: the trigger time of a 0-second toleration is when the taint
    # was added, already past; the scheduler then keeps the cluster out while it evicts
    zero = POLICIES.replace("  placement: {}", "  placement:\n    clusterTolerations:\n"
                            "    - {key: cluster.karmada.io/not-ready, operator: Exists, effect: NoExecute,"
                            " tolerationSeconds: 0}", 1)
    repo = make_repo({**FILES, "policies/all.yaml": zero})
    assert run_cli("render", "--repo", repo).exit_code == 0
    assert _placements(repo / "out")["cache"] == {"member1": 2, "member2": 2, "member3": 2}
    tainted = run_cli("cluster", "taint", "--repo", repo, "member1", "cluster.karmada.io/not-ready:NoExecute")
    assert tainted.exit_code == 0, tainted.output
    assert run_cli("render", "--repo", repo).exit_code == 0
    assert _placements(repo / "out")["cache"] == {"member2": 2, "member3": 2}


def test_a_policy_for_another_scheduler_places_nothing(make_repo, run_cli) -> None:
    other = POLICIES.replace("  placement: {}", "  schedulerName: my-scheduler\n  placement: {}", 1)
    repo = make_repo({**FILES, "policies/all.yaml": other})
    result = run_cli("render", "--repo", repo)
    assert result.exit_code == 0
    assert any("Deployment default/cache goes nowhere: PropagationPolicy/default/cache names schedulerName"
               " 'my-scheduler', and Karmada's scheduler (default-scheduler) leaves such bindings to that scheduler"
               in line and "$.spec.schedulerName" in line for line in result.stderr.splitlines())
    assert "cache" not in _placements(repo / "out")
    explained = run_cli("explain", "deployment/cache", "--repo", repo)
    assert "names schedulerName 'my-scheduler'" in explained.output and "it goes to no cluster" in explained.output
