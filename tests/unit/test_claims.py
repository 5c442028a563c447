"""Who propagates an object besides the ranking, and where its copies are not sent:
Karmada's claims (claim metadata, the claimed-by label) and a policy's suspension."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from render import runner
from render.errors import RenderError
from tests.conftest import fleet_text, write_repo

FLEET = fleet_text("member1", "member2")
BY_NAME = """\
apiVersion: policy.karmada.io/v1alpha1
kind: PropagationPolicy
metadata: {name: by-name, namespace: team}
spec:
  resourceSelectors: [{apiVersion: v1, kind: ConfigMap, name: settings}]
  placement: {clusterAffinity: {clusterNames: [member1]}}
"""
BY_KIND = """\
apiVersion: policy.karmada.io/v1alpha1
kind: PropagationPolicy
metadata: {name: by-kind, namespace: team}
spec:
  resourceSelectors: [{apiVersion: v1, kind: ConfigMap}]
  placement: {clusterAffinity: {clusterNames: [member2]}}
"""


def _app(labels: str = "{}", annotations: str = "{}") -> str:
    return f"""\
apiVersion: v1
kind: ConfigMap
metadata: {{name: settings, namespace: team, labels: {labels}, annotations: {annotations}}}
data: {{a: b}}
"""


def _render(tmp_path: Path, app: str, *policies: str) -> runner.RenderReport:
    files = {"fleets/prod.yaml": FLEET, "apps/app.yaml": app}
    files.update({f"policies/p{i}.yaml": text for i, text in enumerate(policies)})
    return runner.build(write_repo(tmp_path, files))


def _clusters(report: runner.RenderReport) -> list[str]:
    return sorted(p.split("/")[0] for p in report.files if p.endswith("configmap_settings.yaml"))


CLAIM = ("{propagationpolicy.karmada.io/permanent-id: 5b0c}",
         "{propagationpolicy.karmada.io/namespace: team, propagationpolicy.karmada.io/name: by-kind}")


def test_a_claimed_object_stays_with_the_policy_that_claimed_it(tmp_path: Path) -> None:
    # by-name would win the ranking; the claim Karmada left on the object keeps by-kind
    assert _clusters(_render(tmp_path / "free", _app(), BY_NAME, BY_KIND)) == ["member1"]
    assert _clusters(_render(tmp_path / "claimed", _app(*CLAIM), BY_NAME, BY_KIND)) == ["member2"]


def test_a_claim_naming_no_policy_is_ranked_afresh(tmp_path: Path) -> None:
    assert _clusters(_render(tmp_path, _app(*CLAIM), BY_NAME)) == ["member1"]


def test_a_claim_whose_policy_no_longer_selects_the_object_sends_it_nowhere(tmp_path: Path) -> None:
    other = BY_KIND.replace("kind: ConfigMap}", "kind: ConfigMap, name: other}")
    report = _render(tmp_path, _app(*CLAIM), BY_NAME, other)
    assert _clusters(report) == []
    (warning,) = [w for w in report.warnings if w.file == "apps/app.yaml"]
    assert "carries the claim of PropagationPolicy/team/by-kind" in warning.message
    assert (warning.file, warning.field_path) == ("apps/app.yaml", ("metadata", "annotations"))


def test_an_object_claimed_by_another_controller_goes_nowhere(tmp_path: Path) -> None:
    report = _render(tmp_path, _app("{resourcetemplate.karmada.io/claimed-by: MultiClusterService}"), BY_NAME)
    assert _clusters(report) == []
    (warning,) = report.warnings
    assert "claimed by MultiClusterService" in warning.message
    assert warning.field_path == ("metadata", "labels", "resourcetemplate.karmada.io/claimed-by")
    assert warning.line == 3


def _bound_clusters(report: runner.RenderReport) -> list[str]:
    (binding,) = yaml.safe_load(report.files["bindings.yaml"])["items"]
    return [c["name"] for c in binding["spec"]["clusters"]]


EVERYWHERE = BY_NAME.replace("[member1]", "[member1, member2]")


def test_suspended_dispatching_sends_no_copy_but_keeps_the_binding(tmp_path: Path) -> None:
    suspended = EVERYWHERE.replace("  placement:", "  suspension: {dispatching: true}\n  placement:")
    report = _render(tmp_path, _app(), suspended)
    assert _clusters(report) == []
    assert _bound_clusters(report) == ["member1", "member2"]


def test_dispatching_suspended_on_named_clusters_skips_only_those(tmp_path: Path) -> None:
    suspended = EVERYWHERE.replace(
        "  placement:", "  suspension: {dispatchingOnClusters: {clusterNames: [member2]}}\n  placement:")
    report = _render(tmp_path, _app(), suspended)
    assert _clusters(report) == ["member1"]
    assert _bound_clusters(report) == ["member1", "member2"]
    explained = runner.explain(tmp_path, "ConfigMap", "settings", "team").text()
    assert "suspends dispatching to member2" in explained


def test_explain_names_the_claim(tmp_path: Path) -> None:
    _render(tmp_path, _app(*CLAIM), BY_NAME, BY_KIND)
    explained = runner.explain(tmp_path, "ConfigMap", "settings", "team").text()
    assert "PropagationPolicy/team/by-kind (policies/p1.yaml): chosen: the object carries its claim" in explained


CRD = """\
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.io}
spec:
  group: example.io
  scope: Cluster
  names: {kind: Widget, plural: widgets}
  versions: [{name: v1, served: true, storage: true, schema: {openAPIV3Schema: {type: object}}}]
---
apiVersion: example.io/v1
kind: Widget
metadata: {name: cluster-widget}
spec: {acme: {}}
"""
CLUSTER_WIDE = """\
apiVersion: policy.karmada.io/v1alpha1
kind: ClusterPropagationPolicy
metadata: {name: widgets}
spec:
  resourceSelectors: [{apiVersion: example.io/v1, kind: Widget}]
  placement: {clusterAffinity: {clusterNames: [member1]}}
"""
IN_DEFAULT = """\
apiVersion: policy.karmada.io/v1alpha1
kind: PropagationPolicy
metadata: {name: widgets, namespace: default}
spec:
  resourceSelectors: [{apiVersion: example.io/v1, kind: Widget}]
  placement: {clusterAffinity: {clusterNames: [member1]}}
"""


def test_a_custom_resource_its_crd_makes_cluster_scoped_has_no_namespace(tmp_path: Path) -> None:
    report = _render(tmp_path, CRD, CLUSTER_WIDE)
    (path,) = [p for p in report.files if "widget" in p]
    assert path.startswith("member1/_cluster/")
    assert "namespace" not in yaml.safe_load(report.files[path])["metadata"]


def test_a_propagation_policy_never_takes_a_cluster_scoped_custom_resource(tmp_path: Path) -> None:
    report = _render(tmp_path, CRD, IN_DEFAULT)
    assert not [p for p in report.files if "widget" in p]


def test_a_repo_whose_crds_make_kinds_cluster_scoped_is_never_patched(tmp_path: Path) -> None:
    from render import snapshot

    # a patch reads an edited policy's objects alone, not the CRD deciding their scope
    report = _render(tmp_path, CRD, CLUSTER_WIDE)
    assert report.inputs.cluster_kinds == {("example.io", "Widget")}
    assert not snapshot.patchable(report.inputs, report.plan)
    plain = _render(tmp_path / "plain", _app(), BY_NAME)
    assert snapshot.patchable(plain.inputs, plain.plan)


WIDGET = """\
apiVersion: example.io/v1
kind: Widget
metadata: {name: cluster-widget}
spec: {acme: {}}
"""


def test_fleet_render_yaml_names_cluster_scoped_kinds_whose_crds_live_elsewhere(tmp_path: Path) -> None:
    files = {"fleets/prod.yaml": FLEET, "apps/issuer.yaml": WIDGET, "policies/p.yaml": CLUSTER_WIDE,
             "fleet-render.yaml": "clusterScopedKinds:\n- {apiVersion: example.io/v1, kind: Widget}\n"}
    report = runner.build(write_repo(tmp_path, files))
    (path,) = [p for p in report.files if "widget" in p]
    assert path.startswith("member1/_cluster/")
    assert report.inputs.cluster_kinds == {("example.io", "Widget")}


def test_without_its_crd_or_a_setting_a_custom_resource_is_namespaced(tmp_path: Path) -> None:
    report = _render(tmp_path, WIDGET, IN_DEFAULT)
    (path,) = [p for p in report.files if "widget" in p]
    assert path.startswith("member1/default/")


def test_a_bad_cluster_scoped_kinds_entry_is_an_error_at_its_line(tmp_path: Path) -> None:
    files = {"fleets/prod.yaml": FLEET, "apps/issuer.yaml": WIDGET, "policies/p.yaml": CLUSTER_WIDE,
             "fleet-render.yaml": "clusterScopedKinds:\n- {kind: Widget}\n"}
    with pytest.raises(RenderError) as raised:
        runner.build(write_repo(tmp_path, files))
    (finding,) = raised.value.findings
    assert (finding.file, finding.field_path, finding.line) == ("fleet-render.yaml", ("clusterScopedKinds", 0), 2)
