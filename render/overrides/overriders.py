"""One rule's Overriders applied to an object, in Karmada's fixed order (``applyPolicyOverriders``).

image, command, args, labels, annotations, fieldOverrider, then all plaintext entries as one
patch. Each overrider kind builds JSON-patch operations exactly as Karmada's builders do
(``imageoverride.go``, ``commandargsoverride.go``, ``labelannotationoverrider.go``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from render.overrides import fields, gojson
from render.overrides.containers import command_args_patches, image_patches
from render.overrides.patching import Operation, PatchError, apply_patch

KIND_ORDER = (
    "imageOverrider",
    "commandOverrider",
    "argsOverrider",
    "labelsOverrider",
    "annotationsOverrider",
    "fieldOverrider",
    "plaintext",
)


class OverriderError(Exception):
    """An overrider Karmada fails on; ``kind`` and ``index`` locate it in the rule."""

    def __init__(self, kind: str, index: int, message: str) -> None:
        super().__init__(message)
        self.kind, self.index = kind, index


@dataclass
class RuleOutcome:
    """What applying one rule did besides changing the object.

    ``notes`` are ``(kind, index, text)`` for the silent skips Karmada makes; ``writes``
    are ``(kind, index, key)`` for the JSON paths a rule sets, used to spot rules that
    overwrite each other.
    """

    notes: list[tuple[str, int, str]] = field(default_factory=list)
    writes: list[tuple[str, int, str]] = field(default_factory=list)


def _patch(obj: Any, ops: Sequence[Operation]) -> Any:
    """``applyJSONPatch``: the object round-trips through JSON, so it must keep a kind."""
    if ops or type(obj) is not dict:  # an empty patch leaves a plain dict as it is
        obj = apply_patch(obj, ops)
    if not isinstance(obj, dict):
        kind = "array" if isinstance(obj, list) else "null"
        raise PatchError(
            f"json: cannot unmarshal {kind} into Go value of type map[string]interface {{}}"
        )
    if not isinstance(obj.get("kind"), str) or not obj["kind"] or _unparsable_group_version(obj.get("apiVersion")):
        raise PatchError(f"Object 'Kind' is missing in '{gojson.encode(obj)}'")
    return obj


def _unparsable_group_version(api_version: Any) -> bool:
    # Decoding reads the kind through the parsed group/version, and "a/b/c" does not
    # parse: Karmada then finds no kind at all (a non-string apiVersion reads as "").
    return isinstance(api_version, str) and api_version.count("/") > 1


# -- labelsOverrider / annotationsOverrider --------------------------------------------
def _string_map(obj: Any, field_name: str) -> dict[str, Any] | None:
    metadata = obj.get("metadata")
    values = metadata.get(field_name) if isinstance(metadata, dict) else None
    if isinstance(values, dict) and all(isinstance(v, str) for v in values.values()):
        return values
    return None


def metadata_patches(
    obj: Any, field_name: str, overrider: Mapping[str, Any]
) -> tuple[list[Operation], list[str]]:
    """Karmada ``buildLabelAnnotationOverriderPatches`` for ``labels`` or ``annotations``.

    Note that ``add`` on an absent map first creates it in ``obj`` (as Karmada does).
    """
    operator = str(overrider.get("operator") or "")
    ops, notes = [], []
    for key, value in (overrider.get("value") or {}).items():
        if not isinstance(value, str):
            raise TypeError(f"value of {field_name} key {key!r} must be a string")
        if operator in ("remove", "replace"):
            if key not in (_string_map(obj, field_name) or {}):
                notes.append(f"{field_name} has no key {key!r}; {operator} skipped")
                continue
        elif operator == "add" and _string_map(obj, field_name) is None:
            metadata = obj.setdefault("metadata", {})
            if not isinstance(metadata, dict):
                continue
            metadata[field_name] = {}
        escaped = str(key).replace("/", "~1")
        ops.append(Operation(operator, f"/metadata/{field_name}/{escaped}", value))
    return ops, notes


# -- one rule --------------------------------------------------------------------------
def _entries(overriders: Mapping[str, Any], kind: str) -> list[Any]:
    entries = overriders.get(kind) or []
    if not isinstance(entries, list):
        raise OverriderError(kind, 0, f"{kind} must be a list")
    return entries


def _write_keys(
    kind: str, entry: Mapping[str, Any], ops: Sequence[Operation]
) -> list[str]:
    if kind == "imageOverrider":
        # Image edits compose; only a replace/remove of the same component overrides.
        if entry.get("operator") not in ("replace", "remove"):
            return []
        return [f"{op.path}/#{entry.get('component')}" for op in ops]
    if kind in ("labelsOverrider", "annotationsOverrider"):
        return [op.path for op in ops]
    return [op.path for op in ops if not op.path.endswith("/-")]


_Builder = Callable[[Any, Mapping[str, Any]], tuple[list[Operation], list[str]]]
_BUILDERS: dict[str, _Builder] = {
    "imageOverrider": image_patches,
    "commandOverrider": lambda obj, entry: command_args_patches(obj, "command", entry),
    "argsOverrider": lambda obj, entry: command_args_patches(obj, "args", entry),
    "labelsOverrider": lambda obj, entry: metadata_patches(obj, "labels", entry),
    "annotationsOverrider": lambda obj, entry: metadata_patches(
        obj, "annotations", entry
    ),
}


def _apply_builder(
    obj: Any, kind: str, entries: list[Any], outcome: RuleOutcome
) -> Any:
    for index, entry in enumerate(entries):
        try:
            ops, notes = _BUILDERS[kind](obj, entry)
            # Labels/annotations skip an empty patch; the others always round-trip.
            if ops or kind not in ("labelsOverrider", "annotationsOverrider"):
                obj = _patch(obj, ops)
        except (ValueError, TypeError, PatchError) as err:
            raise OverriderError(kind, index, str(err)) from None
        outcome.notes.extend((kind, index, note) for note in notes)
        outcome.writes.extend(
            (kind, index, key) for key in _write_keys(kind, entry, ops)
        )
    return obj


def _apply_fields(obj: Any, entries: list[Any], outcome: RuleOutcome) -> None:
    for index, entry in enumerate(entries):
        try:
            note = fields.apply_field_overrider(obj, entry)
        except ValueError as err:
            raise OverriderError("fieldOverrider", index, str(err)) from None
        if note:
            outcome.notes.append(("fieldOverrider", index, note))
        base = str(entry.get("fieldPath") or "")
        ops = entry.get("yaml") or entry.get("json") or [{}]
        paths = [base + str(op.get("subPath") or "") for op in ops]
        outcome.writes.extend(
            ("fieldOverrider", index, p) for p in paths if not p.endswith("/-")
        )


def _plaintext_op(index: int, entry: Mapping[str, Any]) -> Operation:
    try:
        value = gojson.as_api_value(entry.get("value"))
    except ValueError as err:  # NaN or infinity: the API server would refuse it
        raise OverriderError("plaintext", index, str(err)) from None
    return Operation(
        str(entry.get("operator") or ""), str(entry.get("path") or ""), value
    )


def _apply_plaintext(obj: Any, entries: list[Any], outcome: RuleOutcome) -> Any:
    ops = [_plaintext_op(index, entry) for index, entry in enumerate(entries)]
    try:
        obj = _patch(obj, ops)
    except PatchError as err:
        raise OverriderError("plaintext", err.index or 0, str(err)) from None
    outcome.writes.extend(
        ("plaintext", i, op.path)
        for i, op in enumerate(ops)
        if not op.path.endswith("/-")
    )
    return obj


def apply_rule(
    obj: Any, overriders: Mapping[str, Any] | None
) -> tuple[Any, RuleOutcome]:
    """Apply one rule's overriders to ``obj`` (changed in place) in Karmada's order.

    Args:
        obj: a private copy of the object.
        overriders: the rule's raw ``overriders`` mapping.

    Returns:
        The object (a new one only if a plaintext op replaced the root) and the outcome.

    Raises:
        OverriderError: for the first overrider Karmada fails on.
    """
    overriders = overriders or {}
    outcome = RuleOutcome()
    for kind in KIND_ORDER[:5]:
        if overriders.get(
            kind
        ):  # most rules use one or two kinds; absent ones do nothing
            obj = _apply_builder(obj, kind, _entries(overriders, kind), outcome)
    _apply_fields(obj, _entries(overriders, "fieldOverrider"), outcome)
    obj = _apply_plaintext(obj, _entries(overriders, "plaintext"), outcome)
    return obj, outcome
