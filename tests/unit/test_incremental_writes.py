"""A render rewrites only the files whose bytes change; the others keep inode and mtime.

Unchanged files are hard-linked from the old tree into the staging folder, so the swap
stays all or nothing. These tests use real files in temporary folders; only the
fallback for file systems without hard links patches ``os.link`` to refuse.
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
import stat
import time
from pathlib import Path

import pytest

from render import records
from render.outtree import Unread, content_digest, scan
from render.writing import MARKER, read_tree, recover, write_tree
from tests.conftest import KillClock, write_repo
from tests.hostile.repos import BASE, listing

OLD = {
    MARKER: "marker\n",
    "bindings.yaml": "items: []\n",
    "a/kustomization.yaml": "resources: [x.yaml]\n",
    "a/x.yaml": "x: 1\n",
    "b/kustomization.yaml": "resources: [y.yaml]\n",
    "b/y.yaml": "y: 1\n",
}


def _ids(out: Path) -> dict[str, tuple[int, int]]:
    return {
        rel: (os.lstat(out / rel).st_ino, os.lstat(out / rel).st_mtime_ns)
        for rel in read_tree(out)
    }


def _other_names(out: Path, rel: str) -> int:
    # Names of out/'s file beyond its own, not counting the copy of the same path in
    # out/'s spare tree (render.sparetree keeps the tree a swap replaced there).
    st, spare = os.lstat(out / rel), records.spare_path(out) / rel
    return st.st_nlink - 1 - (os.path.lexists(spare) and os.lstat(spare).st_ino == st.st_ino)


def _text(out: Path) -> dict[str, str]:
    return {rel: data.decode() for rel, data in read_tree(out).items()}


def test_only_changed_files_are_new_inodes(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_tree(OLD, out)
    before = _ids(out)
    new = {
        **OLD,
        "a/x.yaml": "x: 2\n",
        "bindings.yaml": "items: [x]\n",
        "c/z.yaml": "z\n",
    }
    del new["b/y.yaml"]
    write_tree(new, out)
    after = _ids(out)
    assert _text(out) == new
    for rel in (MARKER, "a/kustomization.yaml", "b/kustomization.yaml"):
        assert after[rel] == before[rel], rel  # same inode, same mtime
    for rel in ("a/x.yaml", "bindings.yaml"):
        assert after[rel][0] != before[rel][0], rel
    assert all(_other_names(out, rel) == 0 for rel in new)  # old tree is gone (or the spare)
    assert listing(tmp_path) == ["out"]


def test_a_render_where_one_file_changes_touches_only_that_file(
    make_repo, run_cli
) -> None:
    repo = make_repo(BASE)
    out = repo / "out"
    assert run_cli("render", "--repo", repo).exit_code == 0
    before, old_text = _ids(out), _text(out)
    write_repo(
        repo,
        {"apps/web.yaml": BASE["apps/web.yaml"].replace("nginx:1.25", "nginx:1.26")},
    )
    assert run_cli("render", "--repo", repo).exit_code == 0
    after, new_text = _ids(out), _text(out)
    changed = {rel for rel in new_text if new_text[rel] != old_text.get(rel)}
    assert changed and changed != set(new_text)
    assert all("nginx:1.26" in new_text[rel] for rel in changed - {"bindings.yaml"})
    for rel in new_text:
        assert (after[rel] == before[rel]) == (rel not in changed), rel


def test_planted_links_and_fifos_are_replaced_never_linked_or_followed(
    tmp_path: Path,
) -> None:
    out = tmp_path / "out"
    write_tree(OLD, out)
    outside = write_repo(
        tmp_path / "outside", {"x.yaml": OLD["a/x.yaml"], "d/y.yaml": OLD["b/y.yaml"]}
    )
    (out / "a/x.yaml").unlink()
    (out / "a/x.yaml").symlink_to(outside / "x.yaml")  # the very bytes a render writes
    (out / "b/y.yaml").unlink()
    os.link(outside / "d/y.yaml", out / "b/y.yaml")  # a second name outside out/
    (out / "bindings.yaml").unlink()
    os.mkfifo(out / "bindings.yaml")  # reading it would hang
    write_tree(OLD, out)
    assert _text(out) == OLD
    for rel in OLD:
        assert stat.S_ISREG(os.lstat(out / rel).st_mode), rel
        assert _other_names(out, rel) == 0, rel
    assert os.lstat(outside / "d/y.yaml").st_nlink == 1  # no longer shared with out/
    assert _text(outside) == {"x.yaml": OLD["a/x.yaml"], "d/y.yaml": OLD["b/y.yaml"]}


def test_a_folder_linked_out_of_out_is_replaced(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_tree(OLD, out)
    outside = write_repo(tmp_path / "outside", {"y.yaml": OLD["b/y.yaml"]})
    (out / "b/y.yaml").unlink()
    (out / "b/kustomization.yaml").unlink()
    (out / "b").rmdir()
    (out / "b").symlink_to(outside, target_is_directory=True)
    write_tree(OLD, out)
    assert not (out / "b").is_symlink()
    assert _text(out) == OLD
    assert os.lstat(outside / "y.yaml").st_nlink == 1


@pytest.mark.parametrize(
    "code", [errno.EXDEV, errno.EPERM, errno.EMLINK, errno.ENOTSUP]
)
def test_a_file_system_that_refuses_links_gets_every_file_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    out = tmp_path / "out"
    write_tree(OLD, out)
    before = _ids(out)

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(os, "link", refuse)
    new = {**OLD, "a/x.yaml": "x: 2\n"}
    write_tree(new, out)
    assert _text(out) == new
    assert all(_ids(out)[rel][0] != before[rel][0] for rel in new)
    assert listing(tmp_path) == ["out"]


def test_a_file_edited_after_it_was_read_is_written_not_linked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Another program edits out/a/x.yaml in place between the read and the link.
    out = tmp_path / "out"
    write_tree(OLD, out)
    real_link = os.link

    def edit_then_link(src: object, dst: object, **kwargs: object) -> None:
        if str(src).endswith("a/x.yaml"):
            Path(str(src)).write_text("edited meanwhile\n")
        real_link(src, dst, **kwargs)

    monkeypatch.setattr(os, "link", edit_then_link)
    write_tree({**OLD, "b/y.yaml": "y: 2\n"}, out)
    assert _text(out) == {**OLD, "b/y.yaml": "y: 2\n"}


def test_sigkill_while_linking_leaves_one_complete_output(tmp_path: Path) -> None:
    # tests/hostile/test_kill.py changes nearly every file; here nearly every file is
    # linked, so the kills land while the old tree's files have two names.
    def tree(variant: str) -> dict[str, str]:
        files = {MARKER: "marker\n"}
        for c in range(8):
            files.update({f"c{c}/f{i}.yaml": f"{c} {i}\n" * 20 for i in range(150)})
            files[f"c{c}/f7.yaml"] = f"changed in {variant}\n"
        return files

    out = tmp_path / "out"
    trees = {v: {k: s.encode() for k, s in tree(v).items()} for v in "ab"}
    started = time.monotonic()
    write_tree(tree("a"), out)
    write_tree(tree("b"), out)
    clock = KillClock(7, (time.monotonic() - started) / 2)
    written, outcomes = "b", set()
    deadline = time.monotonic() + 4.0
    # four seconds of kills, longer (up to twenty) until some landed on each side of
    # the swap: on a busy machine a write takes longer than the two timed above
    while time.monotonic() < deadline or (outcomes != {True, False} and time.monotonic() < deadline + 16.0):
        wanted = "a" if written == "b" else "b"
        pid = os.fork()
        if pid == 0:
            try:
                write_tree(tree(wanted), out)
            finally:
                os._exit(0)
        time.sleep(clock.delay(0.0, 1.2))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        if not out.exists():  # killed between the two renames of the fallback swap
            recover(out)
        now = read_tree(out)
        assert now in (trees[written], trees[wanted])
        written = wanted if now == trees[wanted] else written
        outcomes.add(now == trees[wanted])
        clock.landed(now == trees[wanted])
    write_tree(tree("a"), out)
    assert read_tree(out) == trees["a"]
    assert listing(tmp_path) == ["out"]  # the next write cleaned up
    assert outcomes == {True, False}  # kills landed before and after the swap


# -- what a write knows it left: files still as left are compared by digest, not read --


def test_a_write_returns_what_it_left_and_the_next_one_trusts_only_untouched_files(tmp_path: Path) -> None:
    out = tmp_path / "out"
    known = write_tree(OLD, out)
    assert set(known) == set(OLD)
    assert all(known[rel][1] == content_digest(text.encode()) for rel, text in OLD.items())
    _, ino, size, mtime = known["a/x.yaml"][0]
    assert (ino, size, mtime) == (os.lstat(out / "a/x.yaml").st_ino, 5, os.lstat(out / "a/x.yaml").st_mtime_ns)
    # a record that lies about an untouched file is believed: proof it was not read...
    lying = {**known, "b/y.yaml": (known["b/y.yaml"][0], content_digest(b"not what it holds"))}
    have, _ = scan(out, lying)
    assert have["b/y.yaml"] == Unread(content_digest(b"not what it holds"))
    assert have["a/x.yaml"] == Unread(known["a/x.yaml"][1])
    # ...while a file edited since (its mtime moves) is read again
    time.sleep(0.01)
    (out / "a/x.yaml").write_text("x: 9\n")
    have, _ = scan(out, known)
    assert have["a/x.yaml"] == b"x: 9\n"


def test_edits_made_in_out_since_the_last_write_are_undone_with_a_known_record(tmp_path: Path) -> None:
    out = tmp_path / "out"
    known = write_tree(OLD, out)
    time.sleep(0.01)
    (out / "a/x.yaml").write_text("x: 1\n# edited\n")  # in place
    (out / "b/y.yaml").unlink()
    (out / "b/y.yaml").write_text("y: 1\n")  # replaced with the same bytes: a new inode
    (out / "bindings.yaml").write_text("items: [edited]\n")
    again = write_tree(OLD, out, known=known)
    assert _text(out) == OLD
    assert again == write_tree(OLD, out, known=again)  # up to date: nothing moves
    assert again["b/y.yaml"][0][1] == os.lstat(out / "b/y.yaml").st_ino


def test_renders_keep_the_written_record_and_stay_byte_identical_to_a_render_without_it(
    make_repo, run_cli, tmp_path: Path
) -> None:
    repo = make_repo(BASE)
    out = repo / "out"
    assert run_cli("render", "--repo", repo).exit_code == 0
    record = records.record_path(out, "written")
    assert record.is_file()
    write_repo(repo, {"apps/web.yaml": BASE["apps/web.yaml"].replace("nginx:1.25", "nginx:1.26")})
    time.sleep(0.01)
    edited = min(rel for rel in read_tree(out) if rel.endswith("/kustomization.yaml"))
    (out / edited).write_text("# edited by hand\n")
    shutil.copytree(out, tmp_path / "fresh")  # the same tree and history, no record
    assert run_cli("render", "--repo", repo).exit_code == 0
    with_record = read_tree(out)
    assert run_cli("render", "--repo", repo, "--out", tmp_path / "fresh").exit_code == 0
    assert read_tree(tmp_path / "fresh") == with_record
    assert b"edited by hand" not in with_record[edited]
