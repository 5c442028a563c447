"""A fast path for reading input YAML: yaml-rs where it reads exactly what PyYAML reads.

PyYAML's constructor runs in Python and dominates reading a large repo; yaml-rs
(Rust) is about fifteen times faster. The two differ only on YAML 1.1 scalars that
YAML 1.2 reads otherwise (``yes``/``no``/``on``/``off``/``y``/``n``, ``012`` and
``0777`` octals, ``1:30`` sexagesimals, ``1e3``, ``=``, ``<<`` merge keys) and on
tags, anchors and aliases; Kubernetes reads YAML 1.1 (go-yaml v2), so a text that
holds any of them, or anything else this module cannot vouch for, is left to the
PyYAML loader (return None). A differential property test keeps the two in step.
"""

from __future__ import annotations

import re
from typing import Any

import yaml_rs

# Tokens stand after white space, a flow indicator or the start of the text. The two
# token patterns below consume that character instead of looking behind (a pattern
# starting with a look-behind is tried through it at every position, twice as slow) and
# are searched in the text behind a newline (_search_tokens), which stands for its start.
_TOKEN_START = r"[\s\[\{,]"
# A plain token YAML 1.1 types differently from YAML 1.2, at a place a scalar can start.
_YAML11_ONLY = (
    r"(?=[yYnNoO0-9+.=<-])"  # the lookahead fails fast at most places
    r"(?:[yY]es|YES|[nN]o|NO|[oO]n|ON|[oO]ff|OFF"
    r"|[-+]?0[0-9_]+(?:\.[0-9_]*)?"  # leading-zero numbers: octal in YAML 1.1
    r"|[-+]?0[oObBxX][0-9a-fA-F_]*"
    r"|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?"  # base 60
    r"|[-+]?[0-9._]*[eE][-+]?[0-9]+"  # exponent without the dot YAML 1.1 wants
    r"|=|<<)"
    r"(?=[ \t]*(?:$|[#,\]\}]|:[ \t]|:$))"
)
# Tags, anchors and aliases (PyYAML's path bounds alias expansion), directives,
# document-end markers and markers carrying content: not for the fast path.
# Each pattern starts with its character class and looks behind after it: a pattern
# that starts with a look-behind is tried at every position (ten times slower).
_NODE_PROPERTY = re.compile(r"[!&*](?<![^\s\[\{,][!&*])(?=\S)")
_DIRECTIVE = re.compile(r"^(?:%|\.\.\.|---[ \t]*\S)", re.MULTILINE)
# Block scalars: the two disagree on edge cases (an empty ``|`` is "" to PyYAML, "\n" to yaml-rs).
_BLOCK_SCALAR = re.compile(r"[|>](?<![^\s:-][|>])[-+0-9]*[ \t]*(?:#.*)?$", re.MULTILINE)
# Nesting is bounded on PyYAML's path (render.loading.MAX_DEPTH): decline any text
# that could come near it, so both paths refuse the same documents. Searched behind a
# newline, like the tokens: a pattern starting with ^ is tried at every position.
_DEEP = re.compile(r"\n[ \t]{64}")
_MAX_FLOW_DEPTH = 32
_BRACKETS = re.compile(r"[\[\]\{\}]")
# Keys that would not be strings (refused on PyYAML's path), complex and empty keys.
_ODD_KEY = (
    r"(?=[-+0-9.tTfFnN~:?])"
    r"(?:(?:[-+]?[0-9][0-9_.]*|[-+]?\.(?:inf|Inf|INF|nan|NaN|NAN)"
    r"|true|True|TRUE|false|False|FALSE|null|Null|NULL|~)?[ \t]*:(?:[ \t]|$)"
    r"|\?(?:\s|$))"
)
# Both in one pass over the text, behind a lookahead of the characters either can start
# with: a third faster than two searches, as most token starts are indentation.
_TOKENS = re.compile(
    _TOKEN_START + r"(?=[-+0-9.tTfFnN~:?yYoO=<])(?:" + _YAML11_ONLY + "|" + _ODD_KEY + ")", re.MULTILINE
)
_SEPARATOR = re.compile(r"^---[ \t]*$", re.MULTILINE)


def _flow_too_deep(text: str) -> bool:
    if text.count("[") + text.count("{") <= _MAX_FLOW_DEPTH:
        return False  # most texts: they cannot open more brackets than they hold
    # Brackets inside quoted strings count too: an overestimate only declines.
    depth = deepest = 0
    for bracket in _BRACKETS.findall(text):
        depth = depth + 1 if bracket in "[{" else max(depth - 1, 0)
        deepest = max(deepest, depth)
    return deepest > _MAX_FLOW_DEPTH


def _search_tokens(text: str) -> bool:
    """Whether the text holds a YAML 1.1-only scalar or a key that is no plain string."""
    return bool(_TOKENS.search("\n" + text))


def load_documents(text: str) -> list[Any] | None:
    """Every document of the text (empty ones as None), or None to use PyYAML instead.

    Duplicate keys and syntax errors also give None, so that PyYAML reports them
    with its line and column.
    """
    if (
        _flow_too_deep(text)
        or any(p.search(text) for p in (_NODE_PROPERTY, _DIRECTIVE, _BLOCK_SCALAR))
        or _DEEP.search("\n" + text)
        or _search_tokens(text)
    ):
        return None
    documents = []
    try:
        for chunk in _SEPARATOR.split(text):
            # One chunk is one document, so yaml-rs's list-or-document answer is unambiguous.
            documents.append(yaml_rs.loads(chunk, parse_datetime=False))
    except (yaml_rs.YAMLDecodeError, ValueError, RecursionError):
        return None
    # Text before the first separator that holds no document comes back as None, as
    # an empty document does: callers skip both.
    return documents
