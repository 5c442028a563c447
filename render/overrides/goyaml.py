"""go-yaml v2 decoding as ``sigs.k8s.io/yaml.YAMLToJSON`` sees it: YAML 1.1 scalars, string keys.

PyYAML parses (both are libyaml ports); resolution and construction are go-yaml v2's own
(``resolve.go``, ``decode.go``) because PyYAML's resolver differs (timestamps, octal,
``0o``/``0b`` ints, base-60 numbers, merge precedence).
"""

from __future__ import annotations

import base64
import binascii
import math
import re
from types import MappingProxyType
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

from render.overrides import gojson

PREFIX = "tag:yaml.org,2002:"
STR, BOOL, INT, FLOAT, NULL = (
    PREFIX + t for t in ("str", "bool", "int", "float", "null")
)
TIMESTAMP, BINARY, MERGE = PREFIX + "timestamp", PREFIX + "binary", PREFIX + "merge"
_PLAIN = "!plain"  # marker for an untagged plain scalar: resolved by go-yaml rules
_RESOLVABLE = ("", STR, BOOL, INT, FLOAT, NULL, TIMESTAMP)
_INT64_MIN, _INT64_MAX, _UINT64_MAX = -(1 << 63), (1 << 63) - 1, (1 << 64) - 1

_WORDS: dict[str, tuple[str, Any]] = {}
for _tag, _value, _words in (
    (BOOL, True, "y Y yes Yes YES true True TRUE on On ON"),
    (BOOL, False, "n N no No NO false False FALSE off Off OFF"),
    (NULL, None, "~ null Null NULL"),
    (FLOAT, math.nan, ".nan .NaN .NAN"),
    (FLOAT, math.inf, ".inf .Inf .INF +.inf +.Inf +.INF"),
    (FLOAT, -math.inf, "-.inf -.Inf -.INF"),
):
    _WORDS.update(dict.fromkeys(_words.split(), (_tag, _value)))
_WORDS[""] = (NULL, None)
_HINT = {**dict.fromkeys("+-", "S"), **dict.fromkeys("0123456789", "D")}
_HINT.update({**dict.fromkeys("yYnNtTfFoO~", "M"), ".": "."})
_YAML_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_DOT_FLOAT = re.compile(r"\.[0-9]+([eE][-+]?[0-9]+)?")
_BASE60 = re.compile(r"[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?")
_DATE = r"(\d{4})-(\d{1,2})-(\d{1,2})"
_CLOCK = r"(\d{1,2}):(\d{1,2}):(\d{1,2})(?:[.,]\d+)?"
_TIMESTAMP = re.compile(
    _DATE + r"(?:[Tt]" + _CLOCK + r"(?:Z|[+-]\d{2}:\d{2})| " + _CLOCK + r")?", re.ASCII
)
# Raw in Go's JSON output (it only escapes < 0x20, U+2028/9 and HTML characters) yet
# outside what libyaml's reader accepts.
_UNREADABLE = re.compile("[\x7f-\x84\x86-\x9f\ufffe\uffff]")
_DIGITS = {2: "01", 8: "01234567", 10: "0123456789", 16: "0123456789abcdefABCDEF"}


class GoYAMLError(ValueError):
    """A document go-yaml v2 or the YAML-to-JSON step refuses; ``str()`` is the reason."""


def _parse_uint(text: str) -> int | None:
    """Go ``strconv.ParseUint(text, 0, 64)`` (underscores already removed)."""
    base, digits = 10, text
    if text[:1] == "0" and len(text) > 1:
        prefix = text[1].lower()
        if len(text) >= 3 and prefix in "box":
            base, digits = {"b": 2, "o": 8, "x": 16}[prefix], text[2:]
        else:
            base, digits = 8, text[1:]
    if not digits or any(c not in _DIGITS[base] for c in digits):
        return None if digits or base == 10 else 0
    value = int(digits, base)
    return value if value <= _UINT64_MAX else None


def _parse_int(text: str) -> int | None:
    """Go ``strconv.ParseInt(text, 0, 64)``."""
    sign, body = (
        (-1 if text[0] == "-" else 1, text[1:]) if text[:1] in ("+", "-") else (1, text)
    )
    magnitude = _parse_uint(body) if body else None
    if magnitude is None:
        return None
    value = sign * magnitude
    return value if _INT64_MIN <= value <= _INT64_MAX else None


def _parse_float(text: str) -> float | None:
    value = float(text)
    return None if math.isinf(value) else value  # Go reports overflow as an error


def is_timestamp(text: str) -> bool:
    """Whether go-yaml v2 reads ``text`` as a timestamp (its four ``time.Parse`` layouts)."""
    match = _TIMESTAMP.fullmatch(text)
    if match is None:
        return False
    year, month, day = (int(g) for g in match.groups()[:3])
    clock = [int(g) for g in match.groups()[3:] if g is not None]
    if not 1 <= month <= 12 or not 1 <= day <= _days_in(year, month):
        return False
    return not clock or (clock[0] < 24 and clock[1] < 60 and clock[2] < 60)


def _days_in(year: int, month: int) -> int:
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def is_base60_float(text: str) -> bool:
    """go-yaml v2 quotes base-60 looking strings (``1:20``) on output for YAML 1.1 readers."""
    return (
        text[:1] in "+-0123456789"
        and ":" in text
        and _BASE60.fullmatch(text) is not None
    )


def resolve(tag: str, text: str) -> tuple[str, Any]:
    """go-yaml v2 ``resolve``: the tag and value of a scalar; ``tag`` is "" when untagged.

    Raises:
        GoYAMLError: when an explicit tag does not fit the text.
    """
    if tag not in _RESOLVABLE:
        return tag, text
    rtag, value = _resolve_untyped(tag, text)
    if tag in ("", rtag, STR):
        return rtag, value
    if tag == FLOAT and rtag == INT and value <= _INT64_MAX:  # a uint64-only int stays one
        return FLOAT, float(value)
    short = lambda t: "!!" + t.removeprefix(PREFIX)
    raise GoYAMLError(f"yaml: cannot decode {short(rtag)} `{text}` as a {short(tag)}")


def _resolve_untyped(tag: str, text: str) -> tuple[str, Any]:
    hint = "M" if text == "" else _HINT.get(text[0])
    if hint is None or tag == STR:
        return STR, text
    if text in _WORDS:
        return _WORDS[text]
    if (
        hint == "."
        and _DOT_FLOAT.fullmatch(text)
        and (value := _parse_float(text)) is not None
    ):
        return FLOAT, value
    if hint in "DS":
        if tag in ("", TIMESTAMP) and is_timestamp(text):
            return TIMESTAMP, text
        plain = text.replace("_", "")
        number = _parse_int(plain)
        if number is None and plain[:1] != "+" and plain[:1] != "-":
            number = _parse_uint(plain)
        if number is not None:
            return INT, number
        if _YAML_FLOAT.fullmatch(plain) and (value := _parse_float(plain)) is not None:
            return FLOAT, value
    return STR, text


class _Resolver(BaseResolver):
    def resolve(self, kind: type[Node], value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is ScalarNode:
            return _PLAIN if implicit[0] else STR
        return super().resolve(kind, value, implicit)  # type: ignore[no-any-return]


class _Composer(Reader, Scanner, Parser, Composer, _Resolver):
    # libyaml's escapes, which go-yaml ported: "\'" is one, "\/" (YAML 1.2's) is none
    ESCAPE_REPLACEMENTS = MappingProxyType(  # type: ignore[misc,assignment]  # a Final dict in the stubs
        {**{k: v for k, v in Scanner.ESCAPE_REPLACEMENTS.items() if k != "/"}, "'": "'"})

    def __init__(self, stream: str) -> None:
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)
        _Resolver.__init__(self)

    def scan_plain_spaces(self, indent: int, start_mark: Any) -> Any:
        # libyaml's blanks inside a plain scalar ("b\tc") are tabs too, PyYAML's spaces only
        length = 0
        while self.peek(length) in " \t":
            length += 1
        blanks = self.prefix(length)
        if "\t" not in blanks:
            return super().scan_plain_spaces(indent, start_mark)
        self.forward(length)
        if self.peek() in "\r\n\x85\u2028\u2029":
            return super().scan_plain_spaces(indent, start_mark)  # blanks before a break are dropped
        return [blanks]

    def scan_to_next_token(self) -> None:
        # libyaml's rule, which PyYAML lacks: a tab separates tokens as a space does in
        # flow context and where no simple key can start (after "key:", say).
        if self.index == 0 and self.peek() == "\ufeff":
            self.forward()
        while True:
            while self.peek() == " " or (self.peek() == "\t" and (self.flow_level or not self.allow_simple_key)):
                self.forward()
            if self.peek() == "#":
                while self.peek() not in "\0\r\n\x85\u2028\u2029":
                    self.forward()
            if not self.scan_line_break():
                return
            if not self.flow_level:
                self.allow_simple_key = True


def load(text: str) -> Any:
    """Decode the first YAML document like ``yaml.Unmarshal`` into ``interface{}`` and then
    ``convertToJSONableObject``: map keys become strings, timestamps stay strings.

    Raises:
        GoYAMLError: for syntax errors, bad tags, non-JSON keys, NaN or infinities.
    """
    try:
        composer = _Composer(text)
    except yaml.reader.ReaderError:  # the reader refuses the text before any parsing
        raise GoYAMLError("yaml: control characters are not allowed") from None
    try:
        node = composer.get_node() if composer.check_node() else None
    except yaml.composer.ComposerError as err:
        undefined = re.fullmatch(r"found undefined alias '(.*)'", str(err.problem))
        raise GoYAMLError(f"yaml: unknown anchor '{undefined[1]}' referenced" if undefined else f"yaml: {err}") from None
    except yaml.YAMLError as err:
        raise GoYAMLError(f"yaml: {err}") from None
    finally:
        composer.dispose()
    value = None if node is None else _construct(node, set())
    _check_finite(value)
    return value


def _construct(node: Node, active: set[int]) -> Any:
    if id(node) in active:
        raise GoYAMLError("yaml: anchor value contains itself")
    if isinstance(node, ScalarNode):
        return _scalar(node)
    active.add(id(node))
    try:
        if isinstance(node, SequenceNode):
            return [_construct(child, active) for child in node.value]
        out: dict[str, Any] = {}
        _fill(out, node, active)
        return out
    finally:
        active.discard(id(node))


def _fill(out: dict[str, Any], node: Node, active: set[int]) -> None:
    if not isinstance(node, MappingNode):
        raise GoYAMLError(
            "yaml: map merge requires map or sequence of maps as the value"
        )
    for key_node, value_node in node.value:
        if (
            isinstance(key_node, ScalarNode)
            and key_node.value == "<<"
            and key_node.tag
            in (
                _PLAIN,
                MERGE,
            )
        ):
            # go-yaml v2 merges by plain assignment: merged keys overwrite earlier ones and
            # are overwritten by later ones; in a list, earlier maps take precedence.
            merged = (
                value_node.value
                if isinstance(value_node, SequenceNode)
                else [value_node]
            )
            for item in reversed(merged):
                if id(item) in active:
                    raise GoYAMLError("yaml: anchor value contains itself")
                _fill(out, item, active)
            continue
        key = _construct(key_node, active)
        out[_json_key(key)] = _construct(value_node, active)


def _scalar(node: ScalarNode) -> Any:
    if node.tag == STR:
        return node.value
    if node.tag == BINARY:
        try:
            data = base64.b64decode(re.sub(r"[\r\n]", "", node.value), validate=True)
        except (binascii.Error, ValueError):
            raise GoYAMLError(
                "yaml: !!binary value contains invalid base64 data"
            ) from None
        return data.decode("utf-8", errors="replace")
    rtag, value = resolve("" if node.tag == _PLAIN else node.tag, node.value)
    return node.value if rtag == TIMESTAMP else value


def _json_key(key: Any) -> str:
    if isinstance(key, str):
        return key
    if isinstance(key, bool):
        return "true" if key else "false"
    if isinstance(key, int) and key <= _INT64_MAX:
        return str(key)
    if isinstance(key, float):
        text = gojson.format_float(key, "g", 32)
        return {"+Inf": ".inf", "-Inf": "-.inf", "NaN": ".nan"}.get(text, text)
    if isinstance(key, (list, dict)):
        raise GoYAMLError(f"yaml: invalid map key: {key!r}")
    kind = "uint64" if isinstance(key, int) else "%!s(<nil>)"
    raise GoYAMLError(f"unsupported map key of type: {kind}, key: {key!r}")


def _check_finite(value: Any) -> None:
    if isinstance(value, float):
        gojson.json_float(value)  # raises Go's "json: unsupported value" for NaN/Inf
    elif isinstance(value, dict):
        for item in value.values():
            _check_finite(item)
    elif isinstance(value, list):
        for item in value:
            _check_finite(item)


def json_retype(value: Any) -> Any:
    """What go-yaml v2 reads back from Go's JSON text of ``value`` (``JSONToYAML``):
    integral floats print without a fraction and come back as integers.

    Raises:
        gojson.GoJSONError: for NaN or infinities.
        GoYAMLError: for characters Go's JSON leaves raw but libyaml's reader refuses.
    """
    if _unreadable(value):  # the reader refuses them before anything is parsed
        raise GoYAMLError("yaml: control characters are not allowed")
    return _retyped(value)


def _unreadable(value: Any) -> bool:
    if isinstance(value, str):
        return _UNREADABLE.search(value) is not None
    if isinstance(value, dict):
        return any(_unreadable(k) or _unreadable(v) for k, v in value.items())
    return isinstance(value, list) and any(_unreadable(v) for v in value)


def _retyped(value: Any) -> Any:
    if isinstance(value, float):
        text = gojson.json_float(value)
        if "e" in text or "." in text:
            return value
        number = int(text)  # the JSON digits, not the float's exact binary value
        return number if _INT64_MIN <= number <= _UINT64_MAX else value
    if isinstance(value, str):
        if "\x85" in value:
            # Go's JSON leaves NEL raw; read back inside a double-quoted YAML scalar it is
            # a line break and gets folded, like PyYAML does here, and a "---" after it
            # starts a line: a document marker inside the scalar.
            try:
                return yaml.load(gojson.json_string(value), Loader=yaml.BaseLoader)
            except yaml.YAMLError as err:
                mark = getattr(err, "problem_mark", None)
                line = mark.line + 1 if mark is not None else 1
                problem = str(getattr(err, "problem", None) or err).replace("separator", "indicator")
                raise GoYAMLError(f"yaml: line {line}: {problem}") from None
        return value
    if isinstance(value, dict):
        return {_json_key_retype(k): _retyped(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_retyped(v) for v in value]
    return value


def _json_key_retype(key: str) -> str:
    # A JSON key is a simple key to libyaml: one line, at most 1024 characters of JSON.
    if "\x85" in key:
        raise GoYAMLError("yaml: line 1: did not find expected ',' or '}'")
    if len(gojson.json_string(key)) > 1024:
        raise GoYAMLError("yaml: did not find expected ',' or '}'")
    return str(_retyped(key))
