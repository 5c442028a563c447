"""Go's ``encoding/json`` and ``strconv.FormatFloat`` output, byte for byte, for Python values.

Karmada serialises everything it writes (patch values, the applied-overrides record, the
JSON handed to go-yaml) with these, so their exact text is part of the observable result.
"""

from __future__ import annotations

import datetime
import math
import re
import struct
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

_INT64_MIN, _INT64_MAX = -(1 << 63), (1 << 63) - 1
_SHORT_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}
# Go 1.22+ encoding/json writes \b and \f short; evanphx's vendored copy is older.
_STD_ESCAPES = {**_SHORT_ESCAPES, "\b": "\\b", "\f": "\\f"}
_TO_ESCAPE = re.compile('[\x00-\x1f"\\\\<>&\u2028\u2029\ud800-\udfff]')


class GoJSONError(ValueError):
    """A value Go's encoder refuses (NaN or an infinity); ``str()`` is Go's text."""


def _digits(value: float) -> tuple[str, int]:
    """Shortest round-trip digits of a non-zero finite float and the decimal point
    position: ``value == 0.<digits> * 10**point``. repr() is shortest round-trip, as Go's."""
    _, digit_tuple, exponent = Decimal(repr(abs(value))).normalize().as_tuple()
    digits = "".join(map(str, digit_tuple))
    return digits, len(digits) + int(exponent)


def _fixed(digits: str, point: int) -> str:
    if point <= 0:
        return "0." + "0" * -point + digits
    if point >= len(digits):
        return digits + "0" * (point - len(digits))
    return digits[:point] + "." + digits[point:]


def _exponent(digits: str, point: int) -> str:
    mantissa = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
    exp = point - 1
    return f"{mantissa}e{'-' if exp < 0 else '+'}{abs(exp):02d}"


def format_float(value: float, fmt: str, bits: int = 64) -> str:
    """``strconv.FormatFloat(value, fmt, -1, bits)`` for fmt ``'e'``, ``'f'`` or ``'g'``."""
    if bits == 32:
        value = _to_float32(value)
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    sign = "-" if math.copysign(1.0, value) < 0 else ""
    if value == 0:
        return sign + {"e": "0e+00", "f": "0", "g": "0"}[fmt]
    digits, point = _float32_digits(value) if bits == 32 else _digits(value)
    if fmt == "g":
        # Shortest 'g' switches to exponent form outside 1e-4 <= |v| < 1e6 (eprec = 6).
        fmt = "e" if point - 1 < -4 or point - 1 >= 6 else "f"
    return sign + (_exponent(digits, point) if fmt == "e" else _fixed(digits, point))


def _to_float32(value: float) -> float:
    try:
        return float(struct.unpack("<f", struct.pack("<f", value))[0])
    except OverflowError:  # Go's float32() conversion overflows to an infinity
        return math.copysign(math.inf, value)


def _float32_digits(single: float) -> tuple[str, int]:
    for precision in range(1, 10):
        text = f"{abs(single):.{precision - 1}e}"
        if struct.unpack("<f", struct.pack("<f", float(text)))[0] == abs(single):
            break
    mantissa, _, exp = text.partition("e")
    digits = mantissa.replace(".", "").rstrip("0") or "0"
    return digits, int(exp) + 1


def json_float(value: float) -> str:
    """Go ``encoding/json`` text of a float64.

    Raises:
        GoJSONError: for NaN and infinities, which Go refuses to encode.
    """
    if math.isnan(value) or math.isinf(value):
        raise GoJSONError(f"json: unsupported value: {format_float(value, 'g')}")
    magnitude = abs(value)
    if magnitude != 0 and (magnitude < 1e-6 or magnitude >= 1e21):
        text = format_float(value, "e")
        if text[-4:-1] == "e-0":
            text = text[:-2] + text[-1]  # Go trims e-07 to e-7
        return text
    return format_float(value, "f")


def json_string(text: str, std: bool = True) -> str:
    """Quote a string as Go's encoder does with HTML escaping on; ``std=False`` gives the
    older encoder vendored in evanphx/json-patch (\\b and \\f as \\u00XX)."""
    if not _TO_ESCAPE.search(text):
        return f'"{text}"'
    escapes = _STD_ESCAPES if std else _SHORT_ESCAPES

    def escape(match: re.Match[str]) -> str:
        char = match.group()
        if "\ud800" <= char <= "\udfff":
            return "\\ufffd"  # Go replaces invalid UTF-8 (a lone surrogate here)
        return escapes.get(char) or f"\\u{ord(char):04x}"

    return '"' + _TO_ESCAPE.sub(escape, text) + '"'


def quote(text: str) -> str:
    """Go ``%q`` / ``strconv.Quote`` for the printable strings that appear in messages."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def encode(value: Any) -> str:
    """Go ``json.Marshal`` of a decoded JSON value: compact, map keys sorted, HTML-safe.

    Raises:
        GoJSONError: for NaN and infinities.
    """
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return json_float(value)
    if isinstance(value, str):
        return json_string(value)
    if isinstance(value, Mapping):
        items = sorted((str(k), v) for k, v in value.items())
        return "{" + ",".join(f"{json_string(k)}:{encode(v)}" for k, v in items) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(encode(v) for v in value) + "]"
    return json_string(str(value))


def as_api_value(value: Any) -> Any:
    """A policy value as Karmada reads it back from the API server.

    The server decodes custom resources into maps with int64/float64 numbers and encodes
    them again, so integral floats become ints, ints beyond int64 become floats, object
    keys end up sorted and YAML timestamps (which kubectl keeps as strings) are strings.
    """
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int):
        return (
            value if _INT64_MIN <= value <= _INT64_MAX else as_api_value(float(value))
        )
    if isinstance(value, float):
        text = json_float(value)
        if "e" in text or "." in text:
            return value
        number = int(text)  # the JSON digits, not the float's exact binary value
        return number if _INT64_MIN <= number <= _INT64_MAX else value
    if isinstance(value, Mapping):
        return {str(k): as_api_value(value[k]) for k in sorted(value, key=str)}
    if isinstance(value, (list, tuple)):
        return [as_api_value(v) for v in value]
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return str(value)
