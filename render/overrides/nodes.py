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


def opened(node: Any) -> Any:
    """Mark a raw container as decoded: it is re-encoded on output from now on."""
    if type(node) is RawDict or type(node) is RawList:
        node.raw = None
    return node


def _token(node: Any) -> tuple[str, Any]:
    if isinstance(node, RawScalar):
        if node.text.startswith('"'):
            return "s", json.loads(node.text)
        return "#", node.text
    if isinstance(node, str):
        return "s", node
    return "#", gojson.encode(node)


def go_equal(left: Any, right: Any) -> bool:
    """evanphx ``lazyNode.equal``: structural, strings by value, numbers by their text."""
    if isinstance(left, dict):
        return (
            isinstance(right, dict)
            and len(left) == len(right)
            and all(k in right and go_equal(v, right[k]) for k, v in left.items())
        )
    if isinstance(left, list):
        return (
            isinstance(right, list)
            and len(left) == len(right)
            and all(go_equal(a, b) for a, b in zip(left, right, strict=True))
        )
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
