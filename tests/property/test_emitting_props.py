"""The output emitter: whatever the strings, a YAML 1.1 reader gets back exactly the object."""

from __future__ import annotations

import re

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from render.emitting import dump

# Strings a YAML 1.1 reader (PyYAML, go-yaml v2 as kubectl uses it) types otherwise.
TRICKY = ["no", "on", "off", "yes", "y", "Y", "n", "N", "true", "1e3", "1.5", "0777", "0o17", "0x1F", "1:30",
          "2001-12-14", "2001-12-14 21:59:43", "null", "~", "", "012", "+1", ".5", "1_000", "0b101", ".inf",
          "- x", "a: b", "#x", " lead", "trail ", "multi\nline", "x\n", "\ttab", "é", "@x", "*x", "&x", "!x",
          "%x", "|x", ">x", "[x", "{x", "'q'", '"q"', "x #y", "---", "...", "=", "<<"]
texts = st.one_of(st.sampled_from(TRICKY), st.text(max_size=12),
                  st.text(alphabet="yYnN0123456789._-+:eEbox \n#'\"", max_size=8))
keys = st.one_of(st.sampled_from([t for t in TRICKY if "\n" not in t and t]), st.text(min_size=1, max_size=8))
scalars = st.one_of(texts, st.integers(min_value=-(2**63), max_value=2**63), st.booleans(), st.none())
trees = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                      st.dictionaries(keys, inner, max_size=4)), max_leaves=20)


class GoYamlLoader(yaml.SafeLoader):
    """A YAML 1.1 reader as strict as go-yaml v2: a lone y/n is a boolean, 1e3 a float."""


GoYamlLoader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^[yYnN]$"), list("yYnN"))
GoYamlLoader.add_implicit_resolver("tag:yaml.org,2002:int", re.compile(r"^[-+]?0[bo][0-7_]+$"), list("-+0"))
GoYamlLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float", re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$"), list("-+.0123456789"))


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(keys, trees, max_size=5))
def test_dump_reads_back_unchanged(obj) -> None:
    text = dump(obj)
    assert yaml.safe_load(text) == obj
    assert yaml.load(text, Loader=GoYamlLoader) == obj


@given(st.dictionaries(keys, trees, max_size=5))
@settings(max_examples=50, deadline=None)
def test_dump_is_independent_of_key_order(obj) -> None:
    reordered = dict(reversed(list(obj.items())))
    assert dump(reordered) == dump(obj)
