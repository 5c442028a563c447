"""The evanphx/json-patch adaptor over ``jsonpatch``: one row per evanphx rule.

Every expected result and error text was produced by evanphx/json-patch v5.9.11 itself
(``DecodePatch(...).Apply(...)``, default options, as Karmada calls it); "panic" rows are
where Go dereferences nil.
"""

from __future__ import annotations

import copy
from typing import Any, NamedTuple

import pytest

from render.overrides import rawjson
from render.overrides.patching import Operation, PatchError, apply_patch


class Fails(NamedTuple):
    message: str
    index: int | None = 0


PANIC = "panic: runtime error: invalid memory address or nil pointer dereference"


def _ops(*ops: tuple[Any, ...]) -> list[Operation]:
    return [Operation(*op) for op in ops]


RESULTS = [
    # -- array indices: negative counts back from the end, Atoi forms are accepted --
    ("add-minus-1-appends", [1, 2], [("add", "/-1", 3)], [1, 2, 3]),
    ("add-minus-2-before-last", [1, 2], [("add", "/-2", 9)], [1, 9, 2]),
    ("add-minus-len-plus-1-first", [1, 2], [("add", "/-3", 0)], [0, 1, 2]),
    ("add-dash-appends", [1], [("add", "/-", 2)], [1, 2]),
    ("add-at-len-appends", [1], [("add", "/1", 2)], [1, 2]),
    ("remove-minus-1-last", [1, 2, 3], [("remove", "/-1")], [1, 2]),
    ("remove-minus-len-first", [1, 2], [("remove", "/-2")], [2]),
    ("replace-minus-1", [1, 2], [("replace", "/-1", 9)], [1, 9]),
    ("atoi-plus-sign", [1, 2], [("replace", "/+1", 9)], [1, 9]),
    ("atoi-leading-zero", [1, 2], [("replace", "/01", 9)], [1, 9]),
    ("atoi-minus-zero", [1, 2], [("remove", "/-0")], [2]),
    (
        "negative-index-on-the-way",
        {"a": [{"b": 1}, {"b": 2}]},
        [("replace", "/a/-1/b", 3)],
        {"a": [{"b": 1}, {"b": 3}]},
    ),
    # -- paths --
    (
        "no-leading-slash-ignores-first-token",
        {"a": {"b": 1}},
        [("add", "x/c", 2), ("replace", "y/a/b", 5)],
        {"a": {"b": 5}, "c": 2},
    ),
    (
        "escapes-and-stray-tilde",
        {"a/b": {"~": 1}, "~2": 1},
        [("replace", "/a~1b/~0", 2), ("replace", "/~2", 3)],
        {"a/b": {"~": 2}, "~2": 3},
    ),
    ("add-member-dash", {}, [("add", "/-", 1)], {"-": 1}),
    ("replace-member-dash", {"-": 1}, [("replace", "/-", 2)], {"-": 2}),
    ("replace-empty-key-adds-it", {"a": 1}, [("replace", "/", 2)], {"a": 1, "": 2}),
    ("remove-root-path-removes-empty-key", {"": 1, "a": 2}, [("remove", "")], {"a": 2}),
    # -- self: the document before the patch, through an empty first token --
    ("self-writes-are-lost", {"a": {"b": 1}}, [("add", "//a/c", 2)], {"a": {"b": 1}}),
    (
        "self-without-leading-slash",
        {"a": {"b": 1}},
        [("add", "x//a/c", 2), ("test", "x//a/c", 2)],
        {"a": {"b": 1}},
    ),
    ("test-slash-reads-self", {"a": 1}, [("test", "/", {"a": 1})], {"a": 1}),
    (
        "self-is-the-document-before-the-patch",
        {"a": 1},
        [("add", "/a", 2), ("test", "//a", 1)],
        {"a": 2},
    ),
    # -- test: numbers by text, absent members read as null --
    ("test-int-equals-float-text", {"a": 1}, [("test", "/a", 1.0)], {"a": 1}),
    ("test-absent-is-null", {"a": 1}, [("test", "/b", None)], {"a": 1}),
    ("test-null-member", {"a": None}, [("test", "/a", None)], {"a": None}),
    # -- the root --
    ("add-root", {"a": 1}, [("add", "", [0])], [0]),
    ("replace-root", [1], [("replace", "", {"b": 2})], {"b": 2}),
    (
        "nil-array-root-then-add-root",
        {},
        [("replace", "", None), ("add", "", {"a": 1})],
        {"a": 1},
    ),
]

ERRORS = [
    # -- the walk to the container --
    (
        "null-member-on-the-way",
        {"a": None},
        [("add", "/a/b", 1)],
        Fails(
            'add operation does not apply: doc is missing path: "/a/b": missing value'
        ),
    ),
    (
        "string-on-the-way",
        {"a": "text"},
        [("replace", "/a/0/x", 1)],
        Fails(
            "replace operation does not apply: doc is missing path: /a/0/x: missing value"
        ),
    ),
    (
        "no-slash-at-all",
        {"a": 1},
        [("remove", "a")],
        Fails(
            'remove operation does not apply: doc is missing path: "a": missing value'
        ),
    ),
    (
        "empty-token-below-the-root",
        {"a": {"": {"b": 1}}},
        [("add", "/a//b", 1)],
        Fails(
            'add operation does not apply: doc is missing path: "/a//b": missing value'
        ),
    ),
    # -- add --
    (
        "add-non-integer-index",
        {"a": [1]},
        [("add", "/a/x", 1)],
        Fails(
            "error in add for path: '/a/x': value was not a proper array index: 'x': "
            'strconv.Atoi: parsing "x": invalid syntax'
        ),
    ),
    (
        "add-past-the-end",
        {"a": [1]},
        [("add", "/a/3", 1)],
        Fails(
            "error in add for path: '/a/3': Unable to access invalid index: 3: "
            "invalid index referenced"
        ),
    ),
    (
        "add-before-the-start",
        {"a": [1]},
        [("add", "/a/-3", 1)],
        Fails(
            "error in add for path: '/a/-3': Unable to access invalid index: -3: "
            "invalid index referenced"
        ),
    ),
    (
        "add-to-null-document",
        None,
        [("add", "/a", 1)],
        Fails("error in add for path: '/a': invalid value, expected object"),
    ),
    (
        "add-root-scalar",
        {},
        [("add", "", 5)],
        Fails(
            "json: cannot unmarshal number into Go value of type "
            "map[string]*jsonpatch.lazyNode"
        ),
    ),
    # -- remove --
    (
        "remove-absent-member",
        {"a": 1},
        [("remove", "/b")],
        Fails(
            "error in remove for path: '/b': unable to remove nonexistent key: b: missing value"
        ),
    ),
    (
        "remove-before-the-start",
        {"a": [1]},
        [("remove", "/a/-2")],
        Fails(
            "error in remove for path: '/a/-2': Unable to access invalid index: -2: "
            "invalid index referenced"
        ),
    ),
    (
        "remove-past-the-end",
        {"a": [1]},
        [("remove", "/a/1")],
        Fails(
            "error in remove for path: '/a/1': Unable to access invalid index: 1: "
            "invalid index referenced"
        ),
    ),
    (
        "remove-dash",
        {"a": [1]},
        [("remove", "/a/-")],
        Fails(
            "error in remove for path: '/a/-': strconv.Atoi: parsing \"-\": invalid syntax"
        ),
    ),
    (
        "remove-index-out-of-int64",
        [1],
        [("remove", "/99999999999999999999")],
        Fails(
            "error in remove for path: '/99999999999999999999': strconv.Atoi: parsing "
            '"99999999999999999999": value out of range'
        ),
    ),
    (
        "remove-empty-key-of-array-root",
        [1],
        [("remove", "")],
        Fails(
            "error in remove for path: '': strconv.Atoi: parsing \"\": invalid syntax"
        ),
    ),
    # -- replace --
    (
        "replace-absent-member",
        {"a": 1},
        [("replace", "/nope", 1)],
        Fails(
            "replace operation does not apply: doc is missing key: /nope: missing value"
        ),
    ),
    (
        "replace-absent-dash-member",
        {"a": 1},
        [("replace", "/-", 1)],
        Fails(
            "replace operation does not apply: doc is missing key: /-: missing value"
        ),
    ),
    (
        "replace-past-the-end",
        {"a": [1]},
        [("replace", "/a/1", 1)],
        Fails(
            "replace operation does not apply: doc is missing key: /a/1: missing value"
        ),
    ),
    (
        "replace-non-integer-index",
        {"a": [1]},
        [("replace", "/a/x", 1)],
        Fails(
            "replace operation does not apply: doc is missing key: /a/x: missing value"
        ),
    ),
    (
        "replace-empty-index",
        {"a": [1]},
        [("replace", "/a/", 1)],
        Fails(
            "error in remove for path: '/a/': strconv.Atoi: parsing \"\": invalid syntax"
        ),
    ),
    (
        "replace-root-scalar",
        {"a": 1},
        [("replace", "", 5)],
        Fails("replace operation value must be object or array: %!w(<nil>)"),
    ),
    # -- test --
    (
        "test-bool-is-not-one",
        {"a": True},
        [("test", "/a", 1)],
        Fails("testing value /a failed: test failed"),
    ),
    (
        "test-minus-zero-is-not-zero",
        {"a": 0},
        [("test", "/a", -0.0)],
        Fails("testing value /a failed: test failed"),
    ),
    (
        "test-missing-path",
        {"a": 1},
        [("test", "/a/x/y", 1)],
        Fails("test operation does not apply: is missing path: /a/x/y: missing value"),
    ),
    (
        "test-non-integer-index",
        {"a": [1]},
        [("test", "/a/x", 1)],
        Fails(
            "error in test for path: '/a/x': strconv.Atoi: parsing \"x\": invalid syntax"
        ),
    ),
    (
        "test-slash-of-null-document",
        {},
        [("add", "", None), ("test", "/", {})],
        Fails("testing value / failed: test failed", 1),
    ),
    # -- the patch as a whole --
    (
        "second-operation-fails",
        {"a": 1},
        [("add", "/b", 2), ("remove", "/c")],
        Fails(
            "error in remove for path: '/c': unable to remove nonexistent key: c: "
            "missing value",
            1,
        ),
    ),
    (
        "move-is-refused-before-anything",
        {"a": 1},
        [("add", "/b", 2), ("move", "/a")],
        Fails(
            'invalid operation {"op":"move","path":"/a","value":null}: failed to decode '
            "'from': operation, missing from field: missing value",
            1,
        ),
    ),
    (
        "null-result",
        {},
        [("add", "", None)],
        Fails(
            "json: error calling MarshalJSON for type *jsonpatch.partialDoc: "
            "invalid value, expected object",
            None,
        ),
    ),
    # -- a nil array (a null root replaced in): Go parses the index, then panics --
    (
        "nil-array-bad-index",
        {},
        [("replace", "", None), ("remove", "")],
        Fails(
            "error in remove for path: '': strconv.Atoi: parsing \"\": invalid syntax",
            1,
        ),
    ),
    ("nil-array-index", {}, [("replace", "", None), ("add", "/0", 1)], Fails(PANIC, 1)),
    (
        "nil-array-append",
        {},
        [("replace", "", None), ("add", "/-", 1)],
        Fails(PANIC, 1),
    ),
    (
        "null-array-element-compared",
        {"a": [None]},
        [("test", "/a", [None])],
        Fails(PANIC),
    ),
    ("array-compared-with-null", [1], [("test", "", None)], Fails(PANIC)),
]


@pytest.mark.parametrize(
    ("document", "ops", "expected"),
    [pytest.param(d, o, e, id=i) for i, d, o, e in RESULTS],
)
def test_evanphx_results(
    document: Any, ops: list[tuple[Any, ...]], expected: Any
) -> None:
    assert apply_patch(copy.deepcopy(document), _ops(*ops)) == expected


@pytest.mark.parametrize(
    ("document", "ops", "expected"),
    [pytest.param(d, o, e, id=i) for i, d, o, e in ERRORS],
)
def test_evanphx_errors(
    document: Any, ops: list[tuple[Any, ...]], expected: Fails
) -> None:
    with pytest.raises(PatchError) as info:
        apply_patch(copy.deepcopy(document), _ops(*ops))
    assert (str(info.value), info.value.index) == expected


def test_result_is_the_document_changed_in_place() -> None:
    document = {"a": [1]}
    assert apply_patch(document, _ops(("add", "/a/-1", 2))) is document
    assert document == {"a": [1, 2]}


@pytest.mark.parametrize(
    ("document", "ops", "expected"),
    [
        pytest.param(
            '{"a": {"\\u00e9": 1.5}, "b": [2E3]}',
            [("test", "/a", {"é": 1.5})],
            '{"a":{"é":1.5},"b":[2E3]}',
            id="test-re-encodes-what-it-compared",
        ),
        pytest.param(
            '{"a": {"\\u00e9": 1}, "b": [2E3, 1.50]}',
            [("add", "/b/-1", 3), ("remove", "/b/-3")],
            '{"a":{"\\u00e9":1},"b":[1.50,3]}',
            id="negative-indices-keep-untouched-text",
        ),
        pytest.param(
            '{"a": {"\\u00e9": 1.50}}',
            [("add", "//a/b", 1)],
            '{"a":{"\\u00e9":1.50}}',
            id="self-writes-are-lost",
        ),
    ],
)
def test_evanphx_raw_json(
    document: str, ops: list[tuple[Any, ...]], expected: str
) -> None:
    assert rawjson.apply_raw_json_patch(document, _ops(*ops)) == expected
