"""Embedded JSON documents patched the way evanphx/json-patch does it on raw bytes.

Output is compact and HTML-escaped; object key order is kept and new keys go last;
every value the patch does not reach keeps its exact source text (``1.50``, ``\\u00e9``).

The operations themselves run through :func:`render.overrides.patching.apply_patch`
(``jsonpatch``), on a tree of :mod:`render.overrides.nodes` raw nodes. Only the text
layer is our own: ``jsonpatch`` works on decoded Python values, and decoding loses what
evanphx keeps (number text such as ``1.50`` or ``2E3``, string escapes such as
``\\u00e9`` and ``\\/``, and which containers a path went through, which decides what
is written back verbatim and what is re-encoded).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

from render.overrides import gojson
from render.overrides.nodes import RawDict, RawList, RawScalar
from render.overrides.patching import Operation, PatchError, apply_patch, validate

_WHITESPACE = re.compile(r"[ \t\n\r]*")
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_SCALAR = re.compile(
    r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?|true|false|null"
)
_COMPACT = re.compile(r'("(?:[^"\\]|\\.)*")|[ \t\n\r]+', re.DOTALL)
_HTML = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
_HTML_CHARS = re.compile("[<>&\u2028\u2029]")


def _reject_constant(name: str) -> Any:
    raise ValueError(name)


def is_valid(text: str) -> bool:
    """Go ``json.Valid``: strict JSON (no NaN, no trailing commas, no raw control chars)."""
    try:
        json.loads(text, parse_constant=_reject_constant)
    except ValueError:
        return False
    return True


def parse(text: str) -> Any:
    """Parse valid JSON into a tree whose nodes remember their source text."""
    node, _ = _parse_at(text, _WHITESPACE.match(text, 0).end())  # type: ignore[union-attr]
    return node


def _parse_at(text: str, pos: int) -> tuple[Any, int]:
    start, char = pos, text[pos]
    if char in "{[":
        node: RawDict | RawList = RawDict() if char == "{" else RawList()
        pos = _skip(text, pos + 1)
        close = "}" if char == "{" else "]"
        while text[pos] != close:
            if isinstance(node, RawDict):
                key_end = _STRING.match(text, pos).end()  # type: ignore[union-attr]
                key = json.loads(text[pos:key_end])
                pos = _skip(text, _skip(text, key_end) + 1)  # past ':'
                node[key], pos = _parse_at(text, pos)
            else:
                item, pos = _parse_at(text, pos)
                node.append(item)
            pos = _skip(text, pos)
            if text[pos] == ",":
                pos = _skip(text, pos + 1)
        node.raw = text[start : pos + 1]
        return node, pos + 1
    match = (_STRING if char == '"' else _SCALAR).match(text, pos)
    end = match.end()  # type: ignore[union-attr]
    token = text[pos:end]
    return (None if token == "null" else RawScalar(token)), end


def _skip(text: str, pos: int) -> int:
    return _WHITESPACE.match(text, pos).end()  # type: ignore[union-attr]


def _html_escape(text: str) -> str:
    return _HTML_CHARS.sub(lambda m: _HTML[m.group()], text)


def compact(raw: str) -> str:
    """Go ``compact`` with HTML escaping: drop insignificant whitespace, escape ``<>&``."""
    return _COMPACT.sub(lambda m: _html_escape(m.group(1)) if m.group(1) else "", raw)


def dump(node: Any) -> str:
    """Serialise a raw tree as evanphx does: untouched parts compacted from their source,
    opened objects re-encoded key by key (vendored encoder, HTML-escaped)."""
    if node is None:
        return "null"
    if isinstance(node, RawScalar):
        return _html_escape(node.text)
    if isinstance(node, (RawDict, RawList)) and node.raw is not None:
        return compact(node.raw)
    if isinstance(node, dict):
        members = (
            f"{gojson.json_string(k, std=False)}:{dump(v)}" for k, v in node.items()
        )
        return "{" + ",".join(members) + "}"
    if isinstance(node, list):
        return "[" + ",".join(dump(v) for v in node) + "]"
    return gojson.encode(node)


def patch_value(value: Any) -> Any:
    """A patch value as evanphx holds it: the raw text of its Go JSON encoding."""
    return parse(gojson.encode(value))


def apply_raw_json_patch(document: str, ops: Sequence[Operation]) -> str:
    """Karmada ``applyRawJSONPatch``: patch a JSON text and return the new text.

    Args:
        document: the embedded JSON (``""`` is returned unchanged).
        ops: operations whose values are decoded JSON values.

    Returns:
        The compact, HTML-escaped patched document.

    Raises:
        PatchError: with evanphx's text.
    """
    validate(ops)
    if document == "":
        return document
    if not is_valid(document):
        raise PatchError("invalid state detected")
    root = parse(document)
    if isinstance(root, RawList) and document[0] != "[":
        # evanphx picks array vs object from the first byte, before any whitespace.
        raise PatchError(
            "json: cannot unmarshal array into Go value of type map[string]*jsonpatch.lazyNode"
        )
    raw_ops = [Operation(op.op, op.path, patch_value(op.value)) for op in ops]
    return dump(apply_patch(root, raw_ops))
