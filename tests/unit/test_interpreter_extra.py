"""Karmada's replica interpreter tables (interpreter_extra.yaml, interpreter_round2.yaml, interpreter_round3.yaml) against render.workloads and whole renders."""

from __future__ import annotations

import copy

import pytest
import yaml

from render.model import Manifest
from render.scheduling.estimation import has_requirements, parse_quantity
from render.workloads import (
    claims_nodes,
    pod_requests,
    replica_field,
    replica_problem,
    replicas_of,
    with_replicas,
)
from tests.conftest import CONFORMANCE, write_repo
from tests.unit.test_replica_interpreter import (
    FLEET,  # two clusters, member1 and member2
)

CASES = [
    case
    for name in ("interpreter_extra.yaml", "interpreter_round2.yaml", "interpreter_round3.yaml")
    for case in yaml.safe_load((CONFORMANCE / name).read_text())
]


def by_type(t):
    # xfail: a known difference from Karmada, kept as a strict expected failure
    return [
        pytest.param(c, id=c["id"], marks=[pytest.mark.xfail(reason=c["xfail"], strict=True)] if c.get("xfail") else [])
        for c in CASES
        if c["type"] == t
    ]


def _norm(requests):
    return None if requests is None else {k: parse_quantity(v) for k, v in requests.items()}


@pytest.mark.parametrize("case", by_type("interpret"))
def test_interpret(case):
    obj = case["input"]
    field = replica_field(obj, {})
    replicas = replicas_of(obj, {})
    requests = pod_requests(obj, field) if field is not None else None
    got = {
        "replicas": replicas,
        "requests": _norm(requests),
        "workload": replicas > 0 or has_requirements(requests) or (field is not None and claims_nodes(obj, field)),
    }
    want = {**case["expect"], "requests": _norm(case["expect"]["requests"])}
    assert got == want


@pytest.mark.parametrize("case", by_type("has_interpreter"))
def test_has_interpreter(case):
    assert (replica_field(case["input"], {}) is not None) == case["expect"]


@pytest.mark.parametrize("case", by_type("has_revise"))
def test_has_revise(case):
    field = replica_field(case["input"], {})
    assert (field is not None and field.fixed is None) == case["expect"]


@pytest.mark.parametrize("case", by_type("revise"))
def test_revise(case):
    obj = copy.deepcopy(case["input"])
    field = replica_field(obj, {})
    assert field is not None
    assert with_replicas(obj, field, case["replicas"]) == case["expect"]
    assert obj == case["input"]


@pytest.mark.parametrize("case", by_type("invalid"))
def test_invalid(case):
    assert (replica_problem(Manifest(case["input"], "apps/x.yaml"), {}) is not None) == case["expect"]




@pytest.mark.parametrize("case", by_type("render"))
def test_render(case, tmp_path):
    from click.testing import CliRunner

    from render.cli import cli

    obj = case["input"]
    repo = tmp_path / "repo"
    policy = {
        "apiVersion": "policy.karmada.io/v1alpha1",
        "kind": "PropagationPolicy",
        "metadata": {"name": "p", "namespace": "default"},
        "spec": {
            "resourceSelectors": [{"apiVersion": obj["apiVersion"], "kind": obj["kind"]}],
            "placement": case["placement"],
        },
    }
    write_repo(repo, {"fleets/prod.yaml": FLEET, "policies/p.yaml": yaml.safe_dump(policy, sort_keys=False),
                      "apps/obj.yaml": yaml.safe_dump(obj, sort_keys=False)})
    out = tmp_path / "out"
    res = CliRunner().invoke(cli, ["render", "--repo", str(repo), "--out", str(out)], catch_exceptions=False)
    assert res.exit_code == 0, res.output
    bindings = yaml.safe_load((out / "bindings.yaml").read_text())["items"]
    (binding,) = [b for b in bindings if b["spec"]["resource"]["name"] == obj["metadata"]["name"]]
    got_binding = {t["name"]: t.get("replicas", 0) for t in binding["spec"].get("clusters") or []}
    copies = {}
    for path in out.glob("member*/**/*.yaml"):
        if path.name == "kustomization.yaml":
            continue
        doc = yaml.safe_load(path.read_text())
        if doc.get("kind") == obj["kind"] and doc["metadata"]["name"] == obj["metadata"]["name"]:
            copies[path.relative_to(out).parts[0]] = doc
    got_copies = {
        cl: {k: (doc.get("spec") or {}).get(k) for k in fields}
        for cl, doc in copies.items()
        for fields in [case["expect"]["copies"].get(cl, {})]
    }
    assert {"binding": got_binding, "copies": got_copies} == case["expect"]
