"""Idle-policy warnings use an index of objects; it must find what a scan of every object finds."""

from __future__ import annotations

import pytest

from render.ambiguity import iter_idle_policies
from render.inputs import Inputs
from render.model import Manifest, Policy


def _deployment(name: str, labels: dict[str, str]) -> Manifest:
    body = {"apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": {"name": name, "namespace": "default", "labels": labels}}
    return Manifest(body=body, file=f"apps/{name}.yaml")


MANIFESTS = (
    _deployment("a", {"team": "x", "tier": "web"}),
    _deployment("b", {"team": "y"}),
    _deployment("c", {}),
)

SELECTORS = [
    ("both labels of one object", {"matchLabels": {"team": "x", "tier": "web"}}, False),
    ("labels of two different objects", {"matchLabels": {"team": "y", "tier": "web"}}, True),
    ("a value no object has", {"matchLabels": {"team": "z"}}, True),
    ("an expression only", {"matchExpressions": [{"key": "team", "operator": "In", "values": ["y"]}]}, False),
    ("labels and an expression", {"matchLabels": {"team": "x"},
                                  "matchExpressions": [{"key": "tier", "operator": "DoesNotExist"}]}, True),
    ("an empty selector", {}, False),
]


@pytest.mark.parametrize(("what", "selector", "idle"), SELECTORS, ids=[s[0] for s in SELECTORS])
def test_a_label_selected_policy_is_idle_exactly_when_it_selects_no_object(
    what: str, selector: dict, idle: bool
) -> None:
    spec = {"resourceSelectors": [{"apiVersion": "apps/v1", "kind": "Deployment", "labelSelector": selector}],
            "placement": {}}
    policy = Policy("PropagationPolicy", "p", "default", spec, "policies/p.yaml")
    inputs = Inputs(clusters=(), propagation_policies=(policy,), override_policies=(), manifests=MANIFESTS)
    assert bool(list(iter_idle_policies(inputs))) is idle


OTHER_SELECTORS = [
    ("a name an object has", "PropagationPolicy", [{"apiVersion": "apps/v1", "kind": "Deployment", "name": "b"}], False),
    ("a name no object has", "PropagationPolicy", [{"apiVersion": "apps/v1", "kind": "Deployment", "name": "z"}], True),
    ("a kind no object is", "PropagationPolicy", [{"apiVersion": "v1", "kind": "Service"}], True),
    ("an override policy's kind", "OverridePolicy", [{"apiVersion": "apps/v1", "kind": "Deployment"}], False),
    ("an override policy without selectors", "OverridePolicy", [], False),
    ("an override policy of a name no object has", "OverridePolicy",
     [{"apiVersion": "apps/v1", "kind": "Deployment", "name": "z"}], True),
]


@pytest.mark.parametrize(("what", "kind", "selectors", "idle"), OTHER_SELECTORS, ids=[s[0] for s in OTHER_SELECTORS])
def test_policies_selecting_by_name_kind_or_nothing_are_idle_exactly_when_they_select_no_object(
    what: str, kind: str, selectors: list, idle: bool
) -> None:
    spec = {"resourceSelectors": selectors, "placement": {}} if kind == "PropagationPolicy" else {
        "resourceSelectors": selectors, "overrideRules": []}
    policy = Policy(kind, "p", "default", spec, "policies/p.yaml")
    propagation, override = ((policy,), ()) if kind == "PropagationPolicy" else ((), (policy,))
    inputs = Inputs(clusters=(), propagation_policies=propagation, override_policies=override, manifests=MANIFESTS)
    assert bool(list(iter_idle_policies(inputs))) is idle
