"""Invariants of the override engine and of its Go-format codecs."""

from __future__ import annotations

import copy
import json
from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st

from render.errors import RenderError
from render.model import Cluster, Policy
from render.overrides import (
    RuleCache,
    apply_overrides,
    goyaml,
    images,
    rawjson,
    select_policies,
    yamlemit,
)
from render.overrides.ordering import selected_for

FAST = settings(max_examples=60, deadline=None)

label_text = st.text(
    alphabet="abcdefghijklmnopqrstuvwxyz0123456789-./", min_size=1, max_size=12
)
manifests = st.fixed_dictionaries(
    {
        "apiVersion": st.just("apps/v1"),
        "kind": st.sampled_from(["Deployment", "StatefulSet", "ConfigMap"]),
        "metadata": st.fixed_dictionaries(
            {
                "name": st.just("web"),
                "namespace": st.sampled_from(["default", "other"]),
            },
            optional={"labels": st.dictionaries(label_text, label_text, max_size=3)},
        ),
        "spec": st.fixed_dictionaries({"replicas": st.integers(0, 5)}),
    }
)
plaintext = st.lists(
    st.fixed_dictionaries(
        {
            "path": st.sampled_from(
                ["/spec/replicas", "/metadata/labels/a", "/spec/x", "/metadata/labels"]
            ),
            "operator": st.sampled_from(["add", "replace", "remove"]),
            "value": st.one_of(
                st.none(),
                st.integers(),
                label_text,
                st.dictionaries(label_text, label_text, max_size=2),
            ),
        }
    ),
    max_size=3,
)
labels = st.lists(
    st.fixed_dictionaries(
        {
            "operator": st.sampled_from(["add", "replace", "remove"]),
            "value": st.dictionaries(label_text, label_text, max_size=3),
        }
    ),
    max_size=2,
)


def policy(kind: str, overriders: dict[str, Any]) -> Policy:
    namespace = "default" if kind == "OverridePolicy" else ""
    return Policy(
        kind,
        "p",
        namespace,
        {"overrideRules": [{"overriders": overriders}]},
        file="p.yaml",
    )


@FAST
@given(
    manifests,
    plaintext,
    labels,
    st.sampled_from(["OverridePolicy", "ClusterOverridePolicy"]),
)
def test_input_is_never_mutated(
    manifest: dict[str, Any], ops: Any, label_ops: Any, kind: str
) -> None:
    before = copy.deepcopy(manifest)
    try:
        apply_overrides(
            manifest,
            Cluster("c"),
            [policy(kind, {"plaintext": ops, "labelsOverrider": label_ops})],
        )
    except RenderError as err:
        assert all(f.stage == "override" and f.file == "p.yaml" for f in err.findings)
    assert manifest == before


@FAST
@given(manifests)
def test_no_rule_is_the_identity(manifest: dict[str, Any]) -> None:
    other_kind = Policy(
        "ClusterOverridePolicy",
        "p",
        "",
        {
            "resourceSelectors": [{"apiVersion": "v1", "kind": "Secret"}],
            "overrideRules": [
                {"overriders": {"plaintext": [{"path": "/x", "operator": "remove"}]}}
            ],
        },
    )
    for policies in ([], [other_kind]):
        result = apply_overrides(manifest, Cluster("c"), policies)
        assert result.manifest is manifest
        assert (
            result.applied,
            result.applied_overrides,
            result.applied_cluster_overrides,
        ) == ((), None, None)


@FAST
@given(manifests, labels)
def test_same_input_same_output(manifest: dict[str, Any], label_ops: Any) -> None:
    policies = [policy("ClusterOverridePolicy", {"labelsOverrider": label_ops})]
    first = apply_overrides(manifest, Cluster("c"), policies)
    second = apply_overrides(manifest, Cluster("c"), policies)
    assert first == second


@FAST
@given(manifests, labels, st.sampled_from(["OverridePolicy", "ClusterOverridePolicy"]))
def test_preselected_policies_give_the_same_result(
    manifest: dict[str, Any], label_ops: Any, kind: str
) -> None:
    other = Policy(
        kind,
        "q",
        "default",
        {"resourceSelectors": [{"apiVersion": "v1", "kind": "Secret"}]},
    )
    policies = [policy(kind, {"labelsOverrider": label_ops}), other]
    chosen = select_policies(manifest, policies)
    assert other not in chosen
    assert apply_overrides(manifest, Cluster("c"), chosen) == apply_overrides(
        manifest, Cluster("c"), policies
    )


# Policies that select by name, by label or by kind rank an object differently, and
# write the same label: the order they are applied in shows in the result.
_SELECTORS = [
    None,
    [{"apiVersion": "apps/v1", "kind": "Deployment"}],
    [{"apiVersion": "apps/v1", "kind": "Deployment", "name": "web"}],
    [{"apiVersion": "apps/v1", "kind": "Deployment", "labelSelector": {"matchLabels": {"a": "b"}}}],
    # selects every Deployment, but "web" by name: the same policies rank differently
    [{"apiVersion": "apps/v1", "kind": "Deployment"},
     {"apiVersion": "apps/v1", "kind": "Deployment", "name": "web"}],
]
ranked_policies = st.lists(
    st.tuples(
        st.sampled_from(["OverridePolicy", "ClusterOverridePolicy"]),
        st.sampled_from(["p", "q", "r"]),
        st.sampled_from(range(len(_SELECTORS))),
        st.sampled_from([None, {"labelSelector": {"matchLabels": {"zone": "z1"}}}]),
    ),
    min_size=1,
    max_size=4,
    unique_by=lambda t: (t[0], t[1]),
)
ranked_objects = st.lists(
    st.fixed_dictionaries(
        {
            "apiVersion": st.just("apps/v1"),
            "kind": st.just("Deployment"),
            "metadata": st.fixed_dictionaries(
                {"name": st.sampled_from(["web", "api"]), "namespace": st.sampled_from(["default", "other"])},
                optional={"labels": st.sampled_from([{}, {"a": "b"}, {"a": "c"}])},
            ),
        }
    ),
    min_size=1,
    max_size=5,
)


_API, _WEB = (
    {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": name, "namespace": "default"}}
    for name in ("api", "web")
)


@settings(max_examples=150, deadline=None)
@given(ranked_objects, ranked_policies)
# "p" ranks above "r" for web only (by name), so the two apply in opposite orders
@example([_API, _WEB], [("ClusterOverridePolicy", "r", 1, None), ("ClusterOverridePolicy", "p", 4, None)])
def test_a_render_cache_shared_by_many_objects_changes_no_result(
    objects: list[dict[str, Any]], specs: list[tuple[str, str, int, Any]]
) -> None:
    policies = []
    for kind, name, selectors, target in specs:
        spec: dict[str, Any] = {
            "overrideRules": [
                {"overriders": {"labelsOverrider": [{"operator": "add", "value": {"by": name}}]}}
                | ({"targetCluster": target} if target else {})
            ]
        }
        if _SELECTORS[selectors] is not None:
            spec["resourceSelectors"] = _SELECTORS[selectors]
        namespace = "default" if kind == "OverridePolicy" else ""
        policies.append(Policy(kind, name, namespace, spec, file=f"{name}.yaml"))
    clusters = [Cluster("c1", labels={"zone": "z1"}), Cluster("c2")]
    cache = RuleCache()  # one per render, as the placer keeps it
    for obj in objects:
        selected = selected_for(obj, policies, cache)
        for cluster in clusters:
            assert apply_overrides(obj, cluster, selected) == apply_overrides(obj, cluster, policies)


# -- codecs -----------------------------------------------------------------------------
yaml_text = st.text(
    alphabet=st.sampled_from(
        list("abcXYZ019 .:-#'\"?*&!|>%@`{}[],~\n\té<") + ["\u00e9", "\u4e2d"]
    ),
    max_size=30,
)
yaml_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**63), 2**63 - 1),
    st.floats(allow_nan=False, allow_infinity=False),
    yaml_text,
)
# A plain "<<" key reads back as a merge key, in go-yaml as here: not a useful case.
yaml_keys = yaml_text.filter(lambda key: key != "<<")
json_values = st.recursive(
    yaml_scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(yaml_keys, inner, max_size=3)
    ),
    max_leaves=12,
)


@settings(max_examples=80, deadline=None)
@given(st.dictionaries(yaml_keys, json_values, max_size=4))
def test_go_yaml_output_reads_back(document: dict[str, Any]) -> None:
    # Every style the emitter picks must decode (YAML 1.1, go-yaml rules) to the same data.
    expected = goyaml.json_retype(document)
    assert goyaml.load(yamlemit.dump(expected)) == expected


@FAST
@given(
    json_values.filter(lambda v: isinstance(v, (dict, list))),
    st.sampled_from([None, 0, 2]),
)
def test_raw_json_without_ops_only_compacts(document: Any, indent: int | None) -> None:
    text = json.dumps(document, indent=indent, ensure_ascii=False)
    out = rawjson.apply_raw_json_patch(text, [])
    assert out == rawjson.compact(text)
    assert json.loads(out) == document


components = st.from_regex(r"[a-z0-9]{1,6}(?:[._-][a-z0-9]{1,4})?", fullmatch=True)
references = st.builds(
    lambda host, path, tag: f"{host}{'/'.join(path)}{tag}",
    st.sampled_from(["", "reg.io/", "localhost:5000/", "[::1]:5000/", "a.b.c/"]),
    st.lists(components, min_size=1, max_size=3),
    st.sampled_from(["", ":v1", ":1.0-rc_1", "@sha256:" + "0" * 64]),
)


@FAST
@given(references)
def test_image_parse_round_trips(reference: str) -> None:
    parsed = images.parse_image(reference)
    assert str(parsed) == reference
    same, changed = images.override_image(reference, "Registry", "noop", "x")
    assert (same, changed) == (reference, False)
