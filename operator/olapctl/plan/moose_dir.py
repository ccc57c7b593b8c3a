"""MooseStack's `migrations/` directory (plan.yaml, remote_state.json, local_infra_map.json) read into olapctl's
operations and snapshots, and written from them, field for field as MooseStack's serde types hold them. Pure.

Shapes from 514-labs/moosestack@0ca7779d8c66 (apps/framework-cli/src): `framework/core/migration_plan.rs`
(MigrationPlan), `infrastructure/olap/clickhouse/mod.rs` (SerializableOlapOperation), `framework/core/
infrastructure/table.rs` (Table, Column, TableIndex, TableProjection), `infrastructure/olap/clickhouse/queries.rs`
(ClickhouseEngine, its params hash, how settings and keys reach DDL), `framework/core/infrastructure_map.rs`
(InfrastructureMap), `framework/core/infrastructure/{materialized_view,view}.rs`. docs/moosestack.md maps every
field. What MooseStack cannot hold is written as the statements MooseStack would run (RawSql) and listed in the
summary; MooseStack drops no field olapctl writes (tools/moose-check reads the files with MooseStack's own types).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import yaml
from pydantic import ValidationError

from olapctl.clickhouse.render import statements
from olapctl.manifests import format_validation_error
from olapctl.plan import operations as o
from olapctl.plan.diff import referenced_names
from olapctl.plan.moose_types import (
    MooseTypeError,
    column_type,
    enum_comment,
    moose_type,
    nearest_moose_type,
    user_comment,
)
from olapctl.schema.model import (
    ENGINE_PARAMETERS,
    Column,
    Engine,
    Index,
    LifeCycle,
    MaterializedView,
    OlapTable,
    Projection,
    Snapshot,
    TargetRef,
    View,
    key,
)
from olapctl.schema.sqltext import (
    SqlTextError,
    key_elements,
    qualified,
    quote_identifier,
    quote_string,
    split_top_level,
    strip_outer_parens,
    unquote_identifier,
)
from olapctl.schema.types import normalize_type

PLAN_FILE = "plan.yaml"
REMOTE_FILE = "remote_state.json"
LOCAL_FILE = "local_infra_map.json"
PLAN_HEADER = "# yaml-language-server: $schema=../.moose/migration_schema.json\n\n"  # cli.rs, as MooseStack writes it
# InfrastructureMap keys serde requires (infrastructure_map.rs), and the optional ones MooseStack always writes
REQUIRED_MAP_KEYS = (
    "topics",
    "api_endpoints",
    "tables",
    "dmv1_views",
    "topic_to_table_sync_processes",
    "function_processes",
    "consumption_api_web_server",
)
WRITTEN_MAP_KEYS = (
    *REQUIRED_MAP_KEYS,
    "topic_to_topic_sync_processes",
    "orchestration_workers",
    "sql_resources",
    "workflows",
    "web_apps",
    "materialized_views",
    "views",
)
_LIFE_CYCLES = {
    "FULLY_MANAGED": LifeCycle.FULLY_MANAGED,
    "DELETION_PROTECTED": LifeCycle.DELETION_PROTECTED,
    "EXTERNALLY_MANAGED": LifeCycle.EXTERNALLY_MANAGED,
}
_MOOSE_LIFE_CYCLE = {v: k for k, v in _LIFE_CYCLES.items()}
_MERGE_TREE_UNITS = ("MergeTree", "AggregatingMergeTree")  # engines MooseStack writes as a bare string
_REPLICATION = ("keeper_path", "replica_name")


class MooseFormatError(ValueError):
    """A migrations/ file that MooseStack's types would not read, or a field olapctl cannot apply; names the file
    and the field."""


@dataclass
class MooseDirectory:
    """What a migrations/ directory holds, in olapctl's terms (objects not yet canonical)."""

    operations: list[o.Op]
    expected: Snapshot  # remote_state.json: the live database the plan was made against
    desired: Snapshot  # local_infra_map.json: what the code declares
    created_at: str
    notes: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class Names:
    """How the files' database names map to the target's: none, or the database the plan was made in, is
    `default`."""

    default: str
    planned_in: frozenset[str] = frozenset()

    def of(self, value: Any) -> str:
        return self.default if value is None or value in self.planned_in else str(value)


def read_directory(plan_text: str, remote_text: str, local_text: str, database: str, where: str) -> MooseDirectory:
    """The three files of a migrations/ directory. Objects without a database, and those in the default database
    each state file names (where MooseStack made the plan), are in `database`: where the plan runs, as MooseStack
    runs it in its configured database."""
    try:
        return _read_directory(plan_text, remote_text, local_text, database, where)
    except RecursionError:
        raise MooseFormatError(f"{where}: nested deeper than any MooseStack type or plan") from None


def _read_directory(plan_text: str, remote_text: str, local_text: str, database: str, where: str) -> MooseDirectory:
    try:
        plan_doc = yaml.safe_load(plan_text)
    except yaml.YAMLError as exc:
        raise MooseFormatError(f"{where}/{PLAN_FILE}: not YAML: {exc}") from None
    if not isinstance(plan_doc, dict) or not isinstance(plan_doc.get("operations"), list):
        raise MooseFormatError(f"{where}/{PLAN_FILE}: missing field `operations` (a list)")
    notes: list[str] = []
    remote, local = _json(remote_text, f"{where}/{REMOTE_FILE}"), _json(local_text, f"{where}/{LOCAL_FILE}")
    planned_in = {d for d in (remote.get("default_database"), local.get("default_database")) if isinstance(d, str)}
    names = Names(database, frozenset(planned_in))
    expected = _snapshot(remote, names, f"{where}/{REMOTE_FILE}", notes, live=True)
    desired = _snapshot(local, names, f"{where}/{LOCAL_FILE}", notes, live=False)
    ops = [
        _operation(doc, names, expected, f"{where}/{PLAN_FILE}: operations[{i}]")
        for i, doc in enumerate(plan_doc["operations"])
    ]
    return MooseDirectory(ops, expected, desired, _timestamp(plan_doc.get("created_at", "")), notes)


def _timestamp(value: Any) -> str:
    if isinstance(value, datetime):  # YAML reads MooseStack's unquoted RFC 3339 time as a timestamp
        return value.isoformat().replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _json(text: str, where: str) -> dict[str, Any]:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise MooseFormatError(f"{where}: not JSON: {exc}") from None
    if not isinstance(doc, dict):
        raise MooseFormatError(f"{where}: must be an InfrastructureMap object")
    if not isinstance(doc.get("tables"), dict):  # (files of older MooseStack versions lack other keys now required)
        raise MooseFormatError(f"{where}: missing field `tables` (an object)")
    return doc


def _snapshot(doc: dict[str, Any], names: Names, where: str, notes: list[str], *, live: bool) -> Snapshot:
    tables: dict[str, OlapTable] = {}
    for tid, tdoc in sorted(doc["tables"].items()):
        table = table_from_moose(tdoc, names, f"{where}: tables.{tid}")
        if live:  # what the database holds: a life cycle is what declarations say, not a property of a table
            table = table.model_copy(update={"life_cycle": LifeCycle.FULLY_MANAGED})
        tables[key(table.database, table.name)] = table
    mvs: dict[str, MaterializedView] = {}
    for name, vdoc in sorted(_mapping(doc, "materialized_views", where).items()):
        mv = _materialized_view(vdoc, names, f"{where}: materialized_views.{name}")
        mvs[key(mv.database, mv.name)] = mv.model_copy(update={"life_cycle": LifeCycle.FULLY_MANAGED}) if live else mv
    views: dict[str, View] = {}
    for name, vdoc in sorted(_mapping(doc, "views", where).items()):
        view = _view(vdoc, names, f"{where}: views.{name}")
        views[key(view.database, view.name)] = view
    for kind in ("sql_resources", "dmv1_views"):
        if doc.get(kind):
            notes.append(f"{where}: {len(doc[kind])} {kind} left to MooseStack (not OLAP schema olapctl manages)")
    try:
        return Snapshot(tables=tables, materialized_views=mvs, views=views)
    except ValidationError as exc:
        raise MooseFormatError(format_validation_error(exc, where)) from None


def _mapping(doc: dict[str, Any], name: str, where: str) -> dict[str, Any]:
    value = doc.get(name) or {}
    if not isinstance(value, dict):
        raise MooseFormatError(f"{where}: {name} must be an object keyed by name")
    return value


def _need(doc: Any, name: str, where: str, kind: type | tuple[type, ...] = str) -> Any:
    if not isinstance(doc, dict) or name not in doc:
        raise MooseFormatError(f"{where}: missing field `{name}`")
    value = doc[name]
    if not isinstance(value, kind):
        raise MooseFormatError(f"{where}.{name}: invalid type {type(value).__name__}")
    return value


def column_from_moose(doc: Any, where: str) -> Column:
    """A MooseStack Column as ClickHouse gets it from MooseStack (mapper.rs std_column_to_clickhouse_column)."""
    name = _need(doc, "name", where)
    for flag in ("required", "unique", "primary_key"):  # (MooseStack requires them; its docs leave them out)
        if not isinstance(doc.get(flag, False), bool):
            raise MooseFormatError(f"{where}.{flag}: true or false, not {doc[flag]!r}")
    _need(doc, "data_type", where, (str, dict))
    kinds = [k for k in ("default", "materialized", "alias") if doc.get(k) is not None]
    if len(kinds) > 1:
        raise MooseFormatError(f"{where}: column {name!r} can only have one of DEFAULT, MATERIALIZED, or ALIAS")
    try:
        ch_type = column_type(doc)
    except MooseTypeError as exc:
        raise MooseFormatError(f"{where}.data_type: {exc}") from None
    try:
        return Column.model_validate(
            {
                "name": name,
                "type": ch_type,
                "default": doc.get("default"),
                "materialized": doc.get("materialized"),
                "alias": doc.get("alias"),
                "codec": doc.get("codec"),
                "comment": enum_comment(doc),
                "ttl": doc.get("ttl"),
            }
        )
    except ValidationError as exc:
        raise MooseFormatError(format_validation_error(exc, where)) from None


def _engine(doc: Any, where: str) -> Engine:
    if doc is None or doc == "SharedMergeTree":  # older MooseStack files: the default engine (Cloud's MergeTree)
        return Engine()
    params: dict[str, Any]
    if isinstance(doc, str):
        name, params = doc, {}
    elif isinstance(doc, dict) and len(doc) == 1:
        ((name, params),) = doc.items()
        params = params or {}
    else:
        raise MooseFormatError(f"{where}: an engine is a name or a one-key mapping, not {json.dumps(doc)[:80]}")
    base = name.removeprefix("Replicated")
    fields = ENGINE_PARAMETERS.get(base)
    if fields is None or base == "CoalescingMergeTree":
        raise MooseFormatError(
            f"{where}: engine {name} is not one olapctl applies (MergeTree family only; the others MooseStack "
            "supports read external data)"
        )
    if isinstance(doc, str) and name not in _MERGE_TREE_UNITS + tuple("Replicated" + u for u in _MERGE_TREE_UNITS):
        raise MooseFormatError(f"{where}: engine {name} takes parameters: write {{{name}: {{...}}}}")
    for replication in _REPLICATION:
        if params.get(replication) is not None:
            raise MooseFormatError(
                f"{where}.{name}.{replication}: olapctl creates replicated tables with the server's default "
                "replication path and replica name only"
            )
    named = {f: params.get(f) for f in fields}
    try:
        return Engine.model_validate({"type": name, **{k: v for k, v in named.items() if v is not None}})
    except ValidationError as exc:
        raise MooseFormatError(format_validation_error(exc, where)) from None


def setting_literal(value: str) -> str:
    """A MooseStack setting value as it reaches DDL (queries.rs format_clickhouse_setting_value)."""
    if value.startswith("'") and value.endswith("'") and len(value) > 1:
        return value
    if value in ("true", "false"):
        return value
    try:
        float(value)
        return value
    except ValueError:
        return quote_string(value)  # (MooseStack adds bare quotes: the same text, but for a quote inside)


def _strip_parens(expr: str) -> str:
    """MooseStack strips one pair of outer parentheses and puts them back in DDL: `(a) + (b)` stays as it is."""
    try:
        return strip_outer_parens(expr.strip())
    except SqlTextError:
        return expr.strip()


def table_from_moose(doc: Any, names: Names, where: str) -> OlapTable:
    """A MooseStack Table as MooseStack creates it (queries.rs create_table_query)."""
    name = _need(doc, "name", where)
    columns_doc = _need(doc, "columns", where, list)
    columns = [column_from_moose(c, f"{where}.columns[{i}]") for i, c in enumerate(columns_doc)]
    engine = _engine(doc.get("engine", "MergeTree"), f"{where}.engine")
    pk_expression = doc.get("primary_key_expression")
    flagged = [quote_identifier(c["name"]) for c in columns_doc if c.get("primary_key")]
    primary_key = (_strip_parens(pk_expression) or None) if pk_expression else (", ".join(flagged) or None)
    order_by: list[str] | None = None
    order_expression: str | None = None
    raw_order = doc.get("order_by", [])
    if isinstance(raw_order, list):
        if raw_order == ["tuple()"]:
            order_expression = "tuple()"
        elif raw_order:
            order_by = [str(c) for c in raw_order]
        elif primary_key:
            order_expression = primary_key  # no ORDER BY: ClickHouse sorts by the primary key
    elif isinstance(raw_order, str):
        order_expression = _strip_parens(raw_order) or "tuple()"
    else:
        raise MooseFormatError(f"{where}.order_by: a list of columns or one expression")
    settings = doc.get("table_settings") or {}
    life = doc.get("life_cycle", "FULLY_MANAGED")
    if life not in _LIFE_CYCLES:
        raise MooseFormatError(f"{where}.life_cycle: one of {', '.join(_LIFE_CYCLES)}, not {life!r}")
    try:
        return OlapTable.model_validate(
            {
                "name": name,
                "database": names.of(doc.get("database")),
                "columns": columns,
                "engine": engine,
                "orderBy": order_by,
                "orderByExpression": order_expression,
                "partitionBy": doc.get("partition_by"),
                "primaryKey": primary_key,
                "sampleBy": doc.get("sample_by"),
                "ttl": doc.get("table_ttl_setting"),
                "settings": {str(k): setting_literal(str(v)) for k, v in sorted(settings.items())},
                "indexes": [_index(i, f"{where}.indexes[{n}]") for n, i in enumerate(doc.get("indexes") or [])],
                "projections": [
                    Projection(name=_need(p, "name", f"{where}.projections[{n}]"), query=_need(p, "body", where))
                    for n, p in enumerate(doc.get("projections") or [])
                ],
                "lifeCycle": _LIFE_CYCLES[life],
                "cluster": doc.get("cluster_name"),
            }
        )
    except ValidationError as exc:
        raise MooseFormatError(format_validation_error(exc, where)) from None


def _index(doc: Any, where: str) -> Index:
    arguments = [str(a) for a in doc.get("arguments") or []] if isinstance(doc, dict) else []
    kind = _need(doc, "type", where)
    _need(doc, "granularity", where, int)
    return Index(
        name=_need(doc, "name", where),
        expression=_need(doc, "expression", where),
        type=f"{kind}({', '.join(arguments)})" if arguments else kind,
        granularity=doc["granularity"],
    )


def _materialized_view(doc: Any, names: Names, where: str) -> MaterializedView:
    name = _need(doc, "name", where)
    life = doc.get("lifeCycle") or "FULLY_MANAGED"
    if life not in _LIFE_CYCLES:
        raise MooseFormatError(f"{where}.lifeCycle: one of {', '.join(_LIFE_CYCLES)}, not {life!r}")
    return MaterializedView(
        name=name,
        database=names.of(doc.get("database")),
        select=_need(doc, "selectSql", where),
        to=TargetRef(table=_need(doc, "targetTable", where), database=names.of(doc.get("targetDatabase"))),
        life_cycle=_LIFE_CYCLES[life],
    )


def _view(doc: Any, names: Names, where: str) -> View:
    return View(
        name=_need(doc, "name", where), database=names.of(doc.get("database")), select=_need(doc, "selectSql", where)
    )


def _operation(doc: Any, names: Names, expected: Snapshot, where: str) -> o.Op:
    if not isinstance(doc, dict) or len(doc) != 1:
        raise MooseFormatError(f"{where}: an operation is a mapping with one key, the operation name")
    ((kind, body),) = doc.items()
    kind = {"RawSQL": "RawSql"}.get(kind, kind)
    where = f"{where}.{kind}"
    if not isinstance(body, dict):
        raise MooseFormatError(f"{where}: the operation's fields are a mapping")
    db = names.of(body.get("database"))

    def table() -> str:
        return str(_need(body, "table", where))

    try:
        match kind:
            case "CreateTable":
                return o.CreateTable(table=table_from_moose(body.get("table"), names, f"{where}.table"))
            case "DropTable":
                return o.DropTable(database=db, table=table())
            case "AddTableColumn":
                column = column_from_moose(body.get("column"), f"{where}.column")
                return o.AddTableColumn(
                    database=db, table=table(), column=column, after_column=body.get("after_column")
                )
            case "DropTableColumn":
                return o.DropTableColumn(database=db, table=table(), column_name=_need(body, "column_name", where))
            case "ModifyTableColumn":
                before = column_from_moose(body.get("before_column"), f"{where}.before_column")
                after = column_from_moose(body.get("after_column"), f"{where}.after_column")
                return o.ModifyTableColumn(database=db, table=table(), before_column=before, after_column=after)
            case "ChangeTableColumn":  # MooseStack's docs: {table, column_name, data_type: <ClickHouse type>}
                name = _need(body, "column_name", where)
                table_name = table()
                old = expected.tables.get(key(db, table_name))
                found = next((c for c in old.columns if c.name == name), None) if old else None
                if found is None:
                    raise MooseFormatError(f"{where}: {REMOTE_FILE} holds no column {db}.{table_name}.{name} to change")
                new = found.model_copy(update={"data_type": normalize_type(_need(body, "data_type", where))})
                return o.ModifyTableColumn(database=db, table=table_name, before_column=found, after_column=new)
            case "RenameTableColumn":
                return o.RenameTableColumn(
                    database=db,
                    table=table(),
                    before_column_name=_need(body, "before_column_name", where),
                    after_column_name=_need(body, "after_column_name", where),
                )
            case "ModifyTableSettings":
                was, now = (
                    {str(k): setting_literal(str(v)) for k, v in sorted((body.get(f) or {}).items())}
                    for f in ("before_settings", "after_settings")
                )
                return o.ModifyTableSettings(database=db, table=table(), before_settings=was, after_settings=now)
            case "ModifyTableTtl":
                return o.ModifyTableTtl(database=db, table=table(), before=body.get("before"), after=body.get("after"))
            case "AddTableIndex":
                return o.AddTableIndex(database=db, table=table(), index=_index(body.get("index"), f"{where}.index"))
            case "DropTableIndex":
                return o.DropTableIndex(database=db, table=table(), index_name=_need(body, "index_name", where))
            case "AddTableProjection":
                p = body.get("projection")
                projection = Projection(name=_need(p, "name", f"{where}.projection"), query=_need(p, "body", where))
                return o.AddTableProjection(database=db, table=table(), projection=projection)
            case "DropTableProjection":
                name = _need(body, "projection_name", where)
                return o.DropTableProjection(database=db, table=table(), projection_name=name)
            case "ModifySampleBy":
                return o.ModifySampleBy(database=db, table=table(), expression=_need(body, "expression", where))
            case "RemoveSampleBy":
                return o.RemoveSampleBy(database=db, table=table())
            case "CreateMaterializedView":
                view = MaterializedView(
                    name=_need(body, "name", where),
                    database=db,
                    select=_need(body, "select_sql", where),
                    to=TargetRef(
                        table=_need(body, "target_table", where), database=names.of(body.get("target_database"))
                    ),
                )
                return o.CreateMaterializedView(view=view)
            case "DropMaterializedView":
                return o.DropMaterializedView(database=db, name=_need(body, "name", where))
            case "CreateView":
                view_ = View(name=_need(body, "name", where), database=db, select=_need(body, "select_sql", where))
                return o.CreateView(view=view_)
            case "DropView":
                return o.DropView(database=db, name=_need(body, "name", where))
            case "RawSql":  # (`sql` as one string: the form MooseStack's docs show)
                raw = _need(body, "sql", where, (list, str))
                sql = [s for s in ([raw] if isinstance(raw, str) else raw) if isinstance(s, str) and s.strip()]
                if not sql:
                    raise MooseFormatError(f"{where}.sql: no statement")
                return o.RawSql(sql=sql, description=str(_need(body, "description", where)), database=names.default)
    except ValidationError as exc:
        raise MooseFormatError(format_validation_error(exc, where)) from None
    raise MooseFormatError(
        f"{where}: unknown operation {kind!r} (MooseStack's SerializableOlapOperation has no such variant)"
    )


def as_moose_reads(snapshot: Snapshot, database: str) -> Snapshot:
    """A live snapshot as MooseStack holds it: each object written in MooseStack's form and read back (a time zone
    other than UTC, a constraint, a table comment... are what MooseStack cannot hold). Not canonical."""
    names = Names(database)
    tables = {}
    for k, table in snapshot.tables.items():
        try:
            tables[k] = table_from_moose(table_to_moose(table, database)[0], names, k)
        except MooseFormatError:
            tables[k] = table  # an engine MooseStack does not have: kept as it is
    mvs = {}
    for k, mv in snapshot.materialized_views.items():
        mvs[k] = _materialized_view(_moose_materialized_view(mv, database)[0], names, k)
    views = {k: View(name=v.name, database=v.database, select=v.select) for k, v in snapshot.views.items()}
    return Snapshot.model_construct(tables=tables, materialized_views=mvs, views=views)


# --------------------------------------------------------------------------- writing


@dataclass
class Written:
    """The three files, and what MooseStack cannot hold (said in the summary of `olapctl plan --save`)."""

    files: dict[str, str]
    substitutions: list[str]  # operations written as RawSql, and why
    approximations: list[str]  # objects the state files hold in MooseStack's nearest form


def write_directory(
    operations: list[o.Op], expected: Snapshot, desired: Snapshot, created_at: str, database: str
) -> Written:
    substitutions: list[str] = []
    approximations: list[str] = []
    plan = {
        "created_at": created_at,
        "operations": [_moose_operation(op, database, substitutions) for op in operations],
    }
    remote = infrastructure_map(expected, database, approximations, live=True)
    local = infrastructure_map(desired, database, approximations, live=False)
    files = {
        PLAN_FILE: PLAN_HEADER + yaml.safe_dump(plan, sort_keys=True, allow_unicode=True, width=1 << 16),
        REMOTE_FILE: json.dumps(remote, indent=2, sort_keys=True, ensure_ascii=False),
        LOCAL_FILE: json.dumps(local, indent=2, sort_keys=True, ensure_ascii=False),
    }
    return Written(files, substitutions, sorted(set(approximations)))


def infrastructure_map(snapshot: Snapshot, database: str, approximations: list[str], *, live: bool) -> dict[str, Any]:
    doc: dict[str, Any] = {k: {} for k in WRITTEN_MAP_KEYS}
    doc["default_database"] = database
    for table in snapshot.tables.values():
        moose, lost = table_to_moose(table, database)
        if live:  # as MooseStack reads a table from ClickHouse (clickhouse/mod.rs list_tables)
            moose.update(database=table.database, life_cycle="EXTERNALLY_MANAGED")
            moose.pop("table_settings_hash", None)
        approximations += [f"{table.database}.{table.name}: {why}" for why in lost]
        doc["tables"][f"{table.database}_{table.name}"] = moose
    for mv in snapshot.materialized_views.values():
        moose_mv, lost = _moose_materialized_view(mv, database, snapshot)
        approximations += [f"{mv.database}.{mv.name}: {why}" for why in lost]
        doc["materialized_views"][mv.name] = moose_mv
    for view in snapshot.views.values():
        moose_view: dict[str, Any] = {
            "name": view.name,
            "selectSql": view.select,
            "sourceTables": _sources(view, snapshot),
        }
        if view.database != database:
            moose_view["database"] = view.database
        if view.sql_security is not None:
            approximations.append(f"{view.database}.{view.name}: SQL SECURITY (MooseStack keeps none)")
        doc["views"][view.name] = moose_view
    return doc


def _sources(view: MaterializedView | View, snapshot: Snapshot) -> list[str]:
    """The tables of the snapshot a view reads, as MooseStack names them (`name`, `db`.`name` elsewhere)."""
    refs = referenced_names(view.select)
    found = []
    for table in snapshot.tables.values():
        qualified_name = f"{table.database}.{table.name}"
        if qualified_name in refs or (table.database == view.database and table.name in refs):
            same = table.database == view.database
            found.append(quote_identifier(table.name) if same else qualified(str(table.database), table.name))
    return sorted(found)


def _moose_materialized_view(
    mv: MaterializedView, database: str, snapshot: Snapshot | None = None
) -> tuple[dict[str, Any], list[str]]:
    lost = [
        f"{f} (MooseStack's MaterializedView has none)"
        for f in ("storage", "refresh", "columns", "sql_security")
        if getattr(mv, f) is not None
    ]
    target_db, target = mv.writes_to()
    doc: dict[str, Any] = {
        "lifeCycle": _MOOSE_LIFE_CYCLE[mv.life_cycle],
        "name": mv.name,
        "selectSql": mv.select,
        "sourceTables": _sources(mv, snapshot or Snapshot()),
        "targetTable": target,
    }
    if mv.database != database:
        doc["database"] = mv.database
    if target_db != database:
        doc["targetDatabase"] = target_db
    return doc, lost


def engine_to_moose(engine: Engine) -> Any:
    """MooseStack's ClickhouseEngine (externally tagged), or None when it has no such engine."""
    base = engine.type.removeprefix("Replicated")
    fields = ENGINE_PARAMETERS.get(base)
    if fields is None or base == "CoalescingMergeTree" or engine.parameters:
        return None
    replicated = engine.type != base
    if base in _MERGE_TREE_UNITS and not replicated:
        return engine.type
    params: dict[str, Any] = dict.fromkeys(_REPLICATION) if replicated else {}
    for f in fields:
        params[f] = getattr(engine, f)
    if base in _MERGE_TREE_UNITS:
        return {engine.type: params}
    if base in ("CollapsingMergeTree", "VersionedCollapsingMergeTree") and any(params[f] is None for f in fields):
        return None
    return {engine.type: params}


def engine_params_hash(moose_engine: Any) -> str:
    """queries.rs `non_alterable_params_hash` for the MergeTree family: the name, then each parameter (or "null")."""
    hasher = hashlib.sha256()
    if isinstance(moose_engine, str):
        hasher.update(moose_engine.encode())
        return hasher.hexdigest()
    ((name, params),) = moose_engine.items()
    hasher.update(name.encode())
    for value in params.values():
        if value is None:
            hasher.update(b"null")
        elif isinstance(value, list):
            for item in value:
                hasher.update(str(item).encode())
        else:
            hasher.update(str(value).encode())
    return hasher.hexdigest()


def table_settings_hash(settings: dict[str, str]) -> str | None:
    """table.rs `compute_table_settings_hash`."""
    if not settings:
        return None
    return hashlib.sha256("".join(f"{k}:{settings[k]};" for k in sorted(settings)).encode()).hexdigest()


def setting_value(literal: str) -> str:
    """A setting's SQL literal as MooseStack holds it (a string without its quotes)."""
    if len(literal) > 1 and literal.startswith("'") and literal.endswith("'") and "\\" not in literal:
        inner = literal[1:-1]
        if "'" not in inner and setting_literal(inner) == literal:
            return inner
    return literal


def column_to_moose(col: Column, primary_key: bool = False) -> tuple[dict[str, Any], list[str]]:
    """A MooseStack Column that MooseStack creates as `col`, and what it cannot hold of it."""
    found = moose_type(col.data_type, col.comment)
    lost = []
    if found is None:
        found = nearest_moose_type(col.data_type, col.comment)
        lost.append(f"column {col.name} type {col.data_type} (MooseStack creates {column_type(found._asdict())})")
    doc: dict[str, Any] = {
        "annotations": found.annotations,
        "data_type": found.data_type,
        "default": col.default,
        "name": col.name,
        "primary_key": primary_key,
        "required": found.required,
        "unique": False,
    }
    comment = (
        user_comment(col.comment) if isinstance(found.data_type, dict) and "values" in found.data_type else col.comment
    )
    for name, value in (("comment", comment), ("ttl", col.ttl), ("codec", col.codec)):
        if value is not None:
            doc[name] = value
    for kind in ("materialized", "alias"):
        if getattr(col, kind) is not None:
            doc[kind] = getattr(col, kind)
    if col.ephemeral is not None:
        lost.append(f"column {col.name} EPHEMERAL (MooseStack has no ephemeral columns)")
    return doc, lost


def _plain_names(expr: str | None) -> list[str] | None:
    """The column names of a key that lists only columns, else None."""
    if not expr:
        return None
    names = []
    for element in key_elements(expr):
        name = unquote_identifier(element) if element.startswith("`") else element
        if not name.replace("_", "a").isalnum() and not element.startswith("`"):
            return None
        names.append(name)
    return names


def table_to_moose(table: OlapTable, database: str) -> tuple[dict[str, Any], list[str]]:
    """A MooseStack Table that MooseStack creates as `table`, and what it cannot hold of it."""
    lost: list[str] = []
    names = [c.name for c in table.columns]
    pk_names = _plain_names(table.primary_key)
    flags = pk_names is not None and pk_names == [n for n in names if n in set(pk_names)]
    columns = []
    for col in table.columns:
        moose_col, col_lost = column_to_moose(col, primary_key=bool(flags) and col.name in set(pk_names or ()))
        columns.append(moose_col)
        lost += col_lost
    engine = engine_to_moose(table.engine)
    if engine is None:
        lost.append(f"engine {table.engine.type} (MooseStack has it not, or not with these parameters)")
    sorting = table.sorting_key() or "tuple()"
    order_names = _plain_names(sorting) if sorting != "tuple()" else ["tuple()"]
    doc: dict[str, Any] = {
        "columns": columns,
        "engine": engine if engine is not None else "MergeTree",
        "indexes": [_moose_index(i) for i in table.indexes],
        "life_cycle": _MOOSE_LIFE_CYCLE[table.life_cycle],
        "metadata": None,
        "name": table.name,
        "order_by": order_names if order_names is not None else sorting,
        "projections": [{"body": p.query, "name": p.name} for p in table.projections],
        "source_primitive": {"name": table.name, "primitive_type": "DataModel"},
        "version": None,
    }
    doc["engine_params_hash"] = engine_params_hash(doc["engine"])
    if table.primary_key and not flags:  # in parentheses as MooseStack users write it (it strips them for DDL)
        several = len(split_top_level(table.primary_key)) > 1
        doc["primary_key_expression"] = f"({table.primary_key})" if several else table.primary_key
    optional = {
        "partition_by": table.partition_by,
        "sample_by": table.sample_by,
        "table_ttl_setting": table.ttl,
        "cluster_name": table.cluster,
        "database": table.database if table.database != database else None,
    }
    doc.update({k: v for k, v in optional.items() if v is not None})
    if table.settings:
        doc["table_settings"] = {k: setting_value(v) for k, v in table.settings.items()}
        doc["table_settings_hash"] = table_settings_hash(doc["table_settings"])
    if table.constraints:
        lost.append(f"constraints {', '.join(c.name for c in table.constraints)} (MooseStack keeps none)")
    if table.comment is not None:
        lost.append("table COMMENT (MooseStack keeps none)")
    return doc, lost


def _moose_index(index: Index) -> dict[str, Any]:
    kind, arguments = index.type, []
    if kind.endswith(")") and "(" in kind:
        kind, inner = kind[:-1].split("(", 1)
        arguments = split_top_level(inner)
    return {
        "arguments": arguments,
        "expression": index.expression,
        "granularity": index.granularity,
        "name": index.name,
        "type": kind,
    }


def _db(value: str, database: str) -> str | None:
    return None if value == database else value


def _moose_operation(op: o.Op, database: str, substitutions: list[str]) -> dict[str, Any]:
    """One SerializableOlapOperation; RawSql with olapctl's statements where MooseStack has no exact form."""
    db = _db(str(getattr(op, "database", None) or database), database)
    common = {"cluster_name": None, "database": db}
    why: str | None = None
    body: dict[str, Any] | None = None
    match op:
        case o.CreateTable(table=t):
            table_doc, lost = table_to_moose(t, database)
            if lost:
                why = "; ".join(lost)
            else:
                body = {"table": table_doc}
        case o.DropTable(table=t):
            body = {**common, "table": t}
        case o.AddTableColumn(table=t, column=c, after_column=after):
            column, lost = column_to_moose(c)
            why = "; ".join(lost) or None
            body = {**common, "table": t, "column": column, "after_column": after}  # None: FIRST
        case o.DropTableColumn(table=t, column_name=c):
            body = {**common, "table": t, "column_name": c}
        case o.ModifyTableColumn(table=t, before_column=b, after_column=a):
            (old, lost_b), (new, lost_a) = column_to_moose(b), column_to_moose(a)
            why = "; ".join(lost_b + lost_a) or None
            body = {**common, "table": t, "before_column": old, "after_column": new}
        case o.RenameTableColumn(table=t, before_column_name=b, after_column_name=a):
            body = {**common, "table": t, "before_column_name": b, "after_column_name": a}
        case o.ModifyTableSettings(table=t, before_settings=b, after_settings=a):
            body = {
                **common,
                "table": t,
                "before_settings": {k: setting_value(v) for k, v in b.items()},
                "after_settings": {k: setting_value(v) for k, v in a.items()},
            }
        case o.ModifyTableTtl(table=t, before=b, after=a):
            body = {**common, "table": t, "before": b, "after": a}
        case o.AddTableIndex(table=t, index=i):
            body = {**common, "table": t, "index": _moose_index(i)}
        case o.DropTableIndex(table=t, index_name=n):
            body = {**common, "table": t, "index_name": n}
        case o.AddTableProjection(table=t, projection=p):
            body = {**common, "table": t, "projection": {"body": p.query, "name": p.name}}
        case o.DropTableProjection(table=t, projection_name=n):
            body = {**common, "table": t, "projection_name": n}
        case o.ModifySampleBy(table=t, expression=e):
            body = {**common, "table": t, "expression": e}
        case o.RemoveSampleBy(table=t):
            body = {**common, "table": t}
        case o.CreateMaterializedView(view=v):
            _, lost = _moose_materialized_view(v, database)
            if lost:
                why = "; ".join(lost)
            else:
                target_db, target = v.writes_to()
                body = {
                    "name": v.name,
                    "database": _db(str(v.database), database),
                    "target_table": target,
                    "target_database": _db(target_db, database),
                    "select_sql": v.select,
                }
        case o.DropMaterializedView(name=n) | o.DropView(name=n):
            body = {"name": n, "database": db}
        case o.CreateView(view=v):
            if v.sql_security is not None:
                why = "SQL SECURITY (MooseStack's CreateView has none)"
            else:
                body = {"name": v.name, "database": _db(str(v.database), database), "select_sql": v.select}
        case o.RawSql(sql=sql, description=d):
            if op.database not in (None, database):
                why = f"that its statements run in database {op.database}, not {database}; unqualified names differ"
            else:
                return {"RawSql": {"description": d, "sql": list(sql)}}
        case _:
            why = f"MooseStack has no {op.kind}"
    if why is None and body is not None:
        return {op.kind: body}
    substitutions.append(f"{op.title()} written as RawSql: {why}")
    return {"RawSql": {"description": f"{op.title()} (olapctl; MooseStack cannot hold {why})", "sql": statements(op)}}
