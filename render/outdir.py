"""The output folder as fleet-render owns it: the marker that says so, the refusal to
replace anything else, and the recovery of what a killed write left beside it
(:mod:`render.writing` writes it).
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

from render.errors import RenderError

__all__ = ["MARKER", "check_out_dir", "checked_rel", "recover"]

MARKER = ".fleet-render-output"


def _leftover(out: Path) -> re.Pattern[str]:
    # mkdtemp's suffix is 8 characters: an exact pattern never matches the staging
    # folder of a sibling output that happens to be named "out.new-..."
    return re.compile(rf"\.{re.escape(out.name)}\.(new|old)-[a-z0-9_]{{8}}")


def _remove(path: Path) -> None:
    if path.is_symlink() or not path.is_dir():
        path.unlink(missing_ok=True)
    else:
        shutil.rmtree(path)


def recover(out: Path) -> None:
    """Finish or undo a swap a killed render left half done, and delete its leftovers.

    Call with the lock held: a running render's staging folder looks like a leftover.
    """
    pattern = _leftover(out)
    names = sorted(n for n in os.listdir(out.parent) if pattern.fullmatch(n))
    backups = [out.parent / n for n in names if ".old-" in n]
    complete = [b for b in backups if not b.is_symlink() and (b / MARKER).is_file()]
    if complete and not os.path.lexists(out):
        # killed between the two renames of the fallback swap: the old tree is whole
        os.rename(complete[0], out)
    for name in names:
        if os.path.lexists(out.parent / name):
            _remove(out.parent / name)


def check_out_dir(out: Path) -> None:
    """Refuse to replace anything fleet-render did not create.

    Raises:
        RenderError: ``out`` is a symlink, a file, or a non-empty folder without
            fleet-render's marker.
    """
    hint = f"fleet-render writes {MARKER} in folders it owns"
    if out.is_symlink():
        raise RenderError.single(
            f"refusing to replace {out}: it is a symbolic link",
            stage="write",
            hint=hint,
        )
    if out.exists() and (
        not out.is_dir() or (any(out.iterdir()) and not (out / MARKER).is_file())
    ):
        raise RenderError.single(
            f"refusing to replace {out}: it is not empty and was not written by fleet-render",
            stage="write",
            hint=hint,
        )


def checked_rel(rel: str) -> str:
    # Names are validated long before (render.naming); this is the last line of defence
    # that keeps every write inside the staging folder.
    parts = rel.split("/")
    if not rel or "\0" in rel or any(p in ("", ".", "..") for p in parts):
        raise RenderError.single(
            f"refusing to write {rel!r}: not a plain path inside the output folder",
            stage="write",
        )
    return rel
