"""JSON nodes as evanphx/json-patch sees them: raw-text nodes and its equality test.

A raw JSON document is parsed into :class:`RawDict` / :class:`RawList` / :class:`RawScalar`
nodes that remember their source text. evanphx decodes a container only when a patch
path goes through it ("opens" it); everything else is written back from its source.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from render.overrides import gojson

_TYPE = "map[string]*jsonpatch.lazyNode"


class RawDict(dict):  # type: ignore[type-arg]
    """A JSON object parsed from text; ``raw`` is its source until something opens it."""

    raw: str | None = None


class RawList(list):  # type: ignore[type-arg]
    """A JSON array parsed from text; ``raw`` is its source until something opens it."""

    raw: str | None = None


@dataclass(frozen=True)
class RawScalar:
    """A JSON string, number or boolean kept as its exact source text."""

    text: str


class NilDereference(Exception):
    """evanphx dereferences a nil node here: Karmada's controller panics."""


def opened(node: Any) -> Any:
    """Mark a raw container as decoded: it is re-encoded on output from now on."""
    if type(node) is RawDict or type(node) is RawList:
        node.raw = None
    return node


def open_tree(node: Any) -> None:
    """Mark every raw container in ``node`` decoded, as evanphx's equality test does."""
    if type(node) is RawDict or type(node) is RawList:
        node.raw = None
        for child in node.values() if type(node) is RawDict else node:
            open_tree(child)


def _token(node: Any) -> tuple[str, Any]:
    if isinstance(node, RawScalar):
        if node.text.startswith('"'):
            return "s", json.loads(node.text)
        return "#", node.text
    if isinstance(node, str):
        return "s", node
    return "#", gojson.encode(node)


def go_equal(left: Any, right: Any) -> bool:
    """evanphx ``lazyNode.equal``: structural, strings by value, numbers by their text.

    Members are compared in the document's key order; Go's map order is random, so
    where a comparison both fails and panics, Go may report either.

    Raises:
        NilDereference: where evanphx compares a null array element (or an array with
            null) and panics.
    """
    if isinstance(left, dict):
        if not isinstance(right, dict) or len(left) != len(right):
            return False
        for key, value in left.items():
            if key not in right:
                return False
            # Null members are nil nodes, told apart before any comparison.
            other = right[key]
            if value is None or other is None:
                if (value is None) != (other is None):
                    return False
            elif not go_equal(value, other):
                return False
        return True
    if isinstance(left, list):
        if right is None:  # decoded as a nil array, whose length Go then reads
            raise NilDereference
        if not isinstance(right, list) or len(left) != len(right):
            return False
        for a, b in zip(left, right, strict=True):
            if a is None or b is None:  # a null element is a nil node in evanphx
                raise NilDereference
            if not go_equal(a, b):
                return False
        return True
    if isinstance(right, (dict, list)):
        return False
    return _token(left) == _token(right)


def node_text(value: Any) -> str:
    """The JSON text of a node or a plain decoded value."""
    if isinstance(value, (RawDict, RawList)) and value.raw is not None:
        return value.raw
    if isinstance(value, RawScalar):
        return value.text
    return gojson.encode(value)


def root_type_error(root: Any) -> str | None:
    """The Go unmarshal error for a document that is neither an object nor an array."""
    if isinstance(root, (dict, list)) or root is None:
        return None
    if isinstance(root, RawScalar):
        kind = "string" if root.text.startswith('"') else "number"
        kind = "bool" if root.text in ("true", "false") else kind
    else:
        kind = "string" if isinstance(root, str) else "bool"
        kind = (
            "number"
            if isinstance(root, (int, float)) and type(root) is not bool
            else kind
        )
    return f"json: cannot unmarshal {kind} into Go value of type {_TYPE}"
