from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from render.errors import RenderError, json_path
from render.validation import INPUT_KINDS, iter_schema_findings, schema_for

ROOT = Path(__file__).parents[2]
CONFORMANCE = ROOT / "tests" / "conformance"
SCHEMAS = ROOT / "render" / "schemas"
POLICY_API = "policy.karmada.io/v1alpha1"


def findings(doc: Any) -> list[tuple[str, str]]:
    return [(json_path(f.field_path), f.message) for f in iter_schema_findings(doc, "in.yaml")]


def pp(placement: Any = None, kind: str = "PropagationPolicy", **spec: Any) -> dict[str, Any]:
    spec.setdefault("resourceSelectors", [{"apiVersion": "apps/v1", "kind": "Deployment", "name": "nginx"}])
    if placement is not None:
        spec["placement"] = placement
    return {"apiVersion": POLICY_API, "kind": kind, "metadata": {"name": "nginx"}, "spec": spec}


def op(kind: str = "OverridePolicy", **spec: Any) -> dict[str, Any]:
    return {"apiVersion": POLICY_API, "kind": kind, "metadata": {"name": "o", "namespace": "default"}, "spec": spec}


def rule(**overriders: Any) -> dict[str, Any]:
    return {"targetCluster": {"clusterNames": ["member1"]}, "overriders": overriders}


def fleet(*clusters: Any, **spec: Any) -> dict[str, Any]:
    return {"apiVersion": "fleet.kurator.dev/v1alpha1", "kind": "Fleet", "metadata": {"name": "f"},
            "spec": {"clusters": list(clusters), **spec}}


def attached(**spec: Any) -> dict[str, Any]:
    return {"apiVersion": "cluster.kurator.dev/v1alpha1", "kind": "AttachedCluster",
            "metadata": {"name": "member1"}, "spec": spec}


def divided(**extra: Any) -> dict[str, Any]:
    return {"replicaSchedulingType": "Divided", **extra}


def terms(*names: str, **extra: Any) -> list[dict[str, Any]]:
    return [{"affinityName": n, "clusterNames": ["member1"], **extra} for n in names]


# --- verbatim documents, written the way Karmada's and Kurator's docs write them -------------

VALID_DOCS = """
apiVersion: policy.karmada.io/v1alpha1
kind: PropagationPolicy
metadata:
  name: nginx-propagation
  namespace: default
spec:
  resourceSelectors:
    - apiVersion: apps/v1
      kind: Deployment
      name: nginx
  placement:
    clusterAffinity:
      clusterNames:
        - member1
        - member2
    replicaScheduling:
      replicaDivisionPreference: Weighted
      replicaSchedulingType: Divided
      weightPreference:
        staticWeightList:
          - targetCluster:
              clusterNames:
                - member1
            weight: 1
          - targetCluster:
              clusterNames:
                - member2
            weight: 1
---
apiVersion: policy.karmada.io/v1alpha1
kind: PropagationPolicy
metadata:
  name: full
  namespace: default
  labels:
    app.kubernetes.io/name: web
  annotations:
    Example.COM/owner: team-a
spec:
  resourceSelectors:
    - apiVersion: apps/v1
      kind: Deployment
      labelSelector:
        matchLabels:
          app: web
        matchExpressions:
          - key: tier
            operator: In
            values: [frontend]
  propagateDeps: true
  priority: -5
  preemption: Never
  conflictResolution: Overwrite
  schedulerName: default-scheduler
  dependentOverrides: [web-override]
  activationPreference: Lazy
  preserveResourcesOnDeletion: false
  suspension:
    dispatchingOnClusters:
      clusterNames: [member3]
  failover:
    application:
      decisionConditions:
        tolerationSeconds: 120
      purgeMode: Gracefully
      gracePeriodSeconds: 600
      statePreservation:
        rules:
          - aliasLabelName: failover.karmada.io/replicas
            jsonPath: "{ .replicas }"
    cluster:
      purgeMode: Directly
  schedulePriority:
    priorityClassSource: KubePriorityClass
    priorityClassName: high
  placement:
    clusterAffinity:
      labelSelector:
        matchLabels:
          location: us
      fieldSelector:
        matchExpressions:
          - key: region
            operator: NotIn
            values: [cn-south-1]
      exclude: [member4]
    clusterTolerations:
      - key: cluster.karmada.io/not-ready
        operator: Exists
        effect: NoExecute
        tolerationSeconds: 30
      - key: dedicated
        operator: Equal
        value: gpu
        effect: NoSchedule
    spreadConstraints:
      - spreadByField: region
        maxGroups: 2
        minGroups: 1
      - spreadByField: cluster
        maxGroups: 4
        minGroups: 2
    replicaScheduling:
      replicaSchedulingType: Divided
      replicaDivisionPreference: Weighted
      weightPreference:
        dynamicWeight: AvailableReplicas
    workloadAffinity:
      affinity:
        groupByLabelKey: app.group
      antiAffinity:
        groupByLabelKey: app.anti
---
apiVersion: policy.karmada.io/v1alpha1
kind: ClusterPropagationPolicy
metadata:
  name: crd-broadcast
spec:
  resourceSelectors:
    - apiVersion: apiextensions.k8s.io/v1
      kind: CustomResourceDefinition
  placement:
    clusterAffinities:
      - affinityName: local-clusters
        clusterNames: [member1, member2]
        overflowAffinities:
          - affinityName: cloud
            labelSelector:
              matchLabels:
                cloud: "true"
      - affinityName: backup-clusters
        clusterNames: [member3]
    replicaScheduling:
      replicaSchedulingType: Divided
      replicaDivisionPreference: Aggregated
    spreadConstraints:
      - maxGroups: 2
---
apiVersion: policy.karmada.io/v1alpha1
kind: OverridePolicy
metadata:
  name: example
  namespace: default
spec:
  resourceSelectors:
    - apiVersion: apps/v1
      kind: Deployment
      name: myapp
      namespace: default
  overrideRules:
    - targetCluster:
        clusterNames:
          - member1
      overriders:
        imageOverrider:
          - predicate:
              path: /spec/template/spec/containers/0/image
            component: Registry
            operator: replace
            value: test-repo
        plaintext:
          - path: /spec/replicas
            operator: replace
            value: 3
          - path: /metadata/annotations
            operator: add
            value: {a: b}
          - path: /spec/paused
            operator: remove
        commandOverrider:
          - containerName: myapp
            operator: add
            value:
              - --cluster=member1
        argsOverrider:
          - containerName: myapp
            operator: remove
            value: [--debug]
        labelsOverrider:
          - operator: add
            value:
              env: skoala-dev
        annotationsOverrider:
          - operator: remove
            value:
              foo: bar
        fieldOverrider:
          - fieldPath: /data/config.yaml
            yaml:
              - subPath: /db/host
                operator: replace
                value: mysql.member1
              - subPath: /db/debug
                operator: remove
          - fieldPath: /data/config.json
            json:
              - subPath: /port
                operator: add
                value: 8080
---
apiVersion: policy.karmada.io/v1alpha1
kind: ClusterOverridePolicy
metadata:
  name: deprecated-form
spec:
  resourceSelectors:
    - apiVersion: v1
      kind: ConfigMap
  targetCluster:
    fieldSelector:
      matchExpressions:
        - key: provider
          operator: In
          values: [aws]
  overriders:
    plaintext:
      - path: /metadata/labels/cloud
        operator: add
        value: aws
---
apiVersion: fleet.kurator.dev/v1alpha1
kind: Fleet
metadata:
  name: quickstart
  namespace: default
spec:
  clusters:
    - name: kurator-member1
      kind: AttachedCluster
    - name: kurator-member2
      kind: AttachedCluster
  plugin:
    metric:
      thanos:
        objectStoreConfig:
          secretName: thanos-objstore
---
apiVersion: fleet.kurator.dev/v1alpha1
kind: Fleet
metadata:
  name: inline
spec:
  clusters:
    - name: member1
      labels: {env: prod, created: 2024-01-01}
      provider: aws
      region: us-east-1
      zones: [us-east-1a, us-east-1b]
      taints:
        - key: dedicated
          value: gpu
          effect: NoSchedule
          timeAdded: 2024-01-01T00:00:00Z
      resources:
        allocatable: {cpu: "8", memory: 32Gi, pods: 110}
        allocated: {cpu: 1500m, memory: 4Gi}
        allocating: {cpu: 0}
      values:
        ingressHost: member1.example.com
        replicas: null
    - name: member2
      zone: eu-west-1a
    - name: legacy
      kind: Cluster
  placement:
    clusterAffinity:
      clusterNames: [member1, member2]
    replicaScheduling:
      replicaSchedulingType: Duplicated
status:
  phase: Ready
---
apiVersion: cluster.kurator.dev/v1alpha1
kind: AttachedCluster
metadata:
  name: kurator-member1
  namespace: default
spec:
  kubeconfig:
    name: kurator-member1
    key: kurator-member1.config
---
apiVersion: cluster.kurator.dev/v1alpha1
kind: AttachedCluster
metadata:
  name: member3
spec:
  kubeconfig:
    secretRef: {name: member3-kubeconfig, namespace: kurator-system, key: value}
  labels: {env: staging}
  provider: gcp
  region: europe-west1
  zones: [europe-west1-b]
  taints: [{key: maintenance, effect: NoExecute}]
  resources:
    allocatable: {cpu: 4, memory: 16Gi}
status:
  ready: true
"""


def _valid_docs() -> list[Any]:
    return list(yaml.safe_load_all(VALID_DOCS))


@pytest.mark.parametrize("doc", _valid_docs(), ids=lambda d: f"{d['kind']}-{d['metadata']['name']}")
def test_verbatim_documents_validate_clean(doc: dict[str, Any]) -> None:
    assert findings(doc) == []


@pytest.mark.parametrize("doc", _valid_docs(), ids=lambda d: f"{d['kind']}-{d['metadata']['name']}")
def test_printed_schema_accepts_verbatim_documents_in_a_plain_validator(doc: dict[str, Any]) -> None:
    # What an editor sees: the printed schema alone, with no fleet-render code around it.
    plain = json.loads(json.dumps(doc, default=str))
    plain = _drop_nulls(plain)
    errors = list(Draft202012Validator(schema_for(doc["kind"])).iter_errors(plain))
    assert [e.message for e in errors] == []


def _drop_nulls(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _drop_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_drop_nulls(v) for v in value]
    return value


def _example_repo_docs() -> list[Any]:
    paths = sorted([*ROOT.glob("fleets/*.yaml"), *ROOT.glob("policies/*.yaml")])
    return [pytest.param(doc, id=f"{p.name}-{i}")
            for p in paths for i, doc in enumerate(yaml.safe_load_all(p.read_text()))]


@pytest.mark.parametrize("doc", _example_repo_docs())
def test_example_repo_validates_clean(doc: dict[str, Any]) -> None:
    assert findings(doc) == []


# --- the conformance vectors' policies are verbatim Karmada policies ---------------------------

# Vectors that feed Karmada's engine directly, bypassing admission; Karmada would refuse them.
REFUSED_BY_KARMADA = {
    "targetcluster-test-field-selector-other-key-not-matched": [
        ("$.spec.overrideRules[0].targetCluster.fieldSelector.matchExpressions[0].key",
         "must be one of: provider, region, zone")],
    "args-replace-operator-ignored": [
        ("$.spec.overrideRules[0].overriders.argsOverrider[0].operator", "must be one of: add, remove")],
}


def _conformance_policies() -> list[Any]:
    params = []
    for name in ("overrides.yaml", "overrides_extra.yaml"):
        for case in yaml.safe_load((CONFORMANCE / name).read_text()):
            for i, policy in enumerate(case.get("policies") or []):
                params.append(pytest.param(case["id"], policy, id=f"{case['id']}-{i}"))
    for name in ("replicas.yaml", "replicas_lowlevel.yaml", "replicas_extra.yaml", "replicas_lowlevel_extra.yaml"):
        for case in yaml.safe_load((CONFORMANCE / name).read_text()):
            if isinstance(case.get("placement"), dict):
                params.append(pytest.param(case["id"], pp(case["placement"]), id=case["id"]))
    return params


@pytest.mark.parametrize(("case_id", "policy"), _conformance_policies())
def test_conformance_policies_validate(case_id: str, policy: dict[str, Any]) -> None:
    # errors only: Karmada's tables use names the API server refuses ("overridePolicy1"), a warning
    errors = [(json_path(f.field_path), f.message) for f in iter_schema_findings(policy, "in.yaml")
              if f.severity == "error"]
    assert errors == REFUSED_BY_KARMADA.get(case_id, [])


@pytest.mark.parametrize("case", [pytest.param(c, id=c["id"]) for c in
                                  yaml.safe_load((CONFORMANCE / "overrides_validation_extra.yaml").read_text())])
def test_karmadas_override_validation_cases(case: dict[str, Any]) -> None:
    errors = [f for f in iter_schema_findings(case["policy"], "policies/p.yaml") if f.severity == "error"]
    assert (errors == []) is case["expect_valid"], [f.message for f in errors]


# --- schema problems: one finding each, at the offending field --------------------------------

SCHEMA_CASES = [
    ("unknown-field", pp({"clusterAffinity": {"clusterNmes": ["m1"]}}),
     [("$.spec.placement.clusterAffinity.clusterNmes", "unknown field 'clusterNmes'")]),
    ("wrong-type", pp({"replicaScheduling": divided(weightPreference={"staticWeightList": [
        {"targetCluster": {"clusterNames": ["m1"]}, "weight": "2"}]})}),
     [("$.spec.placement.replicaScheduling.weightPreference.staticWeightList[0].weight",
       "must be integer, got string")]),
    ("float-is-not-integer", pp(priority=3.0), [("$.spec.priority", "must be integer, got number")]),
    ("bool-is-not-integer", pp(priority=True), [("$.spec.priority", "must be integer, got boolean")]),
    ("bool-is-not-string", pp({"clusterAffinity": {"clusterNames": [True]}}),
     [("$.spec.placement.clusterAffinity.clusterNames[0]", "must be string, got boolean")]),
    ("enum", pp({"replicaScheduling": {"replicaSchedulingType": "Divded"}}),
     [("$.spec.placement.replicaScheduling.replicaSchedulingType", "must be one of: Duplicated, Divided")]),
    ("enum-wrong-type-one-finding", pp({"replicaScheduling": {"replicaSchedulingType": 1}}),
     [("$.spec.placement.replicaScheduling.replicaSchedulingType", "must be string, got integer")]),
    ("missing-selectors", pp(resourceSelectors=None),
     [("$.spec.resourceSelectors", "missing required field 'resourceSelectors'")]),
    ("empty-selectors", pp(resourceSelectors=[]), [("$.spec.resourceSelectors", "must not be empty")]),
    ("selector-without-kind", pp(resourceSelectors=[{"apiVersion": "v1"}]),
     [("$.spec.resourceSelectors[0].kind", "missing required field 'kind'")]),
    ("weight-below-1", pp({"replicaScheduling": divided(weightPreference={"staticWeightList": [
        {"targetCluster": {}, "weight": 0}]})}),
     [("$.spec.placement.replicaScheduling.weightPreference.staticWeightList[0].weight", "must be >= 1")]),
    ("weight-beyond-int64", pp({"replicaScheduling": divided(weightPreference={"staticWeightList": [
        {"targetCluster": {}, "weight": 2**63}]})}),
     [("$.spec.placement.replicaScheduling.weightPreference.staticWeightList[0].weight",
       "must be <= 9223372036854775807")]),
    ("priority-beyond-int32", pp(priority=2**31), [("$.spec.priority", "must be <= 2147483647")]),
    ("priority-below-int32", pp(priority=-(2**31) - 1), [("$.spec.priority", "must be >= -2147483648")]),
    ("negative-groups", pp({"spreadConstraints": [{"spreadByField": "cluster", "minGroups": -1, "maxGroups": -2}]}),
     [("$.spec.placement.spreadConstraints[0].maxGroups", "must be >= 0"),
      ("$.spec.placement.spreadConstraints[0].minGroups", "must be >= 0")]),
    ("spread-field-enum", pp({"spreadConstraints": [{"spreadByField": "regoin"}]}),
     [("$.spec.placement.spreadConstraints[0].spreadByField", "must be one of: cluster, region, zone, provider")]),
    ("toleration-lt", pp({"clusterTolerations": [{"key": "k", "operator": "Lt", "value": "3"}]}),
     [("$.spec.placement.clusterTolerations[0].operator", 'must be one of: Equal, Exists, ""')]),
    ("toleration-seconds-type", pp({"clusterTolerations": [{"key": "k", "tolerationSeconds": "30"}]}),
     [("$.spec.placement.clusterTolerations[0].tolerationSeconds", "must be integer, got string")]),
    ("field-selector-key", pp({"clusterAffinity": {"fieldSelector": {"matchExpressions": [
        {"key": "name", "operator": "In", "values": ["a"]}]}}}),
     [("$.spec.placement.clusterAffinity.fieldSelector.matchExpressions[0].key",
       "must be one of: provider, region, zone")]),
    ("field-selector-operator", pp({"clusterAffinity": {"fieldSelector": {"matchExpressions": [
        {"key": "zone", "operator": "Exists"}]}}}),
     [("$.spec.placement.clusterAffinity.fieldSelector.matchExpressions[0].operator", "must be one of: In, NotIn")]),
    ("label-selector-operator", pp({"clusterAffinity": {"labelSelector": {"matchExpressions": [
        {"key": "a", "operator": "Equals"}]}}}),
     [("$.spec.placement.clusterAffinity.labelSelector.matchExpressions[0].operator",
       "must be one of: In, NotIn, Exists, DoesNotExist")]),
    ("affinity-name-empty", pp({"clusterAffinities": [{"affinityName": ""}]}),
     [("$.spec.placement.clusterAffinities[0].affinityName", "must not be empty")]),
    ("affinity-name-too-long", pp({"clusterAffinities": [{"affinityName": "a" * 33}]}),
     [("$.spec.placement.clusterAffinities[0].affinityName", "must be at most 32 characters")]),
    ("affinity-name-missing", pp({"clusterAffinities": [{"clusterNames": ["m1"]}]}),
     [("$.spec.placement.clusterAffinities[0].affinityName", "missing required field 'affinityName'")]),
    ("preemption-enum", pp(preemption="always"), [("$.spec.preemption", "must be one of: Always, Never")]),
    ("schedule-priority-source", pp(schedulePriority={"priorityClassSource": "PodPriorityClass",
                                                      "priorityClassName": "x"}),
     [("$.spec.schedulePriority.priorityClassSource", "must be one of: KubePriorityClass")]),
    ("grace-period-zero", pp(propagateDeps=True, failover={"application": {
        "decisionConditions": {}, "gracePeriodSeconds": 0}}),
     [("$.spec.failover.application.gracePeriodSeconds", "must be >= 1")]),
    ("plaintext-operator", op(overrideRules=[rule(plaintext=[{"path": "/a", "operator": "update"}])]),
     [("$.spec.overrideRules[0].overriders.plaintext[0].operator", "must be one of: add, remove, replace")]),
    ("image-component", op(overrideRules=[rule(imageOverrider=[{"component": "registry", "operator": "add"}])]),
     [("$.spec.overrideRules[0].overriders.imageOverrider[0].component",
       "must be one of: Registry, Repository, Tag")]),
    ("image-predicate-pointer", op(overrideRules=[rule(imageOverrider=[
        {"predicate": {"path": "spec/containers/0/image"}, "component": "Tag", "operator": "add"}])]),
     [("$.spec.overrideRules[0].overriders.imageOverrider[0].predicate.path",
       "must be a JSON pointer: empty, or beginning with '/'")]),
    ("command-value-not-list", op(overrideRules=[rule(commandOverrider=[
        {"containerName": "c", "operator": "add", "value": "--x"}])]),
     [("$.spec.overrideRules[0].overriders.commandOverrider[0].value", "must be array, got string")]),
    ("labels-value-int", op(overrideRules=[rule(labelsOverrider=[{"operator": "add", "value": {"v": 1}}])]),
     [("$.spec.overrideRules[0].overriders.labelsOverrider[0].value.v", "must be string, got integer")]),
    ("labels-value-invalid", op(overrideRules=[rule(labelsOverrider=[{"operator": "add", "value": {"v": "a b"}}])]),
     [("$.spec.overrideRules[0].overriders.labelsOverrider[0].value.v",
       "must be a label value: empty, or at most 63 letters, digits, '-', '_' or '.', "
       "beginning and ending with a letter or digit")]),
    ("annotation-key-invalid", op(overrideRules=[rule(annotationsOverrider=[
        {"operator": "add", "value": {"bad key": "x"}}])]),
     [("$.spec.overrideRules[0].overriders.annotationsOverrider[0].value.bad key",
       "key 'bad key' must be a qualified name: an optional DNS subdomain and '/', then at most 63 letters, "
       "digits, '-', '_' or '.', beginning and ending with a letter or digit")]),
    ("field-path-pointer", op(overrideRules=[rule(fieldOverrider=[
        {"fieldPath": "data/x", "json": [{"subPath": "/a", "operator": "remove"}]}])]),
     [("$.spec.overrideRules[0].overriders.fieldOverrider[0].fieldPath",
       "must be a JSON pointer: empty, or beginning with '/'")]),
    ("rule-without-overriders", op(overrideRules=[{"targetCluster": {}}]),
     [("$.spec.overrideRules[0].overriders", "missing required field 'overriders'")]),
    ("fleet-inline-unknown", fleet({"name": "m1", "regoin": "eu"}),
     [("$.spec.clusters[0].regoin", "unknown field 'regoin'")]),
    ("fleet-reference-kind", fleet({"name": "m1", "kind": "AttachedClustr"}),
     [("$.spec.clusters[0].kind", "must be one of: AttachedCluster, CustomCluster, Cluster")]),
    ("fleet-reference-with-fields", fleet({"name": "m1", "kind": "AttachedCluster", "region": "eu"}),
     [("$.spec.clusters[0].region", "unknown field 'region'")]),
    ("fleet-cluster-name", fleet({"name": "Member_1"}),
     [("$.spec.clusters[0].name", "must be a cluster name: at most 48 lower-case letters, digits or '-', "
                                  "beginning and ending with a letter or digit")]),
    ("fleet-cluster-not-object", fleet("member1"), [("$.spec.clusters[0]", "must be object, got string")]),
    ("fleet-taint-effect", fleet({"name": "m1", "taints": [{"key": "k", "effect": "NoSchedul"}]}),
     [("$.spec.clusters[0].taints[0].effect", "must be one of: NoSchedule, NoExecute")]),
    # Karmada's Cluster validation refuses PreferNoSchedule, as `cluster taint` does
    ("fleet-taint-prefer-no-schedule", fleet({"name": "m1", "taints": [{"key": "k", "effect": "PreferNoSchedule"}]}),
     [("$.spec.clusters[0].taints[0].effect", "must be one of: NoSchedule, NoExecute")]),
    ("fleet-taint-no-effect", fleet({"name": "m1", "taints": [{"key": "k"}]}),
     [("$.spec.clusters[0].taints[0].effect", "missing required field 'effect'")]),
    ("fleet-quantity", fleet({"name": "m1", "resources": {"allocatable": {"cpu": "4 cores"}}}),
     [("$.spec.clusters[0].resources.allocatable.cpu", "must be a Kubernetes quantity such as 4, 500m or 8Gi")]),
    ("fleet-quantity-type", fleet({"name": "m1", "resources": {"allocatable": {"cpu": True}}}),
     [("$.spec.clusters[0].resources.allocatable.cpu", "must be string or number, got boolean")]),
    ("fleet-placement", fleet(placement={"replicaScheduling": {"replicaSchedulingType": "divided"}}),
     [("$.spec.placement.replicaScheduling.replicaSchedulingType", "must be one of: Duplicated, Divided")]),
    ("fleet-preference-weight", fleet(placement={"clusterAffinity": {
        "preferredDuringSchedulingIgnoredDuringExecution": [{"weight": 101, "preference": {}}]}}),
     [("$.spec.placement.clusterAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight",
       "must be <= 100")]),
    ("preference-is-fleet-only", pp({"clusterAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": []}}),
     [("$.spec.placement.clusterAffinity.preferredDuringSchedulingIgnoredDuringExecution",
       "unknown field 'preferredDuringSchedulingIgnoredDuringExecution'")]),
    ("attached-kubeconfig", attached(kubeconfig={"secretRf": {"name": "x"}}),
     [("$.spec.kubeconfig.secretRf", "unknown field 'secretRf'")]),
    ("misspelt-required-reported-once", {"apiVersion": POLICY_API, "kind": "PropagationPolicy",
                                         "metadata": {"name": "p"}, "sepc": {}},
     [("$.sepc", "unknown field 'sepc'")]),
    ("metadata-without-name", {**pp(), "metadata": {"namespace": "default"}},
     [("$.metadata.name", "missing required field 'name'")]),
    ("metadata-label-key", {**pp(), "metadata": {"name": "p", "labels": {"-x": "y"}}},
     [("$.metadata.labels.-x", "key '-x' must be a qualified name: an optional DNS subdomain and '/', then at most "
                               "63 letters, digits, '-', '_' or '.', beginning and ending with a letter or digit")]),
    ("unknown-fields-sorted", pp({"zz": 1, "aa": 2}),
     [("$.spec.placement.aa", "unknown field 'aa'"), ("$.spec.placement.zz", "unknown field 'zz'")]),
    ("not-a-mapping", [1, 2], [("$", "must be object, got array")]),
    ("unknown-kind", {**pp(), "kind": "PropagationPolcy"}, [("$.kind", "unknown kind 'PropagationPolcy'")]),
    ("missing-kind", {"apiVersion": POLICY_API}, [("$.kind", "missing required field 'kind'")]),
    ("wrong-api-version", {**pp(), "apiVersion": "policy.karmada.io/v1beta1"},
     [("$.apiVersion", "must be 'policy.karmada.io/v1alpha1' for kind PropagationPolicy")]),
    ("non-string-key", pp({"clusterAffinity": {1: "x"}}),
     [("$.spec.placement.clusterAffinity.1", "key must be string, got integer")]),
    ("nulls-are-absent", pp({"clusterAffinity": None, "spreadConstraints": None}, priority=None), []),
    ("null-required-is-missing", pp(resourceSelectors=[{"apiVersion": "v1", "kind": None}]),
     [("$.spec.resourceSelectors[0].kind", "missing required field 'kind'")]),
]


@pytest.mark.parametrize(("doc", "expected"), [c[1:] for c in SCHEMA_CASES], ids=[c[0] for c in SCHEMA_CASES])
def test_schema_problems(doc: Any, expected: list[tuple[str, str]]) -> None:
    assert findings(doc) == expected


HINT_CASES = [
    ("field", pp({"clusterAffinity": {"clusterNmes": ["m1"]}}), "did you mean 'clusterNames'?"),
    ("field-case", pp({"ClusterAffinity": {}}), "did you mean 'clusterAffinity'?"),
    ("top-level", {**pp(), "sepc": {}}, "did you mean 'spec'?"),
    ("enum", pp({"replicaScheduling": {"replicaSchedulingType": "Divded"}}), "did you mean 'Divided'?"),
    ("enum-case", pp({"spreadConstraints": [{"spreadByField": "Region"}]}), "did you mean 'region'?"),
    ("overrider", op(overrideRules=[rule(imageOverrides=[])]), "did you mean 'imageOverrider'?"),
    ("component", op(overrideRules=[rule(imageOverrider=[{"component": "registry", "operator": "add"}])]),
     "did you mean 'Registry'?"),
    ("inline-cluster", fleet({"name": "m1", "regoin": "eu"}), "did you mean 'region'?"),
    ("reference-kind", fleet({"name": "m1", "kind": "AttachedClustr"}), "did you mean 'AttachedCluster'?"),
    ("taint-effect", fleet({"name": "m1", "taints": [{"key": "k", "effect": "NoSchedul"}]}),
     "did you mean 'NoSchedule'?"),
    ("kind", {**pp(), "kind": "PropagationPolcy"}, "did you mean 'PropagationPolicy'?"),
    ("far-miss", pp({"clusterAffinity": {"banana": 1}}), None),
]


@pytest.mark.parametrize(("doc", "hint"), [c[1:] for c in HINT_CASES], ids=[c[0] for c in HINT_CASES])
def test_near_misses_get_a_did_you_mean_hint(doc: Any, hint: str | None) -> None:
    [finding] = iter_schema_findings(doc, "in.yaml")
    assert finding.hint == hint
    assert finding.stage == "validate"
    assert finding.file == "in.yaml"


# --- Karmada's webhook rules ------------------------------------------------------------------

RULE_CASES = [
    ("affinity-and-affinities", pp({"clusterAffinity": {}, "clusterAffinities": terms("a")}),
     [("$.spec.placement.clusterAffinities", "cannot be combined with clusterAffinity")]),
    ("empty-affinities-still-conflict", pp({"clusterAffinity": {}, "clusterAffinities": []}),
     [("$.spec.placement.clusterAffinities", "cannot be combined with clusterAffinity")]),
    ("duplicate-affinity-name", pp({"clusterAffinities": terms("a", "b", "a")}),
     [("$.spec.placement.clusterAffinities[2].affinityName", "duplicate affinityName 'a'")]),
    ("spread-field-and-label", pp({"spreadConstraints": [{"spreadByField": "cluster", "spreadByLabel": "x"}]}),
     [("$.spec.placement.spreadConstraints[0].spreadByLabel", "cannot be combined with spreadByField")]),
    ("max-below-min", pp({"spreadConstraints": [{"spreadByField": "cluster", "minGroups": 3, "maxGroups": 2}]}),
     [("$.spec.placement.spreadConstraints[0].maxGroups", "must not be lower than minGroups (3)")]),
    ("max-zero-is-unset", pp({"spreadConstraints": [{"spreadByField": "cluster", "minGroups": 3}]}), []),
    ("duplicate-spread-field", pp({"spreadConstraints": [
        {"spreadByField": "cluster"}, {"spreadByField": "region"}, {"spreadByField": "region"},
        {"spreadByField": "region"}]}),
     [("$.spec.placement.spreadConstraints[2].spreadByField", "duplicate spreadByField 'region'")]),
    ("spread-without-cluster", pp({"spreadConstraints": [{"spreadByField": "region", "maxGroups": 2}]}),
     [("$.spec.placement.spreadConstraints",
       "must include a spreadByField 'cluster' constraint when spreading by field")]),
    ("empty-constraint-is-cluster", pp({"spreadConstraints": [{"spreadByField": "region"}, {"maxGroups": 2}]}), []),
    ("empty-constraint-duplicates-cluster", pp({"spreadConstraints": [{"spreadByField": "cluster"}, {}]}),
     [("$.spec.placement.spreadConstraints[1].spreadByField", "duplicate spreadByField 'cluster'")]),
    ("label-spread-alone", pp({"spreadConstraints": [{"spreadByLabel": "team"}]}), []),
    ("overflow-with-static-weights", pp({"clusterAffinities": terms("a", overflowAffinities=[
        {"affinityName": "o", "clusterNames": ["m2"]}]), "replicaScheduling": divided()}),
     [("$.spec.placement.clusterAffinities[0].overflowAffinities",
       "needs Divided replicas with Aggregated division or a dynamicWeight")]),
    ("overflow-with-duplicated", pp({"clusterAffinities": terms("a", overflowAffinities=[]),
                                     "replicaScheduling": {"replicaSchedulingType": "Duplicated",
                                                           "replicaDivisionPreference": "Aggregated"}}),
     [("$.spec.placement.clusterAffinities[0].overflowAffinities",
       "needs Divided replicas with Aggregated division or a dynamicWeight")]),
    ("overflow-without-replica-scheduling", pp({"clusterAffinities": terms("a", overflowAffinities=[])}),
     [("$.spec.placement.clusterAffinities[0].overflowAffinities",
       "needs Divided replicas with Aggregated division or a dynamicWeight")]),
    ("overflow-with-dynamic-weight", pp({"clusterAffinities": terms("a", overflowAffinities=[
        {"affinityName": "o"}]), "replicaScheduling": {"weightPreference": {"dynamicWeight": "AvailableReplicas"}}}),
     []),
    ("overflow-with-aggregated", pp({"clusterAffinities": terms("a", overflowAffinities=[{"affinityName": "o"}]),
                                     "replicaScheduling": divided(replicaDivisionPreference="Aggregated")}), []),
    ("overflow-without-inline-affinity", pp({"clusterAffinities": [{"affinityName": "a", "overflowAffinities": [
        {"affinityName": "o"}]}], "replicaScheduling": divided(replicaDivisionPreference="Aggregated")}),
     [("$.spec.placement.clusterAffinities[0].overflowAffinities",
       "needs a non-empty inline affinity in the same term")]),
    ("overflow-empty-label-selector-counts", pp({"clusterAffinities": [{"affinityName": "a", "labelSelector": {},
                                                 "overflowAffinities": [{"affinityName": "o"}]}],
                                                 "replicaScheduling": divided(replicaDivisionPreference="Aggregated")}),
     []),
    ("overflow-name-repeats-term", pp({"clusterAffinities": terms("a", overflowAffinities=[
        {"affinityName": "o"}, {"affinityName": "a"}, {"affinityName": "o"}]),
        "replicaScheduling": divided(replicaDivisionPreference="Aggregated")}),
     [("$.spec.placement.clusterAffinities[0].overflowAffinities[1].affinityName", "duplicate affinityName 'a'"),
      ("$.spec.placement.clusterAffinities[0].overflowAffinities[2].affinityName", "duplicate affinityName 'o'")]),
    ("workload-affinity-same-key", pp({"workloadAffinity": {"affinity": {"groupByLabelKey": "g"},
                                                            "antiAffinity": {"groupByLabelKey": "g"}}}),
     [("$.spec.placement.workloadAffinity.antiAffinity.groupByLabelKey", "must differ from affinity.groupByLabelKey")]),
    ("failover-needs-deps", pp(failover={"application": {"decisionConditions": {}}}),
     [("$.spec.propagateDeps", "must be true when failover.application is set")]),
    ("failover-service-import-sets-deps", pp(
        failover={"application": {"decisionConditions": {}}},
        resourceSelectors=[{"apiVersion": "multicluster.x-k8s.io/v1alpha1", "kind": "ServiceImport"}]), []),
    ("grace-period-needs-graceful", pp(propagateDeps=True, failover={"application": {
        "decisionConditions": {}, "purgeMode": "Directly", "gracePeriodSeconds": 30}}),
     [("$.spec.failover.application.gracePeriodSeconds", "only applies with purgeMode Gracefully")]),
    ("grace-period-default-purge-mode", pp(propagateDeps=True, failover={"application": {
        "decisionConditions": {}, "gracePeriodSeconds": 30}}), []),
    ("suspension", pp(suspension={"dispatching": True, "dispatchingOnClusters": {"clusterNames": ["m1"]}}),
     [("$.spec.suspension.dispatchingOnClusters", "cannot be combined with dispatching: true")]),
    ("selector-namespace", {**pp(resourceSelectors=[{"apiVersion": "v1", "kind": "ConfigMap", "namespace": "b"},
                                                    {"apiVersion": "v1", "kind": "Secret"}]),
                            "metadata": {"name": "p", "namespace": "a"}},
     [("$.spec.resourceSelectors[0].namespace", "must be the policy's namespace 'a'")]),
    ("selector-namespace-defaults-to-default", pp(resourceSelectors=[
        {"apiVersion": "v1", "kind": "ConfigMap", "namespace": "b"}]),
     [("$.spec.resourceSelectors[0].namespace", "must be the policy's namespace 'default'")]),
    ("cluster-policy-any-namespace", pp(kind="ClusterPropagationPolicy", resourceSelectors=[
        {"apiVersion": "v1", "kind": "ConfigMap", "namespace": "b"}]), []),
    ("preemption-needs-names", pp(preemption="Always", resourceSelectors=[
        {"apiVersion": "v1", "kind": "ConfigMap", "name": "c"}, {"apiVersion": "v1", "kind": "Secret"}]),
     [("$.spec.resourceSelectors[1].name", "must be set when preemption is Always")]),
    ("rules-and-target-cluster", op(overrideRules=[], targetCluster={}),
     [("$.spec.targetCluster", "cannot be combined with overrideRules")]),
    ("rules-and-overriders", op(overrideRules=[rule()], overriders={"plaintext": [
        {"path": "/a", "operator": "remove"}]}),
     [("$.spec.overriders", "cannot be combined with overrideRules")]),
    ("rules-and-empty-overriders", op(overrideRules=[rule()], overriders={"plaintext": []}), []),
    ("deprecated-alone", op(targetCluster={}, overriders={"plaintext": [{"path": "/a", "operator": "remove"}]}), []),
    ("field-overrider-both", op(overrideRules=[rule(fieldOverrider=[{
        "fieldPath": "/data/a", "json": [{"subPath": "/x", "operator": "remove"}],
        "yaml": [{"subPath": "/x", "operator": "remove"}]}])]),
     [("$.spec.overrideRules[0].overriders.fieldOverrider[0]", "must set only one of json and yaml")]),
    ("field-overrider-neither", op(overrideRules=[rule(fieldOverrider=[{"fieldPath": "/data/a", "json": []}])]),
     [("$.spec.overrideRules[0].overriders.fieldOverrider[0]", "must set one of json and yaml")]),
    ("field-op-add-without-value", op(overrideRules=[rule(fieldOverrider=[{"fieldPath": "/data/a", "yaml": [
        {"subPath": "/x", "operator": "add"}, {"subPath": "/y", "operator": "replace", "value": None}]}])]),
     [("$.spec.overrideRules[0].overriders.fieldOverrider[0].yaml[0].value", "must be set for operator add"),
      ("$.spec.overrideRules[0].overriders.fieldOverrider[0].yaml[1].value", "must be set for operator replace")]),
    ("field-op-remove-with-value", op(overrideRules=[rule(fieldOverrider=[{"fieldPath": "/data/a", "json": [
        {"subPath": "/x", "operator": "remove", "value": 0}]}])]),
     [("$.spec.overrideRules[0].overriders.fieldOverrider[0].json[0].value", "must not be set for operator remove")]),
    ("field-op-falsy-value-is-set", op(overrideRules=[rule(fieldOverrider=[{"fieldPath": "/data/a", "json": [
        {"subPath": "/x", "operator": "add", "value": False}]}])]), []),
    ("override-selector-namespace", op(resourceSelectors=[{"apiVersion": "v1", "kind": "ConfigMap",
                                                           "namespace": "other"}]),
     [("$.spec.resourceSelectors[0].namespace", "must be the policy's namespace 'default'")]),
    ("fleet-duplicate-cluster", fleet({"name": "m1"}, {"name": "m2"}, {"name": "m1", "kind": "AttachedCluster"}),
     [("$.spec.clusters[2].name", "duplicate cluster 'm1'")]),
    ("fleet-zone-and-zones", fleet({"name": "m1", "zone": "a", "zones": ["b"]}),
     [("$.spec.clusters[0].zones", "cannot be combined with zone")]),
    ("fleet-duplicate-taint", fleet({"name": "m1", "taints": [{"key": "k", "effect": "NoSchedule"},
                                                              {"key": "k", "effect": "NoExecute", "value": "v"},
                                                              {"key": "k", "effect": "NoSchedule", "value": "v"}]}),
     [("$.spec.clusters[0].taints[2]", "duplicate taint k:NoSchedule")]),
    ("fleet-placement-rules", fleet(placement={"clusterAffinity": {}, "clusterAffinities": terms("a")}),
     [("$.spec.placement.clusterAffinities", "cannot be combined with clusterAffinity")]),
    ("attached-zone-and-zones", attached(zone="a", zones=["a"]), [("$.spec.zones", "cannot be combined with zone")]),
    ("schema-first", pp({"clusterAffinity": {}, "clusterAffinities": terms("a"), "bogus": 1}),
     [("$.spec.placement.bogus", "unknown field 'bogus'")]),
]


@pytest.mark.parametrize(("doc", "expected"), [c[1:] for c in RULE_CASES], ids=[c[0] for c in RULE_CASES])
def test_webhook_rules(doc: Any, expected: list[tuple[str, str]]) -> None:
    assert findings(doc) == expected


def test_ignored_deprecated_field_overrider_is_a_warning() -> None:
    doc = op(overrideRules=[rule()], overriders={"fieldOverrider": [
        {"fieldPath": "/data/a", "json": [{"subPath": "/x", "operator": "remove"}]}]})
    [finding] = iter_schema_findings(doc, "in.yaml")
    assert (json_path(finding.field_path), finding.message, finding.severity) == (
        "$.spec.overriders.fieldOverrider", "is ignored: overrideRules is set", "warning")


# --- the schemas themselves -------------------------------------------------------------------


@pytest.mark.parametrize("path", sorted(SCHEMAS.glob("*.json")), ids=lambda p: p.stem)
def test_schema_files_are_valid_draft_2020_12(path: Path) -> None:
    schema = json.loads(path.read_text())
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize(("api", "kind"), sorted(INPUT_KINDS), ids=[k for _, k in sorted(INPUT_KINDS)])
def test_schema_for_is_self_contained_and_names_its_kind(api: str, kind: str) -> None:
    schema = schema_for(kind)
    Draft202012Validator.check_schema(schema)
    assert schema["properties"]["apiVersion"] == {"const": api}
    assert schema["properties"]["kind"] == {"const": kind}
    refs = set(re.findall(r'"\$ref": "([^"]*)"', json.dumps(schema)))
    assert refs and all(r.startswith("#/$defs/") and r[len("#/$defs/"):] in schema["$defs"] for r in refs)
    assert (SCHEMAS / f"{INPUT_KINDS[(api, kind)]}.json").is_file()


def test_every_shared_definition_is_used() -> None:
    shared = json.loads((SCHEMAS / "common.json").read_text())["$defs"]
    used = set().union(*(schema_for(kind)["$defs"] for _, kind in INPUT_KINDS))
    assert sorted(set(shared) - used) == []


@pytest.mark.parametrize(("name", "kind"), [
    ("PropagationPolicy", "PropagationPolicy"), ("propagationpolicy", "PropagationPolicy"),
    ("CLUSTEROVERRIDEPOLICY", "ClusterOverridePolicy"), ("pp", "PropagationPolicy"),
    ("cpp", "ClusterPropagationPolicy"), ("op", "OverridePolicy"), ("COP", "ClusterOverridePolicy"),
    ("fleet", "Fleet"), ("attachedcluster", "AttachedCluster"),
])
def test_schema_for_finds_kinds_case_insensitively(name: str, kind: str) -> None:
    assert schema_for(name)["properties"]["kind"]["const"] == kind


def test_schema_for_returns_a_copy() -> None:
    schema_for("Fleet")["properties"].clear()
    assert schema_for("Fleet")["properties"]


@pytest.mark.parametrize(("name", "hint"), [("PropagationPolcy", "did you mean 'PropagationPolicy'?"),
                                             ("Deployment", None), ("common", None)])
def test_schema_for_unknown_kind(name: str, hint: str | None) -> None:
    with pytest.raises(RenderError) as raised:
        schema_for(name)
    [finding] = raised.value.findings
    assert finding.message.startswith(f"unknown input kind {name!r}; known kinds: AttachedCluster, ")
    assert finding.hint == hint


# --- properties -------------------------------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(["placement", "clusterAffinity", "clusterNames", "weight", "spreadConstraints",
                         "overrideRules", "overriders", "plaintext", "name", "x"]) | st.text(max_size=6),
        inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=150, deadline=None)
@given(kind=st.sampled_from(sorted(INPUT_KINDS)), spec=json_values)
def test_any_document_gives_sorted_findings_and_is_left_untouched(kind: tuple[str, str], spec: Any) -> None:
    doc = {"apiVersion": kind[0], "kind": kind[1], "metadata": {"name": "x"}, "spec": spec}
    before = copy.deepcopy(doc)
    first = list(iter_schema_findings(doc, "f.yaml"))
    assert doc == before
    assert first == list(iter_schema_findings(doc, "f.yaml"))
    keys = [tuple((isinstance(p, str), p) for p in f.field_path) for f in first]
    assert keys == sorted(keys)
    assert all(f.stage == "validate" and f.file == "f.yaml" for f in first)


@settings(max_examples=50, deadline=None)
@given(doc=st.sampled_from(_valid_docs()), data=st.data())
def test_key_order_does_not_change_findings(doc: dict[str, Any], data: st.DataObject) -> None:
    broken = copy.deepcopy(doc)
    broken["spec"]["bogus"] = 1

    def shuffled(value: Any) -> Any:
        if isinstance(value, dict):
            items = data.draw(st.permutations(list(value.items())))
            return {k: shuffled(v) for k, v in items}
        if isinstance(value, list):
            return [shuffled(v) for v in value]
        return value

    assert list(iter_schema_findings(shuffled(broken), "f")) == list(iter_schema_findings(broken, "f"))
