"""Container image references: parse, edit one component, re-assemble (Karmada imageparser).

Parsing follows ``distribution/reference.Parse`` v0.6.0 and ``go-digest`` validation, then
Karmada's own host split; nothing is normalised (no implicit ``docker.io``, ``library/`` or
``:latest``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_PATH_COMPONENT = r"[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*"
_REMOTE_NAME = _PATH_COMPONENT + r"(?:/" + _PATH_COMPONENT + r")*"
_DOMAIN_COMPONENT = r"(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])"
_HOST = (
    r"(?:" + _DOMAIN_COMPONENT + r"(?:\." + _DOMAIN_COMPONENT + r")*"
    r"|\[(?:[a-fA-F0-9:]+)\])"
)
_DOMAIN_AND_PORT = _HOST + r"(?::[0-9]+)?"
_TAG = r"[\w][\w.-]{0,127}"
_DIGEST = r"[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9a-fA-F]{32,}"

# re.ASCII: Go's \w is [0-9A-Za-z_]; fullmatch: Go's ^...$ never matches before a "\n".
_REFERENCE = re.compile(
    r"((?:" + _DOMAIN_AND_PORT + r"/)?" + _REMOTE_NAME + r")"
    r"(?::(" + _TAG + r"))?(?:@(" + _DIGEST + r"))?",
    re.ASCII,
)
_NAME = re.compile(
    r"(?:(" + _DOMAIN_AND_PORT + r")/)?(" + _REMOTE_NAME + r")", re.ASCII
)
_ANCHORED_TAG = re.compile(_TAG, re.ASCII)
_ANCHORED_DIGEST = re.compile(_DIGEST, re.ASCII)
_GO_DIGEST = re.compile(r"[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+")
_DIGEST_HEX_LENGTH = {"sha256": 64, "sha384": 96, "sha512": 128}
_REPOSITORY_NAME_MAX = 255


class ImageError(ValueError):
    """An image string that ``distribution/reference`` refuses; ``str()`` is Go's text."""


@dataclass
class ImageComponents:
    """The four parts Karmada edits: ``host/repository:tag`` or ``host/repository@digest``."""

    hostname: str = ""
    repository: str = ""
    tag: str = ""
    digest: str = ""

    def full_repository(self) -> str:
        """Return ``host/repository``, or just the repository without a host."""
        return (
            self.repository
            if not self.hostname
            else f"{self.hostname}/{self.repository}"
        )

    def __str__(self) -> str:
        if self.tag:
            return f"{self.full_repository()}:{self.tag}"
        if self.digest:
            return f"{self.full_repository()}@{self.digest}"
        return self.full_repository()

    def tag_or_digest(self) -> str:
        """Return the tag when set, else the digest."""
        return self.tag or self.digest

    def set_tag_or_digest(self, value: str) -> bool:
        """Set a tag or a digest as Karmada does; return False (and change nothing) when
        ``value`` is neither, which Karmada ignores silently."""
        if _ANCHORED_TAG.fullmatch(value):
            self.tag, self.digest = value, ""
            return True
        if _ANCHORED_DIGEST.fullmatch(value):
            self.tag, self.digest = "", value
            return True
        return False

    def remove_tag_or_digest(self) -> None:
        """Drop the tag if there is one, else the digest."""
        if self.tag:
            self.tag = ""
        else:
            self.digest = ""


def split_hostname(name: str) -> tuple[str, str]:
    """Split ``[host/]path`` with Karmada's rule: the first segment is a host only when it
    contains ``.`` or ``:`` or is ``localhost``."""
    head, slash, rest = name.partition("/")
    if not slash or ("." not in head and ":" not in head and head != "localhost"):
        return "", name
    return head, rest


def parse_image(image: str) -> ImageComponents:
    """Parse an image reference like Karmada's ``imageparser.Parse``.

    Args:
        image: the container image string.

    Returns:
        Its components; when both a tag and a digest are given the digest is dropped.

    Raises:
        ImageError: with distribution/reference's or go-digest's error text.
    """
    match = _REFERENCE.fullmatch(image)
    if match is None:
        if image == "":
            raise ImageError("repository name must have at least one component")
        if _REFERENCE.fullmatch(_go_lower(image)) is not None:
            raise ImageError("repository name must be lowercase")
        raise ImageError("invalid reference format")
    name, tag, digest = match.group(1), match.group(2) or "", match.group(3) or ""
    name_match = _NAME.fullmatch(name)
    path = name_match.group(2) if name_match else name
    if len(path) > _REPOSITORY_NAME_MAX:
        raise ImageError(
            f"repository name must not be more than {_REPOSITORY_NAME_MAX} characters"
        )
    if digest:
        _validate_digest(digest)
    hostname, repository = split_hostname(name)
    return ImageComponents(hostname, repository, tag, "" if tag else digest)


def _validate_digest(digest: str) -> None:
    algorithm, _, encoded = digest.partition(":")
    expected = _DIGEST_HEX_LENGTH.get(algorithm)
    if expected is None:
        if not _GO_DIGEST.fullmatch(digest):
            raise ImageError("invalid checksum digest format")
        raise ImageError("unsupported digest algorithm")
    if len(encoded) != expected:
        raise ImageError("invalid checksum digest length")
    if not re.fullmatch(r"[a-f0-9]+", encoded):
        raise ImageError("invalid checksum digest format")


def override_image(
    image: str, component: str, operator: str, value: str
) -> tuple[str, bool]:
    """Rewrite one component of ``image`` as Karmada's ``overrideImage`` does.

    Args:
        image: the current image string.
        component: ``Registry``, ``Repository`` or ``Tag``.
        operator: ``add``, ``replace`` or ``remove``; any other string changes nothing
            but the image is still re-assembled (so a tag+digest image loses its digest).
        value: the overrider's value, used verbatim.

    Returns:
        The new image string, and whether the operator took effect (False for an unknown
        operator or a Tag value that is neither a tag nor a digest, both silent in Karmada).

    Raises:
        ImageError: when ``image`` cannot be parsed or ``component`` is unknown.
    """
    try:
        parts = parse_image(image)
    except ImageError as err:
        raise ImageError(
            f"failed to parse image value({image}), error: {err}"
        ) from None
    if component not in ("Registry", "Repository", "Tag"):
        raise ImageError(f"unsupported image component({component})")
    took_effect = operator in ("add", "replace", "remove")
    if component == "Registry":
        parts.hostname = _edit(parts.hostname, operator, value)
    elif component == "Repository":
        parts.repository = _edit(parts.repository, operator, value)
    elif operator == "remove":
        parts.remove_tag_or_digest()
    elif operator in ("add", "replace"):
        new = parts.tag_or_digest() + value if operator == "add" else value
        took_effect = parts.set_tag_or_digest(new)
    return str(parts), took_effect


def _edit(current: str, operator: str, value: str) -> str:
    if operator == "add":
        return current + value
    if operator == "replace":
        return value
    if operator == "remove":
        return ""
    return current


def _go_lower(text: str) -> str:
    # Go's strings.ToLower maps each rune alone: U+0130 (İ) becomes a plain "i", where
    # Python's lower() adds a combining dot after it.
    return text.replace("\u0130", "i").lower()
