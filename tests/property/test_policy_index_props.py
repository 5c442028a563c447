"""The policy index ranks exactly what ranking every policy ranks, odd selectors included
(selectors are mappings: validation refuses anything else before ranking)."""

from __future__ import annotations

from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st

from render.memo import CopyMemo
from render.model import Manifest, Policy
from render.overrides import select_policies
from render.ranking import PolicyIndex, rank_policies

KINDS = [("apps/v1", "Deployment"), ("v1", "Service"), ("v1", "ConfigMap")]
NAMES = ["web", "api", "db"]
NAMESPACES = ["", "shop", "ops"]
LABELS = st.dictionaries(
    st.sampled_from(["app", "tier", "1bad/"]),
    st.one_of(st.sampled_from(["web", "api", "front", ""]), st.integers(0, 2)),
    max_size=3,
)

api_kinds = st.one_of(st.sampled_from(KINDS), st.just((1, "Deployment")), st.just(("v1", None)))

selectors = st.builds(
    lambda api_kind, name, namespace, labels, expressions, odd: (
        odd
        if odd is not None
        else {
            k: v
            for k, v in {
                "apiVersion": api_kind[0],
                "kind": api_kind[1],
                "name": name,
                "namespace": namespace,
                "labelSelector": (
                    None
                    if labels is None
                    else {
                        "matchLabels": labels,
                        **({"matchExpressions": expressions} if expressions else {}),
                    }
                ),
            }.items()
            if v is not None
        }
    ),
    api_kinds,
    st.one_of(st.none(), st.sampled_from(NAMES), st.just(""), st.just(["web"])),
    st.one_of(st.none(), st.sampled_from(NAMESPACES)),
    st.one_of(st.none(), LABELS),
    st.one_of(
        st.none(),
        st.just([{"key": "tier", "operator": "Exists"}]),
        st.just([{"key": "app", "operator": "NotIn", "values": ["web"]}]),
    ),
    st.one_of(st.none(), st.none(), st.none(), st.just({"kind": "Service"})),
)

policies = st.lists(
    st.builds(
        lambda cluster, name, namespace, selected, priority: Policy(
            "ClusterPropagationPolicy" if cluster else "PropagationPolicy",
            name,
            "" if cluster else namespace,
            {"resourceSelectors": selected, "priority": priority},
        ),
        st.booleans(),
        st.sampled_from(["a", "b", "c", "d"]),
        st.sampled_from(NAMESPACES[1:]),
        st.lists(selectors, max_size=3),
        st.integers(0, 2),
    ),
    max_size=8,
)

resources = st.builds(
    lambda api_kind, name, namespace, labels: {
        "apiVersion": api_kind[0],
        "kind": api_kind[1],
        "metadata": {"name": name, "namespace": namespace, "labels": labels},
    },
    st.sampled_from(KINDS),
    st.sampled_from(NAMES),
    st.sampled_from(NAMESPACES),
    LABELS,
)


@settings(max_examples=400, deadline=None)
@given(policies, st.lists(resources, min_size=1, max_size=4))
def test_index_ranks_as_every_policy_would(given_policies: list[Policy], objects: list[dict[str, Any]]) -> None:
    index = PolicyIndex(given_policies)
    for resource in objects:
        assert index.rank(resource) == rank_policies(resource, given_policies)


def test_a_named_selector_is_only_tried_on_that_name() -> None:
    named = Policy("ClusterPropagationPolicy", "named", "", {
        "resourceSelectors": [{"apiVersion": "v1", "kind": "ConfigMap", "name": "web"}]})
    labelled = Policy("ClusterPropagationPolicy", "labelled", "", {
        "resourceSelectors": [{"apiVersion": "v1", "kind": "ConfigMap",
                               "labelSelector": {"matchLabels": {"app": "web"}}}]})
    index = PolicyIndex([named, labelled])
    other = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "db", "labels": {"app": "db"}}}
    assert index.candidates(other) == []
    web = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "web", "labels": {"app": "web"}}}
    assert [p.name for p in index.candidates(web)] == ["named", "labelled"]


override_policies = st.lists(
    st.builds(
        lambda cluster, name, namespace, selected: Policy(
            "ClusterOverridePolicy" if cluster else "OverridePolicy",
            name,
            "" if cluster else namespace,
            # without resourceSelectors an override policy selects everything
            {"resourceSelectors": selected} if selected is not None else {},
        ),
        st.booleans(),
        st.sampled_from(["a", "b", "c", "d"]),
        st.sampled_from(NAMESPACES[1:]),
        st.one_of(st.none(), st.just([]), st.lists(selectors, max_size=3)),
    ),
    max_size=8,
)


def _deployment_in(namespace: str) -> dict[str, Any]:
    return {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "namespace": namespace}}


@settings(max_examples=400, deadline=None)
@given(override_policies, st.lists(resources, min_size=1, max_size=4))
# a selector by kind in one namespace: same kind, other namespace, other answer
@example(
    [Policy("ClusterOverridePolicy", "a", "", {"resourceSelectors": [
        {"apiVersion": "apps/v1", "kind": "Deployment", "namespace": "shop"}]})],
    [_deployment_in("shop"), _deployment_in("ops")],
)
def test_override_policies_are_selected_through_the_index_as_through_all(
    given_policies: list[Policy], objects: list[dict[str, Any]]
) -> None:
    memo = CopyMemo(given_policies)
    # alive together, as a render's objects are (the memo knows them by identity)
    manifests = [Manifest(resource, file="apps/x.yaml", index=i) for i, resource in enumerate(objects)]
    for manifest in manifests:
        assert list(memo.selected(manifest)) == select_policies(manifest.body, given_policies)
