"""Where RFC 6902 and evanphx/json-patch agree, the adaptor is plain ``jsonpatch``."""

from __future__ import annotations

import copy
from typing import Any

import jsonpatch
import jsonpointer
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from render.overrides.patching import Operation, PatchError, apply_patch

# Member names without "", "-" or "~": those are where the two libraries differ.
keys = st.sampled_from(["a", "b", "c"])
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-3, 3), st.sampled_from(["x", ""])
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(keys, inner, max_size=3)
    ),
    max_leaves=8,
)
documents = st.dictionaries(keys, values, max_size=3)


def _pointers(value: Any, prefix: str = "") -> list[str]:
    found = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, child in value.items():
            found += _pointers(child, f"{prefix}/{key}")
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found += _pointers(child, f"{prefix}/{index}")
    return found


def _resolve(document: Any, pointer: str) -> Any:
    for part in pointer.split("/")[1:]:
        document = document[int(part)] if isinstance(document, list) else document[part]
    return document


def _dash_in_an_object(document: Any, ops: list[dict[str, Any]]) -> bool:
    # An earlier operation may turn an array into an object: "-" is then a member name.
    current = copy.deepcopy(document)
    for op in ops:
        if op["path"].endswith("/-"):
            try:
                if not isinstance(_resolve(current, op["path"][:-2]), list):
                    return True
            except (KeyError, IndexError, ValueError, TypeError):
                pass
        current = _jsonpatch(current, [copy.deepcopy(op)])
        if current is PatchError:
            return False
    return False


@st.composite
def patches(draw: st.DrawFn) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    document = draw(documents)
    # RFC 6902 pointers: a leading "/", member names, canonical non-negative indices.
    suffixes = st.sampled_from(["", "/a", "/0", "/1", "/9"])
    pointers = st.builds(
        str.__add__, st.sampled_from([*_pointers(document), ""]), suffixes
    ).filter(bool)
    # "-" is the end of an array only; in an object it is a member name, where the two
    # libraries differ (evanphx adds the member, jsonpatch may refuse to replace it).
    arrays = [p for p in _pointers(document) if isinstance(_resolve(document, p), list)]
    if arrays:
        pointers = pointers | st.sampled_from(arrays).map(lambda p: p + "/-")
    op = st.fixed_dictionaries(
        {
            "op": st.sampled_from(["add", "remove", "replace"]),
            "path": pointers,
            "value": values,
        }
    )
    return document, draw(st.lists(op, min_size=1, max_size=3))


def _jsonpatch(document: Any, ops: list[dict[str, Any]]) -> Any:
    try:
        return jsonpatch.JsonPatch(ops).apply(document, in_place=True)
    except (jsonpatch.JsonPatchException, jsonpointer.JsonPointerException, TypeError):
        # TypeError: jsonpatch indexes into a string as a sequence (evanphx refuses).
        return PatchError


def _adaptor(document: Any, ops: list[dict[str, Any]]) -> Any:
    try:
        return apply_patch(
            document, [Operation(o["op"], o["path"], o["value"]) for o in ops]
        )
    except PatchError:
        return PatchError


@settings(max_examples=200, deadline=None)
@given(patches())
def test_agrees_with_jsonpatch_on_rfc6902_paths(
    case: tuple[dict[str, Any], list[dict[str, Any]]],
) -> None:
    document, ops = case
    assume(not _dash_in_an_object(document, ops))
    expected = _jsonpatch(copy.deepcopy(document), copy.deepcopy(ops))
    assert _adaptor(copy.deepcopy(document), copy.deepcopy(ops)) == expected
