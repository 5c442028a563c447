"""Time the write of an incremental render: ~100 changed files in a rendered out/.

    FLEET_RENDER_CACHE=/dev/shm/spare/cache python benchmarks/incremental_write.py OUT [--changes]

OUT is a rendered output folder (``render render`` of a generated repo). The script
reads it once, then writes it back with ``--files`` files changed (alternating two
variants, so every write changes them), best of ``--rounds``: ``write_tree`` with the
full file map, and with ``--changes`` also ``write_changes`` with the changes alone.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from render import writing
from render.writing import read_tree, write_tree


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--files", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--changes", action="store_true")
    args = parser.parse_args()
    base = {rel: data.decode() for rel, data in read_tree(args.out).items()}
    chosen = sorted(rel for rel in base if "deployment" in rel)[:: max(1, len(base) // 20 // args.files)][: args.files]
    variants = [{rel: f"{base[rel]}# variant {v}\n" for rel in chosen} for v in "ab"]
    known = write_tree(base, args.out)  # what a render's record would hold
    print(f"{len(base)} files, {len(chosen)} changed per write ({writing.__file__})")
    for entry in ("write_tree", "write_changes") if args.changes else ("write_tree",):
        times = []
        for round_ in range(2 * args.rounds):
            changed = variants[round_ % 2]
            started = time.perf_counter()
            if entry == "write_tree":
                known = write_tree({**base, **changed}, args.out, known=known)
            else:
                done = writing.write_changes(changed, args.out, known)  # not before spares
                assert done is not None, "write_changes could not use the spare"
                known = done
            times.append(time.perf_counter() - started)
        # the first rounds set up the spare (and the alternation): the best of the rest
        print(f"{entry}: best {min(times[2:]):.3f} s of {[round(t, 3) for t in times]}")
    write_tree(base, args.out, known=known)


if __name__ == "__main__":
    main()
