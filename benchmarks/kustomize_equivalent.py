"""The kustomize way to the same output: one base, one overlay per cluster.

The base holds every object of apps/; each cluster's overlay deletes what the cluster
does not get, sets replicas and rewrites images the way fleet-render's output does.
This is what a team would maintain by hand without fleet-render; the benchmark times
``kubectl kustomize`` building every overlay.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

_SKIP = ("kustomization.yaml", "bindings.yaml")


def _objects(folder: Path) -> list[dict]:
    docs = []
    for path in sorted(folder.rglob("*.yaml")):
        if path.name not in _SKIP:
            docs.extend(d for d in yaml.load_all(path.read_text(), Loader=yaml.CSafeLoader) if d)
    return docs


def _key(obj: dict) -> tuple[str, str, str]:
    meta = obj["metadata"]
    return obj["kind"], meta.get("namespace", "default"), meta["name"]


def build_overlays(repo: Path, out: Path, work: Path) -> list[Path]:
    """Write base/ and overlays/<cluster>/ under ``work``; return the overlay folders."""
    shutil.rmtree(work, ignore_errors=True)
    base = work / "base"
    base.mkdir(parents=True)
    everything = {}
    for obj in _objects(repo / "apps"):
        obj.setdefault("metadata", {}).setdefault("namespace", "default")
        everything[_key(obj)] = obj
    (base / "all.yaml").write_text(yaml.dump_all(list(everything.values()), Dumper=yaml.CSafeDumper))
    (base / "kustomization.yaml").write_text("resources:\n- all.yaml\n")
    overlays = []
    for cluster in sorted(p for p in out.iterdir() if p.is_dir()):
        placed = {_key(o): o for o in _objects(cluster) if o["kind"] != "Namespace"}
        patches = [{"patch": yaml.dump({"$patch": "delete", "apiVersion": o["apiVersion"], "kind": o["kind"],
                                        "metadata": {"name": o["metadata"]["name"],
                                                     "namespace": o["metadata"]["namespace"]}})}
                   for k, o in everything.items() if k not in placed]
        replicas, images = [], {}
        for obj in placed.values():
            if obj["kind"] == "Deployment":
                replicas.append({"name": obj["metadata"]["name"], "count": obj["spec"]["replicas"]})
                for container in obj["spec"]["template"]["spec"]["containers"]:
                    source = everything[_key(obj)]["spec"]["template"]["spec"]["containers"][0]["image"]
                    name, _, tag = container["image"].rpartition(":")
                    images[source.rpartition(":")[0]] = {"name": source.rpartition(":")[0], "newName": name,
                                                         "newTag": tag}
        overlay = work / "overlays" / cluster.name
        overlay.mkdir(parents=True)
        kustomization = {"resources": ["../../base"], "patches": patches, "replicas": replicas,
                         "images": sorted(images.values(), key=lambda i: i["name"])}
        (overlay / "kustomization.yaml").write_text(yaml.dump(kustomization, Dumper=yaml.CSafeDumper))
        overlays.append(overlay)
    return overlays
