"""`olapctl pull`: a live database written back as declarations, one manifest per table, materialized view and
view. Pure: takes the canonical live Snapshot, returns (relative path, YAML text) pairs.

Minimal and readable: only what differs from a field's default is written (no server defaults: the
`index_granularity` ClickHouse appends, a PRIMARY KEY it reports but nobody wrote, implicit indexes and
ClickHouse's own internal tables are already absent from the canonical snapshot); columns, indexes and
constraints are one line each. Reading the files back (`olapctl diff -f DIR`) gives the same snapshot.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

import yaml
from pydantic import BaseModel

from olapctl.manifests import API_VERSION, object_name
from olapctl.schema.model import Column, Constraint, Index, MaterializedView, OlapTable, Snapshot, View
from olapctl.schema.sqltext import split_top_level, unquote_string

_DNS = re.compile(r"[^a-z0-9.-]+")
_PLAIN = re.compile(r"[A-Za-z0-9_.-]{1,200}")
MAX_NAME = 253


class _Flow(dict[str, Any]):
    """A mapping written on one line: `- {name: id, type: UInt64}`."""


class _FlowList(list[Any]):
    """A list written on one line: `orderBy: [id, ts]`."""


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(_Flow, lambda d, v: d.represent_mapping("tag:yaml.org,2002:map", v, flow_style=True))
_Dumper.add_representer(_FlowList, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", v, flow_style=True))


def resource_name(name: str) -> str:
    """A Kubernetes object name (DNS-1123 subdomain) for a ClickHouse name: `events_v2` -> `events-v2`."""
    text = _DNS.sub("-", name.lower().replace("_", "-")).strip("-.")
    return text[:MAX_NAME].rstrip("-.") or "object"


def _setting(value: str) -> int | float | str:
    if value.startswith("'"):
        return unquote_string(value)
    for kind in (int, float):
        try:
            return kind(value)
        except ValueError:
            pass
    return value


def table_spec(table: OlapTable) -> dict[str, Any]:
    spec = table.model_dump(
        mode="json", by_alias=True, exclude_defaults=True, exclude={"name", "database", "order_by_expression"}
    )
    sorting = table.sorting_key()
    if table.engine.is_merge_tree() and sorting is not None:
        spec["orderBy"] = _FlowList([] if sorting == "tuple()" else split_top_level(sorting))
    if not spec.get("engine"):
        spec.pop("engine", None)
    spec["columns"] = [_Flow(_in_order(c, Column)) for c in spec["columns"]]
    for field, model in (("indexes", Index), ("constraints", Constraint)):
        if field in spec:
            spec[field] = [_Flow(_in_order(i, model)) for i in spec[field]]
    for index in spec.get("indexes", ()):
        if len(split_top_level(index["expression"])) > 1:  # ClickHouse keeps a tuple's elements only
            index["expression"] = f"({index['expression']})"
    if "settings" in spec:
        spec["settings"] = {k: _setting(v) for k, v in spec["settings"].items()}
    order = ["engine", "columns", "orderBy", "primaryKey", "partitionBy", "sampleBy", "ttl", "settings"]
    return {k: spec[k] for k in [*order, *spec] if k in spec} if spec else spec


def _in_order(doc: dict[str, Any], model: type[BaseModel]) -> dict[str, Any]:
    """The fields of a dumped model in the model's order (name and type first), whatever order built it."""
    order = [info.alias or name for name, info in model.model_fields.items()]
    return {k: doc[k] for k in order if k in doc}


def view_spec(view: MaterializedView | View, inferred: list[tuple[str, str]] | None = None) -> dict[str, Any]:
    """`inferred`: a materialized view's columns as its SELECT gives them; its column list is written only when
    it differs (ClickHouse always shows one)."""
    spec = view.model_dump(mode="json", by_alias=True, exclude_defaults=True, exclude={"name", "database"})
    if isinstance(view, MaterializedView):
        if view.to is not None:
            spec["to"] = {"table": view.to.table}
            if view.to.database != view.database:
                spec["to"]["database"] = view.to.database
        columns = view.columns or []
        if [(c.name, c.data_type) for c in columns] == inferred and all(c.comment is None for c in columns):
            spec.pop("columns", None)
        elif "columns" in spec:
            spec["columns"] = [_Flow(_in_order(c, Column)) for c in spec["columns"]]
    return spec


def pulled(
    snapshot: Snapshot, default_database: str, inferred: dict[str, list[tuple[str, str]]] | None = None
) -> list[tuple[str, str]]:
    """(path relative to the output directory, manifest text) for every object: `<database>/<name>.yaml`.
    `inferred`: per materialized view ('database.name'), the columns its SELECT gives (see view_spec)."""
    objects: list[tuple[str, OlapTable | MaterializedView | View]] = [
        *(("OlapTable", t) for t in snapshot.tables.values()),
        *(("MaterializedView", v) for v in snapshot.materialized_views.values()),
        *(("View", v) for v in snapshot.views.values()),
    ]
    taken: set[str] = set()
    out = []
    for kind, obj in sorted(objects, key=lambda o: (str(o[1].database), o[1].name)):
        db = str(obj.database)
        name = resource_name(obj.name)
        path = f"{_unique(db)}/{name}.yaml"
        if path in taken:  # `Events` and `events`: Kubernetes names are lower case
            name = f"{name[: MAX_NAME - 9]}-{_digest(obj.name)}"
            path = f"{_unique(db)}/{name}.yaml"
        taken.add(path)
        inferred_columns = (inferred or {}).get(f"{db}.{obj.name}")
        spec = table_spec(obj) if isinstance(obj, OlapTable) else view_spec(obj, inferred_columns)
        head: dict[str, Any] = {}
        if object_name(name) != obj.name:
            head["name"] = obj.name
        if db != default_database:
            head["database"] = db
        doc = {"apiVersion": API_VERSION, "kind": kind, "metadata": {"name": name}, "spec": {**head, **spec}}
        text = yaml.dump(doc, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=120)
        out.append((path, text))
    return out


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:8]


def _unique(database: str) -> str:
    """The directory of a database: its name when that is a plain file name, else a safe name and a digest."""
    plain = _PLAIN.fullmatch(database) and not database.startswith(".")
    return database if plain else f"{resource_name(database)}-{_digest(database)}"
