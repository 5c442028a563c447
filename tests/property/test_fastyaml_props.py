"""The fast input path reads every text exactly as the PyYAML loader does, or declines."""

from __future__ import annotations

import re

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from render.fastyaml import (
    _BLOCK_SCALAR,
    _DIRECTIVE,
    _NODE_PROPERTY,
    _search_tokens,
    load_documents,
)
from render.loading import _StrictLoader

SCALARS = ["yes", "no", "on", "off", "y", "n", "true", "False", "null", "~", "012", "0777", "08", "0o17", "0x1F",
           "1:30", "1e3", "1.5e3", "1.5", ".5", "+1", "-0", "1_000", "2001-12-14", "2001-12-14 21:59:43.10 -5",
           "=", "<<", "a b", "a: b", "'q'", '"q\\n"', "|", ">", "#", "x #c", "[1, 2]", "{a: 1}", "é", "", "-",
           "*a", "&a x", "!!str 1", "0.5", "10", "-3", ".inf", "NaN", "Yes", "ON", "No"]
KEYS = ["a", "b", "on", "no", "y", "1", "012", "1:30", "x y", "k-8", "true", "~", "1.5", "null", "-1"]

lines = st.lists(st.tuples(st.sampled_from(["", "  ", "- ", "  - "]), st.sampled_from(KEYS),
                           st.sampled_from(SCALARS)), min_size=1, max_size=6)


def _text(parts, separators: bool) -> str:
    out = []
    for i, (indent, key, value) in enumerate(parts):
        if separators and i % 2:
            out.append("---")
        out.append(f"{indent}{key}: {value}")
    return "\n".join(out) + "\n"


def _pyyaml(text: str) -> list:
    return list(yaml.load_all(text, Loader=_StrictLoader))


@settings(max_examples=300, deadline=None)
@given(lines, st.booleans())
def test_fast_path_agrees_with_pyyaml_or_declines(parts, separators) -> None:
    text = _text(parts, separators)
    try:
        expected = [d for d in _pyyaml(text) if d is not None]
    except yaml.YAMLError:
        assert load_documents(text) is None  # so the caller reports PyYAML's error and position
        return
    fast = load_documents(text)
    if fast is not None:
        assert [d for d in fast if d is not None] == expected


SAMPLES = [
    ("single", "a: 1\nb: [x, y]\n", [{"a": 1, "b": ["x", "y"]}]),
    ("multi", "---\na: 1\n---\n\n---\nb: 2\n", [{"a": 1}, {"b": 2}]),
    ("list-document", "---\n- 1\n", [[1]]),
    ("date-stays-a-string", "d: 2001-12-14\n", [{"d": "2001-12-14"}]),
]


@pytest.mark.parametrize(("text", "docs"), [s[1:] for s in SAMPLES], ids=[s[0] for s in SAMPLES])
def test_fast_path_reads_plain_files(text: str, docs) -> None:
    assert [d for d in load_documents(text) if d is not None] == docs


@pytest.mark.parametrize("text", ["a: no\n", "a: 0777\n", "a: &x 1\nb: *x\n", "a: 1\na: 2\n", "a: [1\n",
                                  "--- !tag\na: 1\n", "a: !!str 1\n", "[" * 40 + "1" + "]" * 40 + "\n", "1: x\n", "? a\n: b\n", "{true: 1}\n", ": x\n",
                                  "data:\n  f: |\n    x\n"])
def test_fast_path_declines_what_it_cannot_vouch_for(text: str) -> None:
    assert load_documents(text) is None


# The plain spellings of the structure checks; the module's own start with their
# character class so that the regex engine can skip ahead (render.fastyaml).
_PLAIN_STRUCTURE = re.compile(r"(?<![^\s\[\{,])[!&*](?=\S)|^(?:%|\.\.\.|---[ \t]*\S)", re.MULTILINE)
_PLAIN_BLOCK_SCALAR = re.compile(r"(?:^|[\s:-])[|>][-+0-9]*[ \t]*(?:#.*)?$", re.MULTILINE)
PIECES = list(" \t\n[]{},:-!&*%.|>#+09ayn'\"") + ["---", "...", "- ", ": ", "\r\n"]


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=16).map("".join))
def test_the_fast_structure_patterns_find_what_the_plain_ones_find(text: str) -> None:
    assert bool(_NODE_PROPERTY.search(text) or _DIRECTIVE.search(text)) == bool(_PLAIN_STRUCTURE.search(text))
    assert bool(_BLOCK_SCALAR.search(text)) == bool(_PLAIN_BLOCK_SCALAR.search(text))


# ...and of the token checks, with the look-behind the module's patterns avoid.
_PLAIN_YAML11_ONLY = re.compile(
    r"(?<![^\s\[\{,])(?=[yYnNoO0-9+.=<-])"
    r"(?:[yY]es|YES|[nN]o|NO|[oO]n|ON|[oO]ff|OFF|[-+]?0[0-9_]+(?:\.[0-9_]*)?|[-+]?0[oObBxX][0-9a-fA-F_]*"
    r"|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?|[-+]?[0-9._]*[eE][-+]?[0-9]+|=|<<)"
    r"(?=[ \t]*(?:$|[#,\]\}]|:[ \t]|:$))",
    re.MULTILINE,
)
_PLAIN_ODD_KEY = re.compile(
    r"(?<![^\s\[\{,])(?=[-+0-9.tTfFnN~:?])"
    r"(?:(?:[-+]?[0-9][0-9_.]*|[-+]?\.(?:inf|Inf|INF|nan|NaN|NAN)|true|True|TRUE|false|False|FALSE"
    r"|null|Null|NULL|~)?[ \t]*:(?:[ \t]|$)|\?(?:\s|$))",
    re.MULTILINE,
)
TOKEN_PIECES = [*" \t\n[]{},:#?~=<-+.0179eExyYnNoO_", "no", "on", "off", "yes", "<<", ".inf", "null",
                "true", ": ", "\r\n", "\u2028", "\x85"]


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(TOKEN_PIECES), max_size=14).map("".join))
def test_the_token_patterns_find_what_the_plain_ones_find(text: str) -> None:
    assert _search_tokens(text) == bool(_PLAIN_YAML11_ONLY.search(text) or _PLAIN_ODD_KEY.search(text))
