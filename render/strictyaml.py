"""The strict, bounded YAML loader: limits checked on the event stream, JSON types only.

PyYAML's safe loader, tightened for untrusted input: nesting, recursive aliases and
alias expansion are bounded before libyaml composes a node; duplicate and non-string
keys, tags outside JSON's types and bad explicit scalars are errors with a position;
documents that use aliases are copied apart, so no two places share an object.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import yaml
from yaml.constructor import ConstructorError
from yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    DocumentStartEvent,
    NodeEvent,
)

try:  # the C parser; the pure one gives the same documents, only slower
    BaseLoader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    BaseLoader = yaml.SafeLoader

# Kubernetes objects are JSON: nothing sane nests this deep, and libyaml's composer
# recurses in C (a 100,000-deep document crashes the interpreter), so depth is
# checked on the event stream before anything is composed.
MAX_DEPTH = 100
# Aliases are built by reference, but every later copy or dump expands them: a
# "billion laughs" file is refused when its aliases would add more than this many nodes.
MAX_ALIAS_NODES = 100_000
_LONG_NUMBER = re.compile(r"[0-9][0-9_]{4000}")
# YAML forbids control characters (yaml-rs reads a NUL as null; PyYAML and Go refuse).
_NOT_PRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)


def check_bounds(text: str) -> list[bool]:
    """Refuse excessive nesting, recursive aliases and alias bombs, before composing.

    Returns:
        Per document of the stream, whether it uses an alias (its objects may be shared).

    Raises:
        yaml.MarkedYAMLError: a syntax error, or a bound exceeded, with its position.
    """
    try:
        return _check_events(text, BaseLoader)
    except yaml.MarkedYAMLError as e:
        # libyaml 0.2.6 (PyYAML 6.0.4) stops at 1,000 levels while scanning ahead, before
        # our own bound sees 101: walk again with the pure parser, which has no such
        # limit, so the message and position do not depend on the libyaml version.
        if (
            "maximum nesting depth" not in str(e.problem)
            or BaseLoader is yaml.SafeLoader
        ):
            raise
        return _check_events(text, yaml.SafeLoader)


def _check_events(text: str, loader: Any) -> list[bool]:
    uses_alias: list[bool] = []
    depth = added = count = 0
    sizes: dict[Any, int] = {}
    open_: list[tuple[Any, int]] = []  # (anchor, node count at its start)
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, DocumentStartEvent):
            sizes.clear()
            uses_alias.append(False)
        elif isinstance(event, AliasEvent):
            if any(anchor == event.anchor for anchor, _ in open_):
                raise _bound(
                    f"alias *{event.anchor} is recursive (inside its own anchor)", event
                )
            size = sizes.get(event.anchor, 0)
            count, added = count + size, added + size
            uses_alias[-1] = True
            if added > MAX_ALIAS_NODES:
                raise _bound(
                    f"aliases expand to more than {MAX_ALIAS_NODES} nodes (an alias bomb)",
                    event,
                )
        elif isinstance(event, CollectionStartEvent):
            count, depth = count + 1, depth + 1
            if depth > MAX_DEPTH:
                raise _bound(f"nesting deeper than {MAX_DEPTH} levels", event)
            open_.append((event.anchor, count))
        elif isinstance(event, CollectionEndEvent):
            depth -= 1
            anchor, start = open_.pop()
            if anchor is not None:
                sizes[anchor] = count - start + 1
        elif isinstance(event, NodeEvent):  # a scalar
            count += 1
            if event.anchor is not None:
                sizes[event.anchor] = 1
    return uses_alias


def _bound(message: str, event: NodeEvent) -> yaml.MarkedYAMLError:
    mark: Any = (
        event.start_mark
    )  # the C parser's Mark, which PyYAML's stubs do not name
    return yaml.composer.ComposerError(None, None, message, mark)


def _guarded(construct: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
    # PyYAML lets explicit tags through to int()/float()/dict lookups: "!!int abc" or a
    # 5,000-digit integer would escape as a bare ValueError with no position.
    def guarded(loader: Any, node: yaml.ScalarNode) -> Any:
        try:
            return construct(loader, node)
        except (ValueError, KeyError, TypeError, OverflowError):
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            raise ConstructorError(
                None, None, f"not a valid {tag} value", node.start_mark
            ) from None

    return guarded


def _refuse(loader: Any, node: yaml.Node) -> Any:
    tag = node.tag.replace("tag:yaml.org,2002:", "!!")
    message = (
        f"YAML tag {tag} is not supported (Kubernetes objects hold only JSON types)"
    )
    raise ConstructorError(None, None, message, node.start_mark)


class StrictLoader(BaseLoader):  # type: ignore[misc]
    """Safe loader that refuses duplicate and non-scalar keys (PyYAML keeps the last)."""

    def construct_mapping(
        self, node: yaml.MappingNode, deep: bool = False
    ) -> dict[Any, Any]:
        self.flatten_mapping(node)
        seen: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, str):
                raise yaml.constructor.ConstructorError(
                    None,
                    None,
                    f"mapping key {key!r} is not a string",
                    key_node.start_mark,
                )
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r}", key_node.start_mark
                )
            seen[key] = self.construct_object(value_node, deep=deep)
        return seen


StrictLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, StrictLoader.construct_mapping
)
for _tag in ("int", "float", "bool"):
    _name = f"tag:yaml.org,2002:{_tag}"
    StrictLoader.add_constructor(_name, _guarded(StrictLoader.yaml_constructors[_name]))
for _tag in ("binary", "omap", "pairs", "set"):
    StrictLoader.add_constructor(f"tag:yaml.org,2002:{_tag}", _refuse)
# Go's YAML (sigs.k8s.io/yaml) keeps an unquoted date as the string it is.
StrictLoader.add_constructor(
    "tag:yaml.org,2002:timestamp", StrictLoader.construct_scalar
)


def unshared(value: Any) -> Any:
    # Aliased nodes are built once and shared: a copy per use keeps an override of one
    # place (or one cluster's copy) from reaching another. Depth is bounded above.
    if isinstance(value, dict):
        return {k: unshared(v) for k, v in value.items()}
    if isinstance(value, list):
        return [unshared(v) for v in value]
    return value


def needs_strict_path(text: str) -> bool:
    """Whether a text holds what only this loader refuses properly.

    yaml-rs (:mod:`render.fastyaml`) builds integers of any length (Python refuses to
    print one of over 4,300 digits) and reads control characters.
    """
    return bool(_LONG_NUMBER.search(text) or _NOT_PRINTABLE.search(text))


def load_all(text: str) -> list[Any]:
    """Every document of the text (empty ones as None), bounded and unshared.

    Raises:
        yaml.MarkedYAMLError: syntax, a bound exceeded, a bad key, tag or scalar.
        yaml.reader.ReaderError: a character YAML forbids (it has a position, no mark).
    """
    shared = check_bounds(text)
    docs = list(yaml.load_all(text, Loader=StrictLoader))
    return [
        unshared(d) if i < len(shared) and shared[i] else d for i, d in enumerate(docs)
    ]
