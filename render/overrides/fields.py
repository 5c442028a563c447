"""fieldOverrider: JSON/YAML documents embedded in a string field (e.g. ConfigMap data).

The field is found with go-openapi/jsonpointer; its text is patched either as raw JSON
(:mod:`render.overrides.rawjson`) or as YAML through ``sigs.k8s.io/yaml``: YAML 1.1 decode,
JSON patch, then go-yaml v2 re-emission of the whole document.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from render.overrides import gojson, goyaml, rawjson, yamlemit
from render.overrides.patching import Operation, PatchError, apply_patch

_POINTER_ERROR = "JSON pointer error"
_INT = re.compile(r"[+-]?[0-9]+")


class FieldError(ValueError):
    """The field cannot be read or its document cannot be patched; ``str()`` is Go's text."""


def _unescape(token: str) -> str:
    return re.sub(r"~[01]", lambda m: "/" if m.group() == "~1" else "~", token)


def _locate(document: Any, pointer: str) -> tuple[Any, Any, Any]:
    """go-openapi ``Pointer.Get``: return (parent, key, value) of ``pointer``."""
    if pointer == "":
        return None, None, document
    if not pointer.startswith("/"):
        raise FieldError(
            f'JSON pointer must be empty or start with a "/"\n{_POINTER_ERROR}'
        )
    parent: Any = None
    key: Any = None
    node = document
    for raw_token in pointer.split("/")[1:]:
        token = _unescape(raw_token)
        parent, key, node = node, *_step(node, token)
    return parent, key, node


def _step(node: Any, token: str) -> tuple[Any, Any]:
    if node is None:
        raise FieldError(
            f"nil value has no field {gojson.quote(token)}: {_POINTER_ERROR}"
        )
    if isinstance(node, Mapping):
        if token not in node:
            raise FieldError(
                f"object has no key {gojson.quote(token)}: {_POINTER_ERROR}"
            )
        return token, node[token]
    if isinstance(node, list):
        if token == "-":
            raise FieldError(
                'cannot resolve "-" token on get: the "-" array token cannot be resolved '
                f"here: {_POINTER_ERROR}"
            )
        if not _INT.fullmatch(token):
            raise FieldError(
                f"strconv.Atoi: parsing {gojson.quote(token)}: invalid syntax\n{_POINTER_ERROR}"
            )
        index = int(token)
        if not 0 <= index < len(node):
            raise FieldError(
                f"index out of bounds array[0,{len(node) - 1}] index '{index}': {_POINTER_ERROR}"
            )
        return index, node[index]
    raise FieldError(f"invalid token reference {gojson.quote(token)}: {_POINTER_ERROR}")


def _operations(entries: Sequence[Mapping[str, Any]]) -> list[Operation]:
    return [
        Operation(
            str(entry.get("operator") or ""),
            str(entry.get("subPath") or ""),
            gojson.as_api_value(entry.get("value")),
        )
        for entry in entries
    ]


def apply_raw_yaml_patch(document: str, ops: Sequence[Operation]) -> str:
    """Karmada ``applyRawYAMLPatch``: YAML to JSON, patch, JSON back to go-yaml v2 YAML.

    Args:
        document: the embedded YAML text.
        ops: operations whose values are decoded JSON values.

    Returns:
        The whole document re-emitted by go-yaml v2.

    Raises:
        FieldError: when the YAML cannot be decoded or the patch fails.
    """
    try:
        patched = apply_patch(goyaml.load(document), ops)
        return yamlemit.dump(goyaml.json_retype(patched))
    except (goyaml.GoYAMLError, gojson.GoJSONError, PatchError) as err:
        raise FieldError(str(err)) from None


def apply_field_overrider(obj: Any, overrider: Mapping[str, Any]) -> str | None:
    """Apply one FieldOverrider to ``obj`` in place.

    Args:
        obj: the object being overridden (a private copy).
        overrider: the raw ``{fieldPath, json?, yaml?}`` mapping.

    Returns:
        A note when Karmada's behaviour is surprising but silent (neither ``json`` nor
        ``yaml`` given: the field is emptied), else None.

    Raises:
        FieldError: with Karmada's error text.
    """
    field_path = str(overrider.get("fieldPath") or "")
    parent, key, text = _locate(obj, field_path)
    if not isinstance(text, str) or parent is None:
        raise FieldError(
            f"Get object's value by overrider's path({field_path}) is not string"
        )
    yaml_ops, json_ops = overrider.get("yaml") or [], overrider.get("json") or []
    note = None
    if yaml_ops:
        result = apply_raw_yaml_patch(text, _operations(yaml_ops))
    elif json_ops:
        try:
            result = rawjson.apply_raw_json_patch(text, _operations(json_ops))
        except PatchError as err:
            raise FieldError(str(err)) from None
    else:
        result = ""
        note = f"neither json nor yaml operations: Karmada empties {field_path}"
    parent[key] = result
    return note
