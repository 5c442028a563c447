"""Templates in apps/ (``*.yaml.j2``): rendered per cluster, with a fixed identity."""

from __future__ import annotations

import functools
import traceback
from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from jinja2 import TemplateNotFound, TemplateSyntaxError, UndefinedError
from jinja2.exceptions import SecurityError

from render.errors import Finding, RenderError
from render.loading import Document, parse_documents
from render.sandbox import FleetSandbox, LimitError, Limits, NeutralList, NeutralMapping
from render.workloads import CLUSTER_SCOPED_KINDS, replica_problem

if TYPE_CHECKING:
    from jinja2 import Template

    from render.model import Cluster, Manifest
    from render.workloads import ReplicaField

NEUTRAL = "in the neutral render"
_ENV = FleetSandbox()
_NEUTRAL_HINT = (
    "the neutral render, which learns the objects' identity, has empty cluster"
    " fields and values and replicas none"
)


def cluster_context(cluster: Cluster) -> dict[str, Any]:
    """The ``cluster`` variable of a template rendered for ``cluster``."""
    return {
        "name": cluster.name,
        "labels": dict(cluster.labels),
        "provider": cluster.provider,
        "region": cluster.region,
        "zone": cluster.zones[0] if cluster.zones else "",
        "zones": list(cluster.zones),
        "fleet": cluster.fleet,
    }


def _neutral_context() -> dict[str, Any]:
    cluster: dict[str, Any] = dict.fromkeys(("name", "provider", "region", "zone"), "")
    cluster |= {"fleet": "", "labels": NeutralMapping(), "zones": NeutralList()}
    return {"cluster": cluster, "values": NeutralMapping(), "replicas": None}


@functools.lru_cache(maxsize=512)
def _compiled(file: str, text: str) -> Template:
    code = _ENV.compile(_ENV.parse_guarded(text, file), file, file)
    return _ENV.template_class.from_code(_ENV, code, _ENV.make_globals(None))


def _line(error: BaseException, file: str) -> int | None:
    frames = [
        f for f in traceback.extract_tb(error.__traceback__) if f.filename == file
    ]
    return frames[-1].lineno if frames else None


def _failure(error: Exception, file: str, where: str) -> Finding:
    hint, line = None, None
    if isinstance(error, TemplateSyntaxError):
        message, line = f"template syntax error: {error.message}", error.lineno
    else:
        line = _line(error, file)
        if isinstance(error, UndefinedError):
            detail = str(error.message)
        elif isinstance(error, LimitError):
            detail = f"over a limit: {error}"
        elif isinstance(error, SecurityError | TemplateNotFound):
            detail = f"refused by the sandbox: {error}"
        else:
            detail = f"{type(error).__name__}: {error}"
            hint = _NEUTRAL_HINT if where == NEUTRAL else None
        message = f"template {where}: {detail}"
    finding = Finding(message, file, stage="template", hint=hint)
    return finding.at(line, 1) if line is not None else finding


def _render(file: str, text: str, context: dict[str, Any], where: str) -> str:
    try:
        return _ENV.generate_limited(_compiled(file, text), context, Limits())
    except TemplateSyntaxError as e:
        raise RenderError([_failure(e, file, where)]) from None
    except Exception as e:  # any failure of the template's own code
        raise RenderError([_failure(e, file, where)]) from e


def _parsed(file: str, output: str, where: str) -> list[Document]:
    try:
        return parse_documents(output, file)
    except RenderError as e:
        finding = e.findings[0]
        at = f" (line {finding.line} of the output)" if finding.line else ""
        message = f"template output {where} is {finding.message}{at}"
        raise RenderError([Finding(message, file, stage="template")]) from e


@functools.lru_cache(maxsize=512)
def _neutral(file: str, text: str) -> tuple[Document, ...]:
    output = _render(file, text, _neutral_context(), NEUTRAL)
    return tuple(_parsed(file, output, NEUTRAL))


def neutral_documents(
    templates: Mapping[str, str], findings: list[Finding]
) -> list[Document]:
    """Render every template once with the neutral context, for policy selection.

    Args:
        templates: template file (relative to the repo) to its text.
        findings: where the errors of templates that cannot render go.

    Returns:
        The documents of every template that rendered.
    """
    documents: list[Document] = []
    for file, text in sorted(templates.items()):
        try:
            documents.extend(_neutral(file, text))
        except RenderError as e:
            findings.extend(e.findings)
    return documents


def _identity(body: Mapping[str, Any]) -> dict[str, Any]:
    meta: Mapping[str, Any] = body.get("metadata") or {}
    if not isinstance(meta, Mapping):
        meta = {}
    kind = body.get("kind")
    namespace = (
        "" if kind in CLUSTER_SCOPED_KINDS else meta.get("namespace") or "default"
    )
    return {
        "apiVersion": body.get("apiVersion"),
        "kind": kind,
        "metadata.name": meta.get("name"),
        "metadata.namespace": namespace,
        "metadata.labels": meta.get("labels") or {},
    }


def _identity_problem(manifest: Manifest, rendered: Any, where: str) -> Finding | None:
    if not isinstance(rendered, Mapping):
        return Finding(
            f"document {manifest.index} renders as a non-object {where}",
            manifest.file,
            stage="template",
        )
    want, have = _identity(manifest.body), _identity(rendered)
    for key, value in want.items():
        if have[key] != value:
            return Finding(
                f"{key} renders {have[key]!r} {where} but {value!r} in the neutral"
                " render: apiVersion, kind, name, namespace and labels must not"
                " depend on the cluster",
                manifest.file,
                tuple(key.split(".")),
                stage="template",
                document=manifest.index,
            )
    return None


def _normalised(manifest: Manifest, body: Mapping[str, Any]) -> dict[str, Any]:
    # The same namespace defaulting as the neutral object had in read_inputs.
    meta = dict(body["metadata"])
    meta.pop("namespace", None)
    if manifest.namespaced:
        meta["namespace"] = manifest.namespace
    return {**body, "metadata": meta}


def render_copy(
    manifest: Manifest,
    cluster: Cluster,
    replicas: int | None,
    replica_fields: Mapping[tuple[str, str], ReplicaField],
) -> dict[str, Any]:
    """Render a templated manifest for one cluster.

    Args:
        manifest: an object of a template (``manifest.template`` is its text).
        cluster: the cluster the copy is for.
        replicas: the cluster's share of a workload; None for other objects.
        replica_fields: the replica-bearing kinds of the repo.

    Returns:
        The object as the template renders it for the cluster.

    Raises:
        RenderError: the template fails for the cluster, or renders a different
            number of objects, or a different identity, than the neutral render.
    """
    assert manifest.template is not None
    file, where = manifest.file, f"for cluster {cluster.name}"
    context = {
        "cluster": cluster_context(cluster),
        "values": cluster.values,
        "replicas": replicas,
    }
    documents = _parsed(file, _render(file, manifest.template, context, where), where)
    count = len(_neutral(file, manifest.template))
    if len(documents) != count:
        raise RenderError.single(
            f"renders {len(documents)} documents {where} but {count} in the neutral"
            " render; the objects of a template must not depend on the cluster",
            file=file,
            stage="template",
        )
    body = documents[manifest.index].data
    problem = _identity_problem(manifest, body, where)
    if problem is not None:
        raise RenderError([problem])
    body = _normalised(manifest, body)
    problem = replica_problem(replace(manifest, body=body), replica_fields)
    if problem is not None:
        message = f"{problem.message} {where}"
        raise RenderError([replace(problem, message=message, stage="template")])
    return body
