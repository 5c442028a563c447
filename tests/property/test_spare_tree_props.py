"""Any sequence of writes, change sets and hand edits leaves out/ exactly the tree last wanted.

Whole trees go through ``write_tree``, change sets through ``write_changes`` (and, where
it declines, the whole tree through ``write_tree``, as a caller does), with hand edits of
out/ in between: in place (the inode out/ shares with its spare), replaced, deleted,
added, a link. Real files in a fresh temporary folder per example.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from render.writing import MARKER, read_tree, write_changes, write_tree

PATHS = ["a", "b", "b/x", "b/y", "c/d/e", "c/d/f", "g/h"]
TEXTS = ["1\n", "2\n", "22\n", "333\n"]
EDITS = ["in-place", "replace", "delete", "extra", "empty-folder", "symlink"]


def _valid(files: dict[str, str]) -> bool:
    # no path is a folder of another ("b" and "b/x")
    return not any(other.startswith(rel + "/") for rel in files for other in files)


trees = st.dictionaries(st.sampled_from(PATHS), st.sampled_from(TEXTS)).filter(_valid)
changes = st.dictionaries(st.sampled_from(PATHS), st.none() | st.sampled_from(TEXTS))
steps = st.lists(
    st.one_of(
        st.tuples(st.just("tree"), trees, st.booleans()),
        st.tuples(st.just("changes"), changes),
        st.tuples(st.just("edit"), st.sampled_from(EDITS), st.sampled_from(PATHS)),
    ),
    min_size=1,
    max_size=8,
)


def _edit(out: Path, kind: str, rel: str) -> None:
    target = out / rel
    if kind == "extra":
        target = out / f"{rel}.extra"
    if not target.parent.is_dir() or target.parent.is_symlink():
        return
    if kind == "in-place" and target.is_file():
        with target.open("a") as handle:  # a new size: an edit that keeps it is not seen
            handle.write("# edited by hand\n")
    elif kind in ("replace", "delete", "symlink") and target.is_file():
        target.unlink()
        if kind == "replace":
            target.write_text("replaced by hand, longer than any rendered text\n")
        elif kind == "symlink":
            target.symlink_to(out / MARKER)
    elif kind == "extra" and not os.path.lexists(target):
        target.write_text("added by hand\n")
    elif kind == "empty-folder" and not os.path.lexists(target):
        target.mkdir()


def _exactly(out: Path, files: dict[str, str]) -> None:
    # Folders aside: an empty one made by hand stays where out/'s files are up to date
    # (the write then changes nothing, as before spares).
    assert read_tree(out) == {rel: text.encode() for rel, text in files.items()}
    for path in out.rglob("*"):
        if path.relative_to(out).as_posix() not in files:
            assert path.is_dir() and not path.is_symlink(), path


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps)
def test_out_is_always_the_tree_last_wanted(sequence) -> None:
    with tempfile.TemporaryDirectory(prefix="fleet-render-spare-") as folder:
        out = Path(folder) / "out"
        wanted = {MARKER: "marker\n"}
        known = write_tree(wanted, out)
        for step in sequence:
            if step[0] == "edit":
                _edit(out, step[1], step[2])
                continue
            if step[0] == "tree":
                wanted = {MARKER: "marker\n", **step[1]}
                known = write_tree(wanted, out, known=known if step[2] else None)
            else:
                new = {rel: text for rel, text in wanted.items() if rel not in step[1]}
                new.update((rel, text) for rel, text in step[1].items() if text is not None)
                if not _valid(new) or MARKER in step[1]:
                    continue
                wanted = new
                known = write_changes(step[1], out, known) or write_tree(wanted, out, known=known)
            _exactly(out, wanted)
            assert sorted(os.listdir(folder)) == ["out"]
