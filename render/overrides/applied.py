"""The applied-overrides records Karmada writes on each Work: Go ``encoding/json`` of the
typed ``Overriders`` struct (``AppliedOverrides.MarshalJSON``), byte for byte."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from render.overrides import gojson, gosort

if TYPE_CHECKING:  # ordering imports this module
    from render.overrides.ordering import MatchedRule, RuleCache


def _s(value: Any) -> str:
    return gojson.json_string(
        value if isinstance(value, str) else "" if value is None else str(value)
    )


def _raw(value: Any) -> str:
    return gojson.encode(gojson.as_api_value(value))


def _object(fields: list[tuple[str, str | None]]) -> str:
    return (
        "{"
        + ",".join(f'"{name}":{text}' for name, text in fields if text is not None)
        + "}"
    )


def _list(entries: Any, encode_entry: Any) -> str | None:
    return (
        "[" + ",".join(encode_entry(e or {}) for e in entries) + "]"
        if entries
        else None
    )


def _plaintext(e: Mapping[str, Any]) -> str:
    return _object(
        [
            ("path", _s(e.get("path"))),
            ("operator", _s(e.get("operator"))),
            ("value", _raw(e.get("value"))),
        ]
    )


def _image(e: Mapping[str, Any]) -> str:
    predicate = e.get("predicate")
    return _object(
        [
            (
                "predicate",
                None
                if predicate is None
                else _object([("path", _s((predicate or {}).get("path")))]),
            ),
            ("component", _s(e.get("component"))),
            ("operator", _s(e.get("operator"))),
            ("value", _s(e.get("value")) if e.get("value") else None),
        ]
    )


def _command_args(e: Mapping[str, Any]) -> str:
    values = e.get("value") or []
    return _object(
        [
            ("containerName", _s(e.get("containerName"))),
            ("operator", _s(e.get("operator"))),
            ("value", "[" + ",".join(_s(v) for v in values) + "]" if values else None),
        ]
    )


def _label_annotation(e: Mapping[str, Any]) -> str:
    values = e.get("value") or {}
    pairs = ",".join(f"{_s(str(k))}:{_s(values[k])}" for k in sorted(values, key=str))
    return _object([("operator", _s(e.get("operator"))), ("value", "{" + pairs + "}")])


def _field_op(e: Mapping[str, Any]) -> str:
    return _object(
        [
            ("subPath", _s(e.get("subPath"))),
            ("operator", _s(e.get("operator"))),
            ("value", _raw(e.get("value"))),
        ]
    )


def _field(e: Mapping[str, Any]) -> str:
    return _object(
        [
            ("fieldPath", _s(e.get("fieldPath"))),
            ("json", _list(e.get("json"), _field_op)),
            ("yaml", _list(e.get("yaml"), _field_op)),
        ]
    )


_ENCODERS = (
    ("plaintext", _plaintext),
    ("imageOverrider", _image),
    ("commandOverrider", _command_args),
    ("argsOverrider", _command_args),
    ("labelsOverrider", _label_annotation),
    ("annotationsOverrider", _label_annotation),
    ("fieldOverrider", _field),
)


def overriders_json(overriders: Mapping[str, Any]) -> str:
    """Go ``json.Marshal`` of ``policyv1alpha1.Overriders``: declared field order,
    empty lists omitted, raw JSON values compacted, unknown fields dropped."""
    return _object(
        [(name, _list(overriders.get(name), enc)) for name, enc in _ENCODERS]
    )


def applied_record(
    rules: Sequence[MatchedRule], cache: RuleCache | None = None
) -> str | None:
    """The annotation value Karmada writes for one group, or None when nothing applied.

    Items are ordered by policy name with Go's unstable ``sort.Slice``, as Karmada does.
    """
    if not rules:
        return None
    encode = cache.overriders_json if cache is not None else overriders_json
    items = gosort.sort_slice(list(rules), lambda a, b: a.policy.name < b.policy.name)
    return (
        "["
        + ",".join(
            f'{{"policyName":{_s(rule.policy.name)},'
            f'"overriders":{encode(rule.overriders)}}}'
            for rule in items
        )
        + "]"
    )
