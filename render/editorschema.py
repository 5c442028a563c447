"""Input schemas for editors that only speak JSON Schema draft-07 (yaml-language-server)."""

from __future__ import annotations

from typing import Any

DRAFT_07 = "http://json-schema.org/draft-07/schema#"
_DEFS_REF = "#/$defs/"


def as_draft_07(schema: dict[str, Any]) -> dict[str, Any]:
    """The same rules written in draft-07, which yaml-language-server implements.

    Two differences matter for our schemas: ``$defs`` is ``definitions`` there,
    and draft-07 ignores every keyword beside a ``$ref``; such a ``$ref`` moves
    into an ``allOf`` so that its siblings (a ``minimum``, say) still apply.
    """
    converted = _convert(schema)
    converted["$schema"] = DRAFT_07
    if "$defs" in converted:
        converted["definitions"] = converted.pop("$defs")
    return converted  # type: ignore[no-any-return]


def _convert(node: Any) -> Any:
    if isinstance(node, list):
        return [_convert(item) for item in node]
    if not isinstance(node, dict):
        return node
    result = {key: _convert(value) for key, value in node.items()}
    ref = result.get("$ref")
    if isinstance(ref, str) and ref.startswith(_DEFS_REF):
        result["$ref"] = "#/definitions/" + ref[len(_DEFS_REF) :]
    if "$ref" in result and len(result) > 1:
        ref_only = {"$ref": result.pop("$ref")}
        result["allOf"] = [ref_only, *result.get("allOf", [])]
    return result
