"""Bad input: a clear error naming file, line and field, exit 2, and out/ exactly as it was."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import snapshot, write_repo

FLEET = """\
apiVersion: fleet.kurator.dev/v1alpha1
kind: Fleet
metadata:
  name: prod
spec:
  clusters:
  - name: member1
    labels: {region: r1}
  - name: member2
    labels: {region: r2}
  - name: member3
    labels: {region: r3}
"""

POLICY = """\
apiVersion: policy.karmada.io/v1alpha1
kind: PropagationPolicy
metadata:
  name: web
spec:
  resourceSelectors:
  - apiVersion: apps/v1
    kind: Deployment
    name: web
  placement:
    clusterAffinity:
      clusterNames: [member1, member2]
    replicaScheduling:
      replicaSchedulingType: Divided
      weightPreference:
        staticWeightList:
        - targetCluster: {clusterNames: [member1]}
          weight: 2
        - targetCluster: {clusterNames: [member2]}
          weight: 1
"""

APP = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
        image: nginx:1.25
"""

BASE = {"fleets/prod.yaml": FLEET, "policies/web.yaml": POLICY, "apps/web.yaml": APP}

# (id, files changed from BASE, exact stderr lines before the summary)
CASES = [
    ("malformed-yaml", {"apps/web.yaml": "apiVersion: apps/v1\nkind: [Deployment\n"},
     ["apps/web.yaml:3:1: error: invalid YAML: did not find expected ',' or ']'"]),
    ("duplicate-key", {"apps/web.yaml": APP.replace("  replicas: 3\n", "  replicas: 3\n  replicas: 4\n")},
     ["apps/web.yaml:7:3: error: invalid YAML: duplicate key 'replicas'"]),
    ("unknown-policy-field", {"policies/web.yaml": POLICY.replace("clusterNames: [member1, member2]",
                                                                 "clusterNmes: [member1, member2]")},
     [("policies/web.yaml:12:7: error: $.spec.placement.clusterAffinity.clusterNmes: unknown field 'clusterNmes'"
      " (did you mean 'clusterNames'?)")]),
    ("negative-replicas", {"apps/web.yaml": APP.replace("replicas: 3", "replicas: -1")},
     ["apps/web.yaml:6:3: error: $.spec.replicas: replicas must be an integer from 0 to 2147483647, got -1"]),
    ("non-integer-replicas", {"apps/web.yaml": APP.replace("replicas: 3", "replicas: three")},
     ["apps/web.yaml:6:3: error: $.spec.replicas: replicas must be an integer from 0 to 2147483647, got 'three'"]),
    ("zero-weight", {"policies/web.yaml": POLICY.replace("weight: 2", "weight: 0")},
     [("policies/web.yaml:18:11: error: $.spec.placement.replicaScheduling.weightPreference.staticWeightList[0].weight:"
      " must be >= 1")]),
    ("string-weight", {"policies/web.yaml": POLICY.replace("weight: 2", "weight: two")},
     [("policies/web.yaml:18:11: error: $.spec.placement.replicaScheduling.weightPreference.staticWeightList[0].weight:"
      " must be integer, got string")]),
    ("duplicate-cluster", {"fleets/other.yaml": FLEET.replace("name: prod", "name: other").replace("{region: r2}", "{region: r9}")},
     [("fleets/prod.yaml:9:5: error: $.spec.clusters[1].name: cluster 'member2' is already defined differently"
      " in fleets/other.yaml (fleet 'other')")]),
    ("object-defined-twice", {"apps/zz-again.yaml": APP.replace("replicas: 3", "replicas: 4")},
     [("apps/zz-again.yaml:4:3: error: $.metadata.name: Deployment default/web is defined twice (first in"
      " apps/web.yaml)")]),
    ("policy-defined-twice", {"policies/zz-again.yaml": POLICY},
     [("policies/zz-again.yaml:4:3: error: $.metadata.name: PropagationPolicy default/web is defined twice"
      " (first in policies/web.yaml)")]),
    # Kubernetes reads a pattern's "$" as the end of the text: no label ends in a newline
    ("cluster-label-ending-in-a-newline", {"fleets/prod.yaml": FLEET.replace("{region: r2}", '{region: "r2\\n"}')},
     [("fleets/prod.yaml:10:14: error: $.spec.clusters[1].labels.region: must be a label value: empty, or at most"
       " 63 letters, digits, '-', '_' or '.', beginning and ending with a letter or digit")]),
    ("several-errors-at-once", {"apps/web.yaml": APP.replace("replicas: 3", "replicas: -1"),
                                "policies/web.yaml": POLICY.replace("weight: 2", "weight: 0")},
     [("policies/web.yaml:18:11: error: $.spec.placement.replicaScheduling.weightPreference.staticWeightList[0].weight:"
      " must be >= 1"),
      "apps/web.yaml:6:3: error: $.spec.replicas: replicas must be an integer from 0 to 2147483647, got -1"]),
]


@pytest.fixture
def rendered(make_repo, run_cli) -> Path:
    repo = make_repo(BASE)
    assert run_cli("render", "--repo", repo).exit_code == 0
    return repo


@pytest.mark.parametrize(("changes", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input_is_reported_and_out_is_untouched(rendered: Path, run_cli, changes, expected) -> None:
    before = snapshot(rendered / "out")
    write_repo(rendered, changes)
    result = run_cli("render", "--repo", rendered)
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert sorted(lines[:-1]) == sorted(expected)
    assert lines[-1].startswith("fleet-render: ") and lines[-1].endswith("out/ left unchanged")
    assert snapshot(rendered / "out") == before
    assert sorted(p.name for p in rendered.iterdir()) == ["apps", "fleets", "out", "policies"]


def test_unknown_cluster_name_warns_with_did_you_mean_and_strict_fails(make_repo, run_cli) -> None:
    repo = make_repo({**BASE, "policies/web.yaml": POLICY.replace("[member1, member2]", "[member1, membr2]")})
    result = run_cli("render", "--repo", repo)
    assert result.exit_code == 0
    warning = ("policies/web.yaml:12:31: warning: $.spec.placement.clusterAffinity.clusterNames[1]: cluster 'membr2' "
               "is not defined by any fleet; it matches nothing (did you mean 'member2'?)")
    assert warning in result.stderr.splitlines()
    strict = run_cli("render", "--repo", repo, "--strict", "--out", repo / "strict-out")
    assert strict.exit_code == 2
    assert warning.replace("warning:", "error:") in strict.stderr.splitlines()
    assert not (repo / "strict-out").exists()


IGNORED_FIELD_OVERRIDER = """\
apiVersion: policy.karmada.io/v1alpha1
kind: OverridePolicy
metadata:
  name: web
spec:
  resourceSelectors:
  - {apiVersion: apps/v1, kind: Deployment, name: web}
  overrideRules:
  - overriders:
      labelsOverrider: [{operator: add, value: {tier: web}}]
  overriders:
    fieldOverrider:
    - fieldPath: /data/config
      yaml: [{subPath: /a, operator: add, value: b}]
"""


def test_what_the_checks_only_warn_about_is_shown_and_strict_fails_on_it(make_repo, run_cli) -> None:
    repo = make_repo({**BASE, "policies/override.yaml": IGNORED_FIELD_OVERRIDER})
    result = run_cli("render", "--repo", repo)
    assert result.exit_code == 0
    warning = ("policies/override.yaml:12:5: warning: $.spec.overriders.fieldOverrider: is ignored: "
               "overrideRules is set")
    assert warning in result.stderr.splitlines()
    assert warning in run_cli("render", "--repo", repo).stderr.splitlines()  # replayed when up to date
    strict = run_cli("render", "--repo", repo, "--strict", "--out", repo / "strict-out")
    assert strict.exit_code == 2
    assert warning.replace("warning:", "error:") in strict.stderr.splitlines()


def test_an_object_no_policy_selects_goes_nowhere_with_a_warning(make_repo, run_cli) -> None:
    repo = make_repo({**BASE, "apps/lonely.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: lonely}\n"})
    result = run_cli("render", "--repo", repo)
    assert result.exit_code == 0
    assert ("apps/lonely.yaml:3:12: warning: $.metadata.name: ConfigMap default/lonely is selected by no "
            "propagation policy and goes nowhere") in result.stderr.splitlines()
    assert not list((repo / "out").rglob("configmap_lonely.yaml"))
    assert run_cli("render", "--repo", repo, "--strict").exit_code == 2


def test_out_that_fleet_render_did_not_create_is_refused(make_repo, run_cli) -> None:
    repo = make_repo({**BASE, "elsewhere/keep.txt": "precious\n"})
    result = run_cli("render", "--repo", repo, "--out", repo / "elsewhere")
    assert result.exit_code == 2
    assert "refusing to replace" in result.stderr
    assert (repo / "elsewhere" / "keep.txt").read_text() == "precious\n"


def test_objects_and_clusters_that_disappear_leave_out(rendered: Path, run_cli) -> None:
    write_repo(rendered, {"fleets/prod.yaml": FLEET.replace("  - name: member3\n    labels: {region: r3}\n", "")})
    (rendered / "apps/web.yaml").unlink()
    assert run_cli("render", "--repo", rendered).exit_code == 0
    assert sorted(p.name for p in (rendered / "out").iterdir() if p.is_dir()) == ["member1", "member2"]
    assert not list((rendered / "out").rglob("deployment.apps_web.yaml"))


def test_check_fails_until_render_is_rerun(rendered: Path, run_cli) -> None:
    assert run_cli("check", "--repo", rendered).exit_code == 0
    write_repo(rendered, {"apps/web.yaml": APP.replace("replicas: 3", "replicas: 6")})
    stale = run_cli("check", "--repo", rendered)
    assert stale.exit_code == 1
    assert stale.stdout.splitlines() == [f"changed: {rendered / 'out'}/bindings.yaml",
                                         f"changed: {rendered / 'out'}/member1/default/deployment.apps_web.yaml",
                                         f"changed: {rendered / 'out'}/member2/default/deployment.apps_web.yaml"]
    assert run_cli("render", "--repo", rendered).exit_code == 0
    assert run_cli("check", "--repo", rendered).exit_code == 0


KUBE_SYSTEM = """\
apiVersion: v1
kind: ConfigMap
metadata:
  name: cluster-settings
  namespace: kube-system
"""
ALL_CONFIGMAPS = """\
apiVersion: policy.karmada.io/v1alpha1
kind: ClusterPropagationPolicy
metadata:
  name: configmaps
spec:
  resourceSelectors:
  - apiVersion: v1
    kind: ConfigMap
  placement:
    clusterAffinity:
      clusterNames: [member1]
"""


def test_what_karmada_never_propagates_goes_nowhere_with_a_warning(make_repo, run_cli) -> None:
    # Karmada's detector skips kube-.* namespaces (its default), whatever policy selects them
    repo = make_repo({**BASE, "apps/settings.yaml": KUBE_SYSTEM, "policies/configmaps.yaml": ALL_CONFIGMAPS})
    result = run_cli("render", "--repo", repo)
    assert result.exit_code == 0
    assert ("apps/settings.yaml:5:3: warning: $.metadata.namespace: ConfigMap kube-system/cluster-settings is never"
            " propagated: Karmada skips the namespaces matching kube-.* (karmada-controller-manager's default"
            " --skipped-propagating-namespaces)") in result.stderr.splitlines()
    assert not list((repo / "out").rglob("*cluster-settings*")) and not (repo / "out/member1/kube-system").exists()
    explained = run_cli("explain", "configmap/cluster-settings", "-n", "kube-system", "--repo", repo)
    assert "none: Karmada never propagates it (Karmada skips the namespaces matching kube-.*" in explained.output
    assert run_cli("render", "--repo", repo, "--strict", "--out", repo / "strict-out").exit_code == 2


def test_a_policy_waiting_for_its_dependent_overrides_places_nothing(make_repo, run_cli) -> None:
    waiting = POLICY.replace("spec:\n", "spec:\n  dependentOverrides: [web-images]\n", 1)
    repo = make_repo({**BASE, "policies/web.yaml": waiting})
    result = run_cli("render", "--repo", repo)
    assert result.exit_code == 0
    assert ("policies/web.yaml:6:3: warning: $.spec.dependentOverrides: Deployment default/web goes nowhere:"
            " PropagationPolicy/default/web waits for its dependentOverrides, and no OverridePolicy in default is"
            " named 'web-images' (Karmada propagates it once they exist)") in result.stderr.splitlines()
    assert not list((repo / "out").rglob("deployment.apps_web.yaml"))
    explained = run_cli("explain", "deployment/web", "--repo", repo)
    assert ("but PropagationPolicy/default/web waits for its dependentOverrides, and no OverridePolicy in default is"
            " named 'web-images' (Karmada propagates it once they exist): it goes to no cluster") in explained.output
    # once the override policy exists, the object is placed as before
    override = ("apiVersion: policy.karmada.io/v1alpha1\nkind: OverridePolicy\nmetadata: {name: web-images}\n"
                "spec:\n  resourceSelectors: [{apiVersion: apps/v1, kind: Deployment, name: web}]\n"
                "  overrideRules: []\n")
    (repo / "policies/override.yaml").write_text(override)
    assert run_cli("render", "--repo", repo).exit_code == 0
    assert sorted(p.parent.parent.name for p in (repo / "out").rglob("deployment.apps_web.yaml")) == [
        "member1", "member2"]
