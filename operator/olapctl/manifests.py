"""Load declarations from YAML files or directories of Kubernetes manifests into a desired Snapshot."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from olapctl.schema.model import MaterializedView, OlapTable, Snapshot, TargetRef, View, key

GROUP = "olapctl.dev"
API_VERSION = f"{GROUP}/v1alpha1"
SPEC_KINDS: dict[str, type[BaseModel]] = {"OlapTable": OlapTable, "MaterializedView": MaterializedView, "View": View}
MANIFEST_SUFFIXES = (".yaml", ".yml", ".json")


class ManifestError(ValueError):
    """A declaration that cannot be used; the message names the file, the resource and the field."""


MAX_REPORTED_ERRORS = 10


def format_validation_error(exc: ValidationError, prefix: str) -> str:
    lines = []
    errors = exc.errors()
    for err in errors[:MAX_REPORTED_ERRORS]:
        loc = ".".join(str(p) for p in err["loc"])
        msg = err["msg"].removeprefix("Value error, ")
        lines.append(f"{prefix}.{loc}: {msg}" if loc else f"{prefix}: {msg}")
    if len(errors) > MAX_REPORTED_ERRORS:
        lines.append(f"{prefix}: … and {len(errors) - MAX_REPORTED_ERRORS} more")
    return "\n".join(lines)


def manifest_files(paths: Iterable[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix in MANIFEST_SUFFIXES))
        elif path.is_file():
            files.append(path)
        else:
            raise ManifestError(f"{path}: no such file or directory")
    return files


def documents(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    try:
        docs = list(yaml.safe_load_all(path.read_text()))
    except yaml.YAMLError as exc:
        raise ManifestError(f"{path}: not valid YAML: {exc}") from None
    for index, doc in enumerate(docs):
        if doc is None:
            continue
        if not isinstance(doc, dict):
            raise ManifestError(f"{path}: document {index + 1} is not a mapping")
        if doc.get("kind") == "List" and isinstance(doc.get("items"), list):
            for item in doc["items"]:
                yield index, item
        else:
            yield index, doc


def object_name(resource_name: str) -> str:
    """The ClickHouse name an object takes from its metadata.name when its spec names none:
    `events-v2` -> `events_v2`."""
    return resource_name.replace("-", "_")


def spec_from_manifest(doc: dict[str, Any], default_database: str, where: str) -> OlapTable | MaterializedView | View:
    """Build the model of one olapctl manifest; `where` prefixes error messages (file or 'namespace/name')."""
    kind = str(doc.get("kind"))
    meta = doc.get("metadata") or {}
    meta_name = meta.get("name") if isinstance(meta, dict) else None
    if not meta_name:
        raise ManifestError(f"{where}: {kind}: metadata.name is required")
    resource = f"{where}: {kind}/{meta_name}"
    spec = doc.get("spec")
    if not isinstance(spec, dict):
        raise ManifestError(f"{resource}: spec is required and must be a mapping")
    data = dict(spec)
    data.setdefault("name", object_name(str(meta_name)))
    if data.get("database") is None:
        data["database"] = default_database
    try:
        model = SPEC_KINDS[kind].model_validate(data)
    except ValidationError as exc:
        raise ManifestError(format_validation_error(exc, f"{resource}: spec")) from None
    except (RecursionError, TypeError, ValueError, AttributeError) as exc:  # input shaped to break a validator
        raise ManifestError(f"{resource}: spec cannot be read ({type(exc).__name__})") from None
    if isinstance(model, MaterializedView) and model.to is not None and model.to.database is None:
        model = model.model_copy(update={"to": TargetRef(table=model.to.table, database=model.database)})
    assert isinstance(model, (OlapTable, MaterializedView, View))
    return model


def is_olapctl_spec(doc: dict[str, Any]) -> bool:
    return str(doc.get("apiVersion", "")).startswith(GROUP + "/") and doc.get("kind") in SPEC_KINDS


def snapshot_of(specs: Iterable[tuple[str, OlapTable | MaterializedView | View]]) -> Snapshot:
    """Assemble (where, spec) pairs into a Snapshot; the same object declared twice is an error naming both."""
    groups: dict[str, dict[str, Any]] = {"tables": {}, "materialized_views": {}, "views": {}}
    origin: dict[str, str] = {}
    for where, spec in specs:
        k = key(spec.database, spec.name)
        if k in origin:
            raise ManifestError(f"{where}: {k} is already declared in {origin[k]}")
        origin[k] = where
        group = (
            "tables"
            if isinstance(spec, OlapTable)
            else "materialized_views"
            if isinstance(spec, MaterializedView)
            else "views"
        )
        groups[group][k] = spec
    try:
        return Snapshot.model_validate(groups)
    except ValidationError as exc:
        raise ManifestError(format_validation_error(exc, "declarations")) from None


def namespace_declarations(items: Iterable[dict[str, Any]], default_database: str) -> Snapshot:
    """A namespace's objects (as the API server lists them, with `kind`) as the desired snapshot. A malformed object
    is left out (its own status says why): it must not stop the plans of the namespace; a plan that needed it is
    then stale."""
    specs = []
    for item in items:
        meta = item.get("metadata") or {}
        if item.get("kind") not in SPEC_KINDS or meta.get("deletionTimestamp"):
            continue
        where = f"{meta.get('namespace')}/{meta.get('name')}"
        try:
            specs.append((where, spec_from_manifest(item, default_database, where)))
        except ManifestError:
            continue
    return snapshot_of(specs)


Declared = tuple[str, OlapTable | MaterializedView | View]  # (where, spec)


def file_declarations(path: Path, default_database: str) -> list[Declared]:
    """The OlapTables, MaterializedViews and Views of one file; other kinds are ignored."""
    specs: list[Declared] = []
    for index, doc in documents(path):
        if is_olapctl_spec(doc):
            where = f"{path}" if index == 0 else f"{path} (document {index + 1})"
            specs.append((where, spec_from_manifest(doc, default_database, where)))
    return specs


def load_declarations(paths: Iterable[Path], default_database: str) -> Snapshot:
    """Every OlapTable, MaterializedView and View in the given files and directories; other kinds are ignored."""
    return snapshot_of(spec for path in manifest_files(paths) for spec in file_declarations(path, default_database))
