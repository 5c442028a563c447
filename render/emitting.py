"""The one YAML emitter of every output file: yaml-rs, with a PyYAML fallback it cannot do safely.

yaml-rs (a Rust emitter) writes a manifest about eight times faster than PyYAML's
C dumper, whose representer runs in Python; at fleet scale emitting YAML is most of a
render. It quotes every string a YAML 1.1 reader would take for another type except
a few (a lone ``y``/``n``, which go-yaml v2 reads as booleans; dates; ``1_000``;
``0b101``, ``0o17``) and it cannot write a key holding a line break. An object holding such a
string is emitted by PyYAML instead, with resolvers that quote them. Both paths are
pinned dependencies, so the bytes do not depend on the machine.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
import yaml_rs

_RISKY = re.compile(
    r"[yYnN]"
    r"|[-+]?[0-9][0-9_]*_[0-9_]*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?"  # numbers with "_" separators
    r"|[-+]?0[bo][0-7_]+"  # go-yaml v2 reads binary and 0o-octal integers
    r"|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt ].*)?"  # YAML 1.1 timestamps
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x85\u2028\u2029\ufeff]")
_KEY_BREAK = re.compile(r"[\n\r]")


class _Fallback(Exception):
    """The object holds a string yaml-rs would emit unsafely."""


class _Unprintable(_Fallback):
    """...and one with a control or line-separator character, which must be escaped."""


# Strings already known to be safe for yaml-rs, as keys and as values. The same
# keys and many values recur in every object of a render, so each is checked once.
# Only safe strings are remembered; the sets are emptied when they grow large.
_SAFE_KEYS: set[str] = set()
_SAFE_VALUES: set[str] = set()
_SAFE_LIMIT = 1 << 16


def _check_key(key: Any) -> None:
    if type(key) is not str or _KEY_BREAK.search(key) or _RISKY.fullmatch(key):
        raise _Fallback
    if _CONTROL.search(key):
        raise _Unprintable
    _remember(_SAFE_KEYS, key)


def _check_value(value: str) -> None:
    if _CONTROL.search(value):
        raise _Unprintable
    if _RISKY.fullmatch(value):
        raise _Fallback
    _remember(_SAFE_VALUES, value)


def _remember(checked: set[str], text: str) -> None:
    # bounded: a long-lived process (the tests) must not keep every string it emitted
    if len(checked) >= _SAFE_LIMIT:
        checked.clear()
    checked.add(text)


def _sorted(value: Any) -> Any:
    # Sorted keys make the bytes independent of how the object was built; the same
    # walk checks every string for what yaml-rs would get wrong. Which of the two
    # exceptions is raised first does not matter: dump() looks for control
    # characters in the whole object whenever it falls back.
    kind = type(value)
    if kind is dict:
        out = {}
        for key in sorted(value):
            if key not in _SAFE_KEYS:
                _check_key(key)
            item = value[key]
            # Scalars are most of the leaves: checked here without a call.
            item_kind = type(item)
            if item_kind is str:
                if item not in _SAFE_VALUES:
                    _check_value(item)
                out[key] = item
            elif item_kind is int or item_kind is bool or item is None:
                out[key] = item
            else:
                out[key] = _sorted(item)
        return out
    if kind is list:
        return [
            v if type(v) is str and v in _SAFE_VALUES else _sorted(v) for v in value
        ]
    if kind is str:
        if value not in _SAFE_VALUES:
            _check_value(value)
        return value
    if value is None or kind is int or kind is bool:
        return value
    raise _Fallback  # floats and anything exotic: leave them to PyYAML's exact rules


def _check_printable(value: Any) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            _check_printable(key)
            _check_printable(item)
    elif isinstance(value, list):
        for item in value:
            _check_printable(item)
    elif isinstance(value, str) and _CONTROL.search(value):
        raise _Unprintable


class _Dumper(yaml.SafeDumper):
    """PyYAML, shaped like yaml-rs output (indented sequences) and quoting more.

    The pure-Python emitter, because the C one ignores ``increase_indent``; it only
    runs for the rare objects yaml-rs cannot take.
    """

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


# Go's YAML (sigs.k8s.io/yaml) reads "1e3" as a float and a lone y / n as a boolean,
# where PyYAML sees strings: teach the resolver so such strings are quoted on output.
_Dumper.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(
        r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$|^0[ob][0-9a-fA-F_]+$"
    ),
    list("-+.0123456789"),
)
_Dumper.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^[yYnN]$"), list("yYnN")
)


def _pyyaml(obj: Any, *, printable: bool) -> str:
    # PyYAML writes NEL and the Unicode line separators raw when allowed Unicode, and
    # a reader then takes them for line breaks: escape everything in that case.
    return yaml.dump(
        obj,
        Dumper=_Dumper,
        sort_keys=True,
        default_flow_style=False,
        allow_unicode=printable,
        width=1 << 16,
    )


def dump(obj: Any) -> str:
    """Serialise one object: sorted keys, block style, a trailing newline."""
    try:
        text = yaml_rs.dumps(_sorted(obj))
    except _Unprintable:
        return _pyyaml(obj, printable=False)
    except _Fallback:
        try:
            _check_printable(obj)
        except _Unprintable:
            return _pyyaml(obj, printable=False)
        return _pyyaml(obj, printable=True)
    return text.removeprefix("---\n") + "\n"
