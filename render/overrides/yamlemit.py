"""go-yaml v2 ``Marshal`` output for JSON-like values, reproduced byte for byte.

A port of the parts of go-yaml's libyaml emitter that ``JSONToYAML`` reaches: block
mappings and sequences (sequences inside mappings not indented), ``{}`` / ``[]`` for empty
collections, the scalar analysis that picks plain / single / double / literal style, and
folding of long scalars at column 80. Map keys use go-yaml's "natural" order.
"""

from __future__ import annotations

from typing import Any

from render.overrides.yamlstyle import (
    BREAKS,
    DOUBLE,
    LITERAL,
    PLAIN,
    SINGLE,
    Analysis,
    natural_key,
    printable,
    scalar_of,
)

_INDENT, _WIDTH = 2, 80
_ESCAPES = {
    "\x00": "0",
    "\x07": "a",
    "\x08": "b",
    "\t": "t",
    "\n": "n",
    "\x0b": "v",
    "\x0c": "f",
    "\r": "r",
    "\x1b": "e",
    '"': '"',
    "\\": "\\",
    "\x85": "N",
    "\xa0": "_",
    "\u2028": "L",
    "\u2029": "P",
}


class _Emitter:
    """The libyaml emitter state that matters here: column, indent stack, whitespace."""

    def __init__(self) -> None:
        self.out: list[str] = []
        self.column = 0
        self.whitespace = self.indention = True
        self.indent = -1
        self.indents: list[int] = []
        self.flow_level = 0

    # -- low-level writers (emitterc.go put / put_break / write / write_indent) --
    def put(self, text: str) -> None:
        self.out.append(text)
        self.column += len(text)

    def put_break(self) -> None:
        self.out.append("\n")
        self.column = 0

    def write_break(self, ch: str) -> None:
        if ch == "\n":
            self.put_break()
        else:
            self.out.append(ch)
            self.column = 0

    def write_indent(self) -> None:
        indent = max(self.indent, 0)
        if (
            not self.indention
            or self.column > indent
            or (self.column == indent and not self.whitespace)
        ):
            self.put_break()
        self.put(" " * (indent - self.column))
        self.whitespace = self.indention = True

    def indicator(
        self, text: str, need_ws: bool, is_ws: bool, is_indention: bool
    ) -> None:
        if need_ws and not self.whitespace:
            self.put(" ")
        self.put(text)
        self.whitespace = is_ws
        self.indention = self.indention and is_indention

    def increase_indent(self, flow: bool, indentless: bool) -> None:
        self.indents.append(self.indent)
        if self.indent < 0:
            self.indent = _INDENT if flow else 0
        elif not indentless:
            self.indent += _INDENT

    # -- nodes --
    def node(
        self, value: Any, *, mapping: bool = False, simple_key: bool = False
    ) -> None:
        if isinstance(value, dict):
            self.collection(value, "{}", mapping)
        elif isinstance(value, list):
            self.collection(value, "[]", mapping)
        else:
            self.scalar(*scalar_of(value), simple_key)

    def collection(
        self, value: dict[str, Any] | list[Any], brackets: str, mapping: bool
    ) -> None:
        if not value:
            self.indicator(brackets[0], True, True, False)
            self.indicator(brackets[1], False, False, False)
            return
        if isinstance(value, dict):
            self.increase_indent(False, False)
            for key in sorted(value, key=natural_key):
                self.mapping_item(key, value[key])
        else:
            self.increase_indent(False, mapping and not self.indention)
            for item in value:
                self.write_indent()
                self.indicator("-", True, False, True)
                self.node(item)
        self.indent = self.indents.pop()

    def mapping_item(self, key: str, value: Any) -> None:
        self.write_indent()
        text, _ = scalar_of(key)
        if (
            not Analysis(text).multiline
            and len(text.encode("utf-8", "surrogatepass")) <= 128
        ):
            self.node(key, mapping=True, simple_key=True)
            self.indicator(":", False, False, False)
        else:
            self.indicator("?", True, False, True)
            self.node(key, mapping=True)
            self.write_indent()
            self.indicator(":", True, False, True)
        self.node(value, mapping=True)

    def scalar(self, text: str, style: str, simple_key: bool) -> None:
        analysis = Analysis(text)
        if simple_key and analysis.multiline:
            style = DOUBLE
        if style == PLAIN and (not analysis.block_plain or (not text and simple_key)):
            style = SINGLE
        if style == SINGLE and not analysis.single:
            style = DOUBLE
        if style == LITERAL and (not analysis.block or simple_key):
            style = DOUBLE
        self.increase_indent(True, False)
        if style == PLAIN:
            self.plain(text, not simple_key)
        elif style == SINGLE:
            self.single_quoted(text, not simple_key)
        elif style == DOUBLE:
            self.double_quoted(text, not simple_key)
        else:
            self.literal(text)
        self.indent = self.indents.pop()

    # -- scalar writers (emitterc.go yaml_emitter_write_*_scalar) --
    def fold_here(self, allow: bool, spaces: bool) -> bool:
        return allow and not spaces and self.column > _WIDTH

    def plain(self, text: str, allow_breaks: bool) -> None:
        if not self.whitespace:
            self.put(" ")
        spaces = breaks = False
        for i, ch in enumerate(text):
            if ch == " ":
                if self.fold_here(allow_breaks, spaces) and text[i + 1 : i + 2] != " ":
                    self.write_indent()
                else:
                    self.put(ch)
                spaces = True
            elif ch in BREAKS:
                if not breaks and ch == "\n":
                    self.put_break()
                self.write_break(ch)
                self.indention, breaks = True, True
            else:
                if breaks:
                    self.write_indent()
                self.put(ch)
                self.indention = spaces = breaks = False
        self.whitespace = self.indention = False

    def single_quoted(self, text: str, allow_breaks: bool) -> None:
        self.indicator("'", True, False, False)
        spaces = breaks = False
        last = len(text) - 1
        for i, ch in enumerate(text):
            if ch == " ":
                if (
                    self.fold_here(allow_breaks, spaces)
                    and 0 < i < last
                    and text[i + 1] != " "
                ):
                    self.write_indent()
                else:
                    self.put(ch)
                spaces = True
            elif ch in BREAKS:
                if not breaks and ch == "\n":
                    self.put_break()
                self.write_break(ch)
                self.indention, breaks = True, True
            else:
                if breaks:
                    self.write_indent()
                self.put("''" if ch == "'" else ch)
                self.indention = spaces = breaks = False
        self.indicator("'", False, False, False)
        self.whitespace = self.indention = False

    def double_quoted(self, text: str, allow_breaks: bool) -> None:
        self.indicator('"', True, False, False)
        spaces = False
        last = len(text) - 1
        # go-yaml's is_bom looks at the first character whatever the position, so a
        # leading BOM makes every character an escape.
        escape_all = text.startswith("\ufeff")
        for i, ch in enumerate(text):
            if escape_all or not printable(ch) or ch in BREAKS or ch in '"\\':
                self.put("\\" + _escape(ch))
                spaces = False
            elif ch == " ":
                if self.fold_here(allow_breaks, spaces) and 0 < i < last:
                    self.write_indent()
                    if text[i + 1] == " ":
                        self.put("\\")
                else:
                    self.put(ch)
                spaces = True
            else:
                self.put(ch)
                spaces = False
        self.indicator('"', False, False, False)
        self.whitespace = self.indention = False

    def literal(self, text: str) -> None:
        self.indicator("|", True, False, False)
        if text[0] == " " or text[0] in BREAKS:
            self.indicator(str(_INDENT), False, False, False)
        if text[-1] not in BREAKS:
            self.indicator("-", False, False, False)
        elif len(text) == 1 or text[-2] in BREAKS:
            self.indicator("+", False, False, False)
        self.put_break()
        self.indention = self.whitespace = True
        breaks = True
        for ch in text:
            if ch in BREAKS:
                self.write_break(ch)
                self.indention = breaks = True
            else:
                if breaks:
                    self.write_indent()
                self.put(ch)
                self.indention = breaks = False


def _escape(ch: str) -> str:
    if ch in _ESCAPES:
        return _ESCAPES[ch]
    code = ord(ch)
    if code <= 0xFF:
        return f"x{code:02X}"
    return f"u{code:04X}" if code <= 0xFFFF else f"U{code:08X}"


def dump(value: Any) -> str:
    """``yaml.Marshal`` (go-yaml v2) of a decoded JSON object or array.

    Args:
        value: dicts with string keys, lists, str, int, float, bool, None.

    Returns:
        The YAML text, ending with a newline.
    """
    emitter = _Emitter()
    emitter.node(value)
    emitter.write_indent()  # document end
    return "".join(emitter.out)
