from __future__ import annotations

import pytest
import yaml

from render.output import dump, kustomization, object_path

# Strings a YAML 1.1 reader (Go's sigs.k8s.io/yaml, PyYAML) would take for another type.
AMBIGUOUS = ["no", "on", "off", "yes", "y", "n", "true", "1e3", "1.5", "0777", "0o17", "0x1F", "1:30", "2001-12-14",
             "null", "~", "", "012", "+1", ".5", "1_000"]


@pytest.mark.parametrize("text", AMBIGUOUS)
def test_strings_that_look_like_other_types_are_quoted(text: str) -> None:
    out = dump({"v": text})
    assert out != f"v: {text}\n", out
    assert yaml.safe_load(out) == {"v": text}


def test_dump_is_sorted_block_style_and_unfolded() -> None:
    long = "x " * 100
    assert dump({"b": [1], "a": {"long": long}}) == f'a:\n  long: "{long}"\nb:\n  - 1\n'
    assert dump({"b": ["y"], "a": {}}) == "a: {}\nb:\n  - 'y'\n"  # the PyYAML path, same shape


PATHS = [
    ({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "namespace": "shop"}},
     "shop/deployment.apps_web.yaml"),
    ({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web", "namespace": "shop"}}, "shop/service_web.yaml"),
    ({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "shop"}}, "_cluster/namespace_shop.yaml"),
    ({"apiVersion": "gateway.networking.k8s.io/v1", "kind": "Gateway", "metadata": {"name": "g", "namespace": "a"}},
     "a/gateway.gateway.networking.k8s.io_g.yaml"),
]


@pytest.mark.parametrize(("obj", "path"), PATHS, ids=[p for _, p in PATHS])
def test_object_paths_name_namespace_kind_group_and_name(obj, path) -> None:
    assert object_path(obj) == path


def test_empty_kustomization_lists_no_resources() -> None:
    assert yaml.safe_load(kustomization([])) == {
        "apiVersion": "kustomize.config.k8s.io/v1beta1", "kind": "Kustomization", "resources": []}
