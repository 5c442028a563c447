"""Setting a copy's replicas: the same object as a deep copy with the field set, and the input untouched."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from render.workloads import ReplicaField, pod_requests, requests_key, with_replicas

keys = st.sampled_from(["spec", "replicas", "size", "template", "x"])
values = st.recursive(
    st.none() | st.integers(-3, 3) | st.text(max_size=3),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(keys, inner, max_size=3),
    max_leaves=10,
)
# where the field lives: on the way, a mapping, a null, nothing, or an odd shape
objects = st.dictionaries(keys, values, max_size=4)
fields = st.lists(keys, min_size=1, max_size=3).map(lambda path: ReplicaField(tuple(path), None))


def _set(obj: dict[str, Any], path: tuple[str, ...], replicas: int) -> dict[str, Any]:
    # the plain definition: a deep copy, every missing or null mapping on the way made
    target = obj = copy.deepcopy(obj)
    for part in path[:-1]:
        if target.get(part) is None:
            target[part] = {}
        target = target[part]
    target[path[-1]] = replicas
    return obj


def _settable(obj: dict[str, Any], path: tuple[str, ...]) -> bool:
    target: Any = obj
    for part in path[:-1]:
        target = target.get(part) if isinstance(target, dict) else None
        if target is None:
            return True
        if not isinstance(target, dict):
            return False
    return True


@settings(max_examples=300, deadline=None)
@given(objects, fields, st.integers(0, 9))
def test_a_copy_with_replicas_is_the_object_with_the_field_set(
    obj: dict[str, Any], field: ReplicaField, replicas: int
) -> None:
    if not _settable(obj, field.path):
        return  # replica fields run through mappings (checked when the inputs are read)
    before = copy.deepcopy(obj)
    made = with_replicas(obj, field, replicas)
    assert made == _set(before, field.path, replicas)
    assert obj == before  # the input is never edited, though the copy shares parts of it


def test_the_pod_template_is_shared_not_copied() -> None:
    template = {"spec": {"containers": [{"name": "app", "image": "nginx"}]}}
    deployment = {"kind": "Deployment", "spec": {"replicas": 3, "template": template}}
    made = with_replicas(deployment, ReplicaField(("spec", "replicas"), ("spec", "template")), 1)
    assert made["spec"]["replicas"] == 1 and deployment["spec"]["replicas"] == 3
    assert made["spec"]["template"] is template


resources = st.sampled_from(
    [None, {}, {"requests": {"cpu": "100m"}}, {"limits": {"cpu": "1", "memory": "1Gi"}},
     {"requests": {"memory": "512Mi"}, "limits": {"memory": "1Gi"}}]
)
containers = st.lists(resources.map(lambda r: {"name": "c"} | ({"resources": r} if r is not None else {})),
                      max_size=2)
pod_specs = st.fixed_dictionaries(
    {},
    optional={
        "containers": containers,
        "initContainers": containers,
        "overhead": st.sampled_from([{}, {"cpu": "10m"}]),
    },
)
DEPLOYMENT_FIELD = ReplicaField(("spec", "replicas"), ("spec", "template"))


def _deployment(spec: dict[str, Any]) -> dict[str, Any]:
    return {"kind": "Deployment", "spec": {"replicas": 1, "template": {"spec": spec}}}


@settings(max_examples=400, deadline=None)
@given(pod_specs, pod_specs)
def test_workloads_asking_differently_never_share_a_requests_key(
    one: dict[str, Any], other: dict[str, Any]
) -> None:
    # the scheduler sums requests once per key: a shared key must mean equal requests
    a, b = _deployment(one), _deployment(other)
    if pod_requests(a, DEPLOYMENT_FIELD) != pod_requests(b, DEPLOYMENT_FIELD):
        assert requests_key(a, DEPLOYMENT_FIELD) != requests_key(b, DEPLOYMENT_FIELD)
