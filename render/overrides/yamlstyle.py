"""go-yaml v2 encoder decisions: map key order, scalar text, and scalar style.

Ports of go-yaml's ``sorter.go`` ("natural" key order), ``encode.go`` (what text and
requested style each value gets) and libyaml's ``yaml_emitter_analyze_scalar`` (which
styles a scalar allows).
"""

from __future__ import annotations

import functools
from typing import Any

from render.overrides import gojson, goyaml

PLAIN, SINGLE, DOUBLE, LITERAL = "plain", "single", "double", "literal"
BREAKS = "\r\n\x85\u2028\u2029"


def printable(ch: str) -> bool:
    code = ord(ch)
    return (
        code == 0x0A
        or 0x20 <= code <= 0x7E
        or 0xA0 <= code <= 0xD7FF
        or (0xE000 <= code <= 0xFFFD and code != 0xFEFF)
    )


def _wrap64(value: int) -> int:
    return (value + (1 << 63)) % (1 << 64) - (1 << 63)


def _natural_less(a: str, b: str) -> bool:
    """go-yaml v2 ``keyList.Less`` for two string keys (int64 digit runs wrap as in Go)."""
    for i in range(min(len(a), len(b))):
        if a[i] == b[i]:
            continue
        a_letter, b_letter = a[i].isalpha(), b[i].isalpha()
        if a_letter and b_letter:
            return a[i] < b[i]
        if a_letter or b_letter:
            return b_letter
        a_num = b_num = 0
        if a[i] == "0" or b[i] == "0":
            j = i - 1
            while j >= 0 and a[j].isdecimal():
                if a[j] != "0":
                    a_num = b_num = 1
                    break
                j -= 1
        a_end, b_end = i, i
        while a_end < len(a) and a[a_end].isdecimal():
            a_num = _wrap64(a_num * 10 + ord(a[a_end]) - 48)
            a_end += 1
        while b_end < len(b) and b[b_end].isdecimal():
            b_num = _wrap64(b_num * 10 + ord(b[b_end]) - 48)
            b_end += 1
        if a_num != b_num:
            return a_num < b_num
        if a_end != b_end:
            return a_end < b_end
        return a[i] < b[i]
    return len(a) < len(b)


def _compare(a: str, b: str) -> int:
    return -1 if _natural_less(a, b) else (1 if _natural_less(b, a) else 0)


natural_key = functools.cmp_to_key(_compare)


class Analysis:
    """What libyaml's scalar analysis allows for a value: which styles, multiline or not."""

    def __init__(self, value: str) -> None:
        self.multiline = False
        self.flow_plain = self.block_plain = self.single = self.block = True
        if not value:
            self.flow_plain = self.block = False
            return
        flow_ind = block_ind = value[:3] in ("---", "...")
        special = leading = trailing = break_space = space_break = False
        preceded_by_ws, prev_space, prev_break = True, False, False
        last = len(value) - 1
        for i, ch in enumerate(value):
            followed_by_ws = i == last or value[i + 1] in " \t"
            if i == 0:
                if ch in "#,[]{}&*!|>'\"%@`" or (ch == "-" and followed_by_ws):
                    flow_ind = block_ind = True
                elif ch in "?:":
                    flow_ind, block_ind = True, block_ind or followed_by_ws
            elif ch in ",?[]{}":
                flow_ind = True
            elif ch == ":":
                flow_ind, block_ind = True, block_ind or followed_by_ws
            elif ch == "#" and preceded_by_ws:
                flow_ind = block_ind = True
            special = special or not printable(ch)
            if ch == " ":
                leading = leading or i == 0
                trailing = trailing or i == last
                break_space = break_space or prev_break
                prev_space, prev_break = True, False
            elif ch in BREAKS:
                self.multiline = True
                leading = leading or i == 0
                trailing = trailing or i == last
                space_break = space_break or prev_space
                prev_space, prev_break = False, True
            else:
                prev_space = prev_break = False
            preceded_by_ws = ch in " \t\x00" or ch in BREAKS
        if leading or trailing or self.multiline:
            self.flow_plain = self.block_plain = False
        if value[-1] == " ":
            self.block = False
        if break_space:
            self.flow_plain = self.block_plain = self.single = False
        if space_break or special:
            self.flow_plain = self.block_plain = self.single = self.block = False
        if flow_ind:
            self.flow_plain = False
        if block_ind:
            self.block_plain = False


def scalar_of(value: Any) -> tuple[str, str]:
    """The text and requested style go-yaml's encoder gives a decoded JSON value."""
    if value is None:
        return "null", PLAIN
    if isinstance(value, bool):
        return ("true" if value else "false"), PLAIN
    if isinstance(value, int):
        return str(value), PLAIN
    if isinstance(value, float):
        text = gojson.format_float(value, "g")
        return {"+Inf": ".inf", "-Inf": "-.inf", "NaN": ".nan"}.get(text, text), PLAIN
    text = str(value)
    if "\n" in text:
        return text, LITERAL
    plain = goyaml.resolve("", text)[0] == goyaml.STR and not goyaml.is_base60_float(
        text
    )
    return text, PLAIN if plain else DOUBLE
