"""No secrets in logs: the values of Secret objects are cut out of every error and warning."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from render.errors import Finding
    from render.model import Manifest

REDACTED = "<redacted>"
# Shorter values carry no secret worth the name, and hiding them would shred messages.
MIN_LENGTH = 3


def _is_secret(body: Mapping[str, Any]) -> bool:
    return body.get("kind") == "Secret" and body.get("apiVersion") == "v1"


def _decoded(value: str) -> str | None:
    try:
        return base64.b64decode(value, validate=True).decode("utf-8")
    except (binascii.Error, ValueError):
        return None


def _spellings(value: str) -> Iterator[str]:
    # Messages quote values raw, JSON-escaped (Python's and Go's, which also escapes
    # <, > and &), or Python-repr'd; a multi-line value may show one line at a time.
    escaped = json.dumps(value)[1:-1]
    yield from (
        value,
        escaped,
        json.dumps(value, ensure_ascii=False)[1:-1],
        repr(value)[1:-1],
    )
    yield (
        escaped.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    )
    yield from value.splitlines()


def secret_values(manifests: Iterable[Manifest]) -> list[str]:
    """Every spelling of every Secret value (``data`` decoded too), longest first."""
    found: set[str] = set()
    for manifest in manifests:
        if not _is_secret(manifest.body):
            continue
        for part in ("data", "stringData"):
            values = manifest.body.get(part)
            for value in values.values() if isinstance(values, Mapping) else ():
                text = value if isinstance(value, str) else json.dumps(value)
                plain = _decoded(text) if part == "data" else None
                for v in (text, plain) if plain else (text,):
                    found.update(
                        s for s in _spellings(v) if len(s.strip()) >= MIN_LENGTH
                    )
    return sorted(found, key=lambda s: (-len(s), s))


def redact_findings(
    findings: Iterable[Finding], manifests: Iterable[Manifest]
) -> list[Finding]:
    """The findings with every Secret value in their message or hint replaced by ``<redacted>``."""
    return redact_values(findings, secret_values(manifests))


def redact_values(findings: Iterable[Finding], values: list[str]) -> list[Finding]:
    """:func:`redact_findings` with the Secret values already gathered."""
    findings = list(findings)
    if not values:
        return findings
    return [
        replace(
            f, message=_cut(f.message, values), hint=f.hint and _cut(f.hint, values)
        )
        for f in findings
    ]


def _cut(text: str, values: list[str]) -> str:
    for value in values:
        if value in text:
            text = text.replace(value, REDACTED)
    return text
