"""The compiled schemas accept exactly the documents jsonschema accepts, kind by kind.

A document the compiled check accepts is never shown to jsonschema, so a wrong "yes"
would hide findings; a wrong "no" would only cost time, but is refused here too.
"""

from __future__ import annotations

import copy
import functools
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema

from render import validation
from render.compiledschema import compile_conforms
from render.editorschema import as_draft_07

REPO = Path(__file__).resolve().parents[2]
STEMS = sorted(set(validation.INPUT_KINDS.values()))
# Integers at and past the Int32 / Int64 bounds and the $ref + minimum fields' minimums,
# the floats and bools Go refuses for an int, and strings that differ at their ends.
EDGE_VALUES = [True, False, None, 0, 1, -1, 2**31 - 1, 2**31, 2**63 - 1, 2**63, -(2**63) - 1, 10**30,
               0.0, 1.0, 3.0, 0.5, -0.0, float("inf"), float("nan"), "", "x", "1", "Divided", "member1\n",
               "a" * 64, [], {}, [1], {"unknownField": 1}]


def _jsonschema_accepts(stem: str, doc: Any) -> bool:
    return next(iter(validation._validator(stem).iter_errors(doc)), None) is None


@functools.cache
def _examples(stem: str) -> list[Any]:
    # the repo's own fleets/ and policies/: documents written by hand, all valid
    docs = [d for folder in ("fleets", "policies") for f in sorted((REPO / folder).glob("*.yaml"))
            for d in yaml.safe_load_all(f.read_text()) if isinstance(d, dict)]
    return [d for d in docs if validation.INPUT_KINDS.get((d.get("apiVersion"), d.get("kind"))) == stem]


def _nodes(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[tuple[Any, ...], Any]]:
    found = [(path, value)]
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, item in items:
        found += _nodes(item, (*path, key))
    return found


def _changes(value: Any) -> st.SearchStrategy[Any]:
    options = [st.sampled_from(EDGE_VALUES)]
    if isinstance(value, int) and not isinstance(value, bool):
        options.append(st.sampled_from([float(value), value - 1, value + 1, -value, str(value), value != 0]))
    elif isinstance(value, str):
        options.append(st.sampled_from([value + "\n", "\n" + value, value + "x", value[1:], value.upper()]))
    elif isinstance(value, dict):
        keys = sorted(value)
        options.append(st.sampled_from(["unknownField", *(k + "s" for k in keys)]).map(
            lambda k: {**value, k: next(iter(value.values()), 1)}))
        if keys:
            options.append(st.sampled_from(keys).map(lambda k: {n: v for n, v in value.items() if n != k}))
    elif isinstance(value, list) and value:
        options.append(st.sampled_from([value[1:], value + value[:1], [None, *value]]))
    return st.one_of(options)


def _replaced(doc: Any, path: tuple[Any, ...], new: Any) -> Any:
    new = copy.deepcopy(new)  # EDGE_VALUES' lists and dicts, or a part of doc, changed later
    if not path:
        return new
    parent = doc
    for part in path[:-1]:
        parent = parent[part]
    parent[path[-1]] = new
    return doc


def _kind_of(value: Any) -> type:
    return next((t for t in (bool, int, str, dict, list) if isinstance(value, t)), object)


@st.composite
def _mutated(draw: st.DrawFn, doc: Any) -> Any:
    doc = copy.deepcopy(doc)
    # mostly one change, so that another seldom hides it; 0: the valid document itself
    for _ in range(draw(st.sampled_from([0, 1, 1, 1, 2, 3]))):
        nodes = _nodes(doc)
        # a kind of node first, so that the few integers are changed as often as the many strings
        kind = draw(st.sampled_from(sorted({_kind_of(v) for _, v in nodes}, key=lambda t: t.__name__)))
        path, value = draw(st.sampled_from([(p, v) for p, v in nodes if _kind_of(v) is kind]))
        doc = _replaced(doc, path, draw(_changes(value)))
    return doc


@functools.cache  # hypothesis-jsonschema takes a second or two to read a schema
def _valid_documents(stem: str) -> st.SearchStrategy[Any]:
    valid = from_schema(as_draft_07(validation._bundled(stem)))
    seeds = _examples(stem) + [doc for _, doc, accepted in CASES if accepted and stem == "propagationpolicy"]
    return st.one_of(valid, st.sampled_from(seeds)) if seeds else valid


# A generated document is large and slow to make: each one is checked, then mutated ten times.
@pytest.mark.parametrize("stem", STEMS)
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_compiled_schema_accepts_what_jsonschema_accepts(stem: str, data: st.DataObject) -> None:
    conforms = validation._conforms(stem)
    base = data.draw(_valid_documents(stem), label="valid document")
    for _ in range(11):
        doc = data.draw(_mutated(base), label="mutated")
        assert conforms(doc) == _jsonschema_accepts(stem, doc)
    # Go's integers are a bridge random changes seldom reach: every integer is also
    # tried as the float and the bool Go refuses.
    for path, value in _nodes(base):
        if _kind_of(value) is int:
            for refused in (float(value), value != 0):
                doc = _replaced(copy.deepcopy(base), path, refused)
                assert conforms(doc) == _jsonschema_accepts(stem, doc), (path, refused)


def _policy(**spec: Any) -> dict[str, Any]:
    return {"apiVersion": "policy.karmada.io/v1alpha1", "kind": "PropagationPolicy", "metadata": {"name": "web"},
            "spec": {"resourceSelectors": [{"apiVersion": "apps/v1", "kind": "Deployment"}], **spec}}


def _weight(value: Any) -> dict[str, Any]:
    static = [{"targetCluster": {"clusterNames": ["member1"]}, "weight": value}]
    return _policy(placement={"replicaScheduling": {"replicaSchedulingType": "Divided",
                                                    "weightPreference": {"staticWeightList": static}}})


def _spread(field: str, value: Any) -> dict[str, Any]:
    return _policy(placement={"spreadConstraints": [{"spreadByField": "cluster", field: value}]})


def _failover(value: Any, field: str = "gracePeriodSeconds") -> dict[str, Any]:
    application: dict[str, Any] = {"decisionConditions": {"tolerationSeconds": 30}, "gracePeriodSeconds": 60}
    if field == "tolerationSeconds":
        application["decisionConditions"] = {"tolerationSeconds": value}
    else:
        application[field] = value
    return _policy(propagateDeps=True, failover={"application": application})


def _labels(labels: Any) -> dict[str, Any]:
    return {**_policy(), "metadata": {"name": "web", "labels": labels}}


# The cases draft-07 or fastjsonschema would decide differently without render.compiledschema's
# bridges (a $ref's sibling minimum, Go's integers), and patterns, which both must read as
# Kubernetes does.
CASES = [
    ("weight 1", _weight(1), True),
    ("weight below its $ref's minimum", _weight(0), False),
    ("weight 1.0", _weight(1.0), False),
    ("weight true", _weight(True), False),
    ("weight past Int64", _weight(2**63), False),
    ("weight at Int64's top", _weight(2**63 - 1), True),
    ("maxGroups 0", _spread("maxGroups", 0), True),
    ("maxGroups -1", _spread("maxGroups", -1), False),
    ("minGroups -1", _spread("minGroups", -1), False),
    ("minGroups 2.0", _spread("minGroups", 2.0), False),
    ("gracePeriodSeconds 1", _failover(1), True),
    ("gracePeriodSeconds 0", _failover(0), False),
    ("gracePeriodSeconds past Int32", _failover(2**31), False),
    ("tolerationSeconds 0", _failover(0, "tolerationSeconds"), True),
    ("tolerationSeconds -1", _failover(-1, "tolerationSeconds"), False),
    ("tolerationSeconds false", _failover(False, "tolerationSeconds"), False),
    ("label", _labels({"app": "web"}), True),
    # "$" ends the text, as in ECMA-262 and Go (Python's re alone lets it match before a final newline)
    ("label value with a final newline", _labels({"app": "web\n"}), False),
    ("label key with a final newline", _labels({"app\n": "web"}), False),
    ("label value with two final newlines", _labels({"app": "web\n\n"}), False),
    ("label value with a newline first", _labels({"app": "\nweb"}), False),
    ("label value 1", _labels({"app": 1}), False),
    ("apiVersion other", {**_policy(), "apiVersion": "policy.karmada.io/v1"}, False),
    ("unknown field", {**_policy(), "status": {}}, False),
]


@pytest.mark.parametrize(("doc", "accepted"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_compiled_schema_bridges_what_draft_07_reads_otherwise(doc: dict[str, Any], accepted: bool) -> None:
    assert _jsonschema_accepts("propagationpolicy", doc) is accepted
    assert validation._conforms("propagationpolicy")(doc) is accepted


def test_a_ref_leaving_the_schema_is_refused_not_fetched() -> None:
    remote = {"properties": {"spec": {"$ref": "https://example.invalid/spec.json"}}}
    with pytest.raises(ValueError, match="refusing to fetch https://example.invalid/spec.json"):
        compile_conforms(remote)
