"""Live database -> Snapshot, in a constant number of queries whatever the number of tables.

Four reads of system tables (tables, columns, skip indexes, projections) cover every database asked for;
the result is then canonicalized (olapctl.clickhouse.normalize) like declarations are, so the two compare.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from olapctl.clickhouse.connect import Target
from olapctl.clickhouse.normalize import CODEC_SCRATCH_PREFIX, canonicalize
from olapctl.schema.model import (
    ENGINE_PARAMETERS,
    Column,
    Engine,
    Index,
    MaterializedView,
    OlapTable,
    Projection,
    Snapshot,
    TargetRef,
    View,
    key,
)
from olapctl.schema.sqltext import (
    find_top_level_keyword,
    split_top_level,
    strip_outer_parens,
    tokenize,
    unquote_identifier,
    unquote_string,
)

LEDGER_TABLE = "olapctl_migrations"
SCRATCH_MARK = "__olapctl_"  # tables olapctl makes for itself while re-keying a table

_ENGINE_CLAUSES = ("PARTITION", "ORDER", "PRIMARY", "SAMPLE", "TTL", "SETTINGS", "COMMENT")


def _clause(engine_full: str, word: str, *, until: tuple[str, ...] = _ENGINE_CLAUSES) -> str | None:
    """The text of one top-level clause of engine_full (e.g. 'TTL' -> 'ts + toIntervalDay(1)')."""
    start = find_top_level_keyword(engine_full, word)
    if start is None:
        return None
    body_start = start + len(word)
    ends = []
    for tok in tokenize(engine_full[body_start:]):
        if tok.depth == 0 and tok.kind == "word" and tok.text.upper() in until and tok.text.upper() != word:
            ends.append(body_start + tok.start)
            break
    end = ends[0] if ends else len(engine_full)
    text = engine_full[body_start:end].strip()
    return text.removeprefix("BY ").strip() if word in ("PARTITION", "ORDER", "SAMPLE") else text


def parse_engine(engine_full: str, engine: str) -> Engine:
    """'ReplacingMergeTree(ver, del) PARTITION BY ...' -> Engine(type=ReplacingMergeTree, ver=ver, is_deleted=del)."""
    head = engine_full
    for word in _ENGINE_CLAUSES:
        pos = find_top_level_keyword(head, word)
        if pos is not None:
            head = head[:pos]
    head = head.strip()
    args_text = head[len(engine) :].strip()
    args = split_top_level(args_text[1:-1]) if args_text.startswith("(") else []
    if engine.startswith("Replicated") and len(args) >= 2 and args[0].startswith("'"):
        args = args[2:]
    fields = ENGINE_PARAMETERS.get(engine.removeprefix("Replicated"))
    if fields is None:
        return Engine(type=engine, parameters=args or None)
    named: dict[str, Any] = {}
    for field, arg in zip(fields, args, strict=False):
        if field == "columns":
            named[field] = [unquote_identifier(c) for c in split_top_level(strip_outer_parens(arg))]
        else:
            named[field] = unquote_identifier(arg)
    return Engine(type=engine, **named)


def parse_settings(engine_full: str) -> dict[str, str]:
    text = _clause(engine_full, "SETTINGS", until=("COMMENT",))
    if not text:
        return {}
    out = {}
    for item in split_top_level(text):
        name, _, value = item.partition("=")
        out[name.strip()] = value.strip()
    return out


def _columns_section(create_query: str) -> str:
    for tok in tokenize(create_query):
        if tok.kind == "punct" and tok.text == "(" and tok.depth == 0:
            start = tok.start
            break
    else:
        return ""
    depth_end = next(
        t.start for t in tokenize(create_query[start:]) if t.kind == "punct" and t.text == ")" and t.depth == 0
    )
    return create_query[start + 1 : start + depth_end]


def column_ttls(create_query: str) -> dict[str, str]:
    """Column TTLs appear only in the CREATE statement: `name` Type ... TTL expr [SETTINGS ...]."""
    out = {}
    for element in split_top_level(_columns_section(create_query)):
        toks = tokenize(element)
        if not toks or (toks[0].kind == "word" and toks[0].text.upper() in ("INDEX", "PROJECTION", "CONSTRAINT")):
            continue
        pos = find_top_level_keyword(element, "TTL")
        if pos is None:
            continue
        ttl = element[pos + 3 :]
        end = find_top_level_keyword(ttl, "SETTINGS")
        out[unquote_identifier(toks[0].text)] = (ttl[:end] if end is not None else ttl).strip()
    return out


def mv_target(create_query: str, database: str) -> TargetRef:
    toks = [t for t in tokenize(create_query) if t.depth == 0]
    for i, tok in enumerate(toks):
        if tok.kind == "word" and tok.text.upper() == "TO" and i + 1 < len(toks):
            first = unquote_identifier(toks[i + 1].text)
            if i + 3 < len(toks) and toks[i + 2].text == ".":
                return TargetRef(database=first, table=unquote_identifier(toks[i + 3].text))
            return TargetRef(database=database, table=first)
    raise ValueError(f"materialized view without TO target: {create_query[:120]}")


def _none_if_empty(value: str) -> str | None:
    return value if value else None


def read_raw(target: Target, databases: list[str]) -> Snapshot:
    """One query per system table, for all the databases at once."""
    params = {"dbs": databases}
    tables = target.query(
        "SELECT database, name, engine, engine_full, partition_key, sorting_key, primary_key, sampling_key, "
        "as_select, create_table_query FROM system.tables "
        "WHERE database IN {dbs:Array(String)} AND NOT is_temporary ORDER BY database, name",
        params,
    )
    columns = target.query(
        "SELECT database, table, name, type, default_kind, default_expression, compression_codec, comment "
        "FROM system.columns WHERE database IN {dbs:Array(String)} ORDER BY database, table, position",
        params,
    )
    indexes = target.query(
        "SELECT database, table, name, expr, type_full, granularity FROM system.data_skipping_indices "
        "WHERE database IN {dbs:Array(String)} ORDER BY database, table, name",
        params,
    )
    projections = target.query(
        "SELECT database, table, name, query FROM system.projections "
        "WHERE database IN {dbs:Array(String)} ORDER BY database, table, name",
        params,
    )
    cols_by: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
    for row in columns:
        cols_by[key(row[0], row[1])].append(row)
    idx_by: dict[str, list[Index]] = defaultdict(list)
    for db, table, name, expr, type_full, gran in indexes:
        idx_by[key(db, table)].append(Index(name=name, expression=expr, type=type_full, granularity=gran))
    proj_by: dict[str, list[Projection]] = defaultdict(list)
    for db, table, name, query in projections:
        proj_by[key(db, table)].append(Projection(name=name, query=query))

    snap: dict[str, dict[str, Any]] = {"tables": {}, "materialized_views": {}, "views": {}}
    for (
        db,
        name,
        engine,
        engine_full,
        partition_key,
        sorting_key,
        primary_key,
        sampling_key,
        as_select,
        create,
    ) in tables:
        k = key(db, name)
        if name == LEDGER_TABLE or name.startswith((".inner", CODEC_SCRATCH_PREFIX)):
            continue
        if engine == "MaterializedView":
            snap["materialized_views"][k] = MaterializedView(
                name=name, database=db, select=as_select, to=mv_target(create, db)
            )
            continue
        if engine == "View":
            snap["views"][k] = View(name=name, database=db, select=as_select)
            continue
        if engine in ("Dictionary", "LiveView", "WindowView"):
            continue
        ttls = column_ttls(create)
        cols = []
        for _, _, cname, ctype, dkind, dexpr, codec, comment in cols_by[k]:
            kind = {"DEFAULT": "default", "MATERIALIZED": "materialized", "ALIAS": "alias"}.get(dkind)
            extra = {kind: dexpr} if kind else {}
            cols.append(
                Column(
                    name=cname,
                    data_type=ctype,
                    codec=_none_if_empty(codec.removeprefix("CODEC(").removesuffix(")") if codec else ""),
                    comment=_none_if_empty(comment),
                    ttl=ttls.get(cname),
                    **extra,
                )
            )
        parsed_engine = parse_engine(engine_full, engine)
        merge_tree = parsed_engine.is_merge_tree()
        settings = {k2: _setting_value(v) for k2, v in parse_settings(engine_full).items()}
        snap["tables"][k] = OlapTable(
            name=name,
            database=db,
            columns=cols,
            engine=parsed_engine,
            order_by_expression=(sorting_key or "tuple()") if merge_tree else None,
            partition_by=_none_if_empty(partition_key),
            primary_key=_none_if_empty(primary_key) if primary_key != sorting_key else None,
            sample_by=_none_if_empty(sampling_key),
            ttl=_clause(engine_full, "TTL") if merge_tree else None,
            settings=settings,
            indexes=idx_by[k],
            projections=proj_by[k],
        )
    return Snapshot.model_validate(snap)


def _setting_value(literal: str) -> str:
    return unquote_string(literal) if literal.startswith("'") else literal


def introspect(target: Target, databases: list[str]) -> Snapshot:
    """The canonical live state of `databases`."""
    return canonicalize(read_raw(target, databases), target)
