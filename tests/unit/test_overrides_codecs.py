"""Go-format codecs behind the override engine: expected texts were produced by the Go
libraries themselves (go-yaml v2.4.4, evanphx/json-patch v5.9.11, distribution/reference)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from render.overrides import gojson, gosort, goyaml, images, rawjson, yamlemit
from render.overrides.fields import apply_raw_yaml_patch
from render.overrides.patching import Operation, PatchError, apply_patch


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        pytest.param(
            {"a": "\ufeffx y"},
            'a: "\\uFEFF\\x78\\x20\\x79"\n',
            id="leading-bom-escapes-all",
        ),
        pytest.param(
            {"a": "x \x85 y", "b": "x\x85\x85y"},
            "a: x y\nb: |-\n  x\n  y\n",
            id="nel-folds",
        ),
        pytest.param(
            {"a": 6.30164735368337e16, "b": 1.5e-7, "c": 1e21},
            "a: 63016473536833700\nb: 1.5e-07\nc: 1e+21\n",
            id="floats-through-json-digits",
        ),
        pytest.param(
            {"a": "x" * 70 + " \t " + "y" * 20 + "  z"},
            'a: "' + "x" * 70 + " \\t " + "y" * 20 + '\n  \\ z"\n',
            id="fold-double-quoted",
        ),
        pytest.param(
            {"a": "- " + "w " * 50},
            "a: '- " + "w " * 37 + "w\n  " + "w " * 12 + "'\n",
            id="fold-single-quoted",
        ),
        pytest.param(
            {"k" * 130: 1, "multi\nline": 2},
            "? " + "k" * 130 + "\n: 1\n? |-\n  multi\n  line\n: 2\n",
            id="complex-keys",
        ),
        pytest.param(
            {"e": "smile \U0001f600"}, 'e: "smile \\U0001F600"\n', id="astral-escaped"
        ),
        pytest.param(
            {"a": [[1, [2]], {"b": []}], "c": [{}]},
            "a:\n- - 1\n  - - 2\n- b: []\nc:\n- {}\n",
            id="nested-sequences",
        ),
    ],
)
def test_go_yaml_marshal(document: dict[str, Any], expected: str) -> None:
    assert yamlemit.dump(goyaml.json_retype(document)) == expected


@pytest.mark.parametrize(
    ("document", "error"),
    [
        pytest.param({"\x85": 1}, "did not find expected ','", id="nel-in-key"),
        pytest.param(
            {"k" * 1023: 1}, "did not find expected ','", id="key-over-1024-json-chars"
        ),
        pytest.param({"a": "\x7f"}, "control characters are not allowed", id="raw-del"),
    ],
)
def test_go_yaml_marshal_errors(document: dict[str, Any], error: str) -> None:
    with pytest.raises(goyaml.GoYAMLError, match=error):
        goyaml.json_retype(document)


def test_long_key_at_limit_is_fine() -> None:
    assert goyaml.json_retype({"k" * 1022: 1}) == {"k" * 1022: 1}


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        (
            "m:\n  y: 3\n  <<: {y: 4, z: 5}\n",
            {"m": {"true": 4, "z": 5}},
        ),  # merge overwrites
        (
            "m:\n  <<: [{a: 1}, {a: 2, b: 2}]\n",
            {"m": {"a": 1, "b": 2}},
        ),  # first map wins
        (
            "1.5: x\n0.1: y\ntrue: z\n12: w\n",
            {"1.5": "x", "0.1": True, "true": "z", "12": "w"},
        ),
        (
            "a: !!float 1\nb: !!str 1.5\nc: 2001-12-14\n",
            {"a": 1.0, "b": "1.5", "c": "2001-12-14"},
        ),
        ("a: 1\na: 2\n", {"a": 2}),
        ("---\na: 1\n---\nb: 2\n", {"a": 1}),
    ],
)
def test_go_yaml_decode(document: str, expected: Any) -> None:
    assert goyaml.load(document) == expected


@pytest.mark.parametrize(
    "document",
    [
        "~: x\n",
        "12345678901234567890: big\n",
        "a: .nan\n",
        "a: !!int abc\n",
        "? [a]\n: b\n",
        "a: &x [*x]\n",
    ],
)
def test_go_yaml_decode_errors(document: str) -> None:
    with pytest.raises(ValueError):
        goyaml.load(document)


def test_yaml_patch_reemits_whole_document() -> None:
    document = "server:\n  location /:\n    index: [a, b]\n    root: /usr\n  error_page:\n  - code: 500\n"
    ops = [
        Operation("replace", "/server/location ~1/root", "/var/www"),
        Operation("add", "/server/error_page/-", {"code": 400}),
        Operation("remove", "/server/location ~1/index"),
    ]
    assert apply_raw_yaml_patch(document, ops) == (
        "server:\n  error_page:\n  - code: 500\n  - code: 400\n  location /:\n    root: /var/www\n"
    )


# -- evanphx/json-patch semantics --------------------------------------------------------
@pytest.mark.parametrize(
    ("document", "ops", "expected"),
    [
        pytest.param(
            {"a": 1},
            [("add", "x/b", 2)],
            {"a": 1, "b": 2},
            id="no-leading-slash-is-root-key",
        ),
        pytest.param(
            {"a": {"b": 1}},
            [("add", "//c", 2)],
            {"a": {"b": 1}},
            id="empty-token-writes-are-lost",
        ),
        pytest.param(
            {"a": 1},
            [("replace", "/", 2)],
            {"a": 1, "": 2},
            id="replace-empty-key-creates-it",
        ),
        pytest.param(
            [1, 2],
            [("add", "/-1", 3), ("remove", "/-3", None)],
            [2, 3],
            id="negative-indices",
        ),
        pytest.param({"a": 1}, [("add", "", [0])], [0], id="add-root"),
    ],
)
def test_evanphx_semantics(
    document: Any, ops: list[tuple[str, str, Any]], expected: Any
) -> None:
    assert apply_patch(document, [Operation(*op) for op in ops]) == expected


@pytest.mark.parametrize(
    ("document", "op", "error"),
    [
        (
            {"a": None},
            ("add", "/a/b", 1),
            'add operation does not apply: doc is missing path: "/a/b": missing value',
        ),
        (
            {"a": [1]},
            ("add", "/a/x", 1),
            "error in add for path: '/a/x': value was not a proper array index: 'x'",
        ),
        (
            {"a": [1]},
            ("remove", "/a/-2", None),
            "error in remove for path: '/a/-2': Unable to access invalid index: -2",
        ),
        (
            {"a": 1},
            ("remove", "/b", None),
            "error in remove for path: '/b': unable to remove nonexistent key: b",
        ),
        (
            {"a": 1},
            ("replace", "", 5),
            "replace operation value must be object or array",
        ),
        ({"a": 1}, ("move", "/a", None), "failed to decode 'from'"),
        (
            None,
            ("add", "/a", 1),
            "error in add for path: '/a': invalid value, expected object",
        ),
        ("text", ("add", "/a", 1), "cannot unmarshal string into Go value"),
    ],
)
def test_evanphx_errors(document: Any, op: tuple[str, str, Any], error: str) -> None:
    with pytest.raises(PatchError) as info:
        apply_patch(document, [Operation(*op)])
    assert error in str(info.value)


def test_raw_json_keeps_text_and_order() -> None:
    document = '{ "z" : 1.50, "a" : {"\\u00e9": [1, 2E3]}, "s": "<\\/>" }'
    assert (
        rawjson.apply_raw_json_patch(document, [])
        == '{"z":1.50,"a":{"\\u00e9":[1,2E3]},"s":"\\u003c\\/\\u003e"}'
    )
    opened = rawjson.apply_raw_json_patch(
        document, [Operation("add", "/a/k", {"b": 1, "a": "<"})]
    )
    assert (
        opened
        == '{"z":1.50,"a":{"é":[1,2E3],"k":{"a":"\\u003c","b":1}},"s":"\\u003c\\/\\u003e"}'
    )


def test_raw_json_leading_space_before_array_is_an_error() -> None:
    with pytest.raises(PatchError, match="cannot unmarshal array"):
        rawjson.apply_raw_json_patch(" [1]", [])


# -- Go number and string formatting -----------------------------------------------------
@pytest.mark.parametrize(
    ("value", "json_text", "yaml_text"),
    [
        (1234567.5, "1234567.5", "1.2345675e+06"),
        (1e-5, "0.00001", "1e-05"),
        (1.5e-7, "1.5e-7", "1.5e-07"),
        (1e21, "1e+21", "1e+21"),
        (1e20, "100000000000000000000", "1e+20"),
        (-0.0, "-0", "-0"),
    ],
)
def test_go_floats(value: float, json_text: str, yaml_text: str) -> None:
    assert gojson.json_float(value) == json_text
    assert gojson.format_float(value, "g") == yaml_text


def test_go_json_encoding() -> None:
    value = {"b": "<é\b\u2028", "a": [1.0, None, True]}
    assert gojson.encode(value) == '{"a":[1,null,true],"b":"\\u003cé\\b\\u2028"}'
    assert json.loads(gojson.encode(value)) == {"a": [1, None, True], "b": "<é\b\u2028"}
    assert gojson.as_api_value({"z": 2.0, "a": 2**70}) == {
        "a": 1.1805916207174113e21,
        "z": 2,
    }


@pytest.mark.parametrize(
    ("image", "error"),
    [
        ("nginx@sha256:" + "A" * 64, "invalid checksum digest format"),
        ("nginx@sha256:" + "a" * 63 + "g", "invalid reference format"),
        ("nginx@sha384:" + "a" * 64, "invalid checksum digest length"),
        ("nginx@foo:" + "a" * 64, "unsupported digest algorithm"),
        ("a/" + "b" * 256, "repository name must not be more than 255 characters"),
    ],
)
def test_image_errors(image: str, error: str) -> None:
    with pytest.raises(images.ImageError, match=error):
        images.parse_image(image)


def test_applied_record_orders_like_go_sort_slice() -> None:
    # 13+ items: Go's pdqsort is not stable; this order was produced by sort.Slice.
    keys = [i % 3 for i in range(20)]
    items = gosort.sort_slice(list(enumerate(keys)), lambda a, b: a[1] < b[1])
    assert [i for i, _ in items][:7] == [9, 18, 15, 3, 12, 0, 6]
    assert [k for _, k in items] == sorted(keys)
    small = gosort.sort_slice([(i, i % 2) for i in range(12)], lambda a, b: a[1] < b[1])
    assert [i for i, _ in small] == [
        0,
        2,
        4,
        6,
        8,
        10,
        1,
        3,
        5,
        7,
        9,
        11,
    ]  # stable up to 12
