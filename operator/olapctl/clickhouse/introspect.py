"""Live database -> Snapshot, in a constant number of queries whatever the number of tables.

What ClickHouse reports is trusted: models are built without re-running the validators meant for user input.

Four reads of system tables (tables, columns, skip indexes, projections; the last two only when a CREATE statement
names an index or a projection) cover every database asked for; the result is then canonicalized
(olapctl.clickhouse.normalize) like declarations are, so the two compare.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any, NamedTuple

from clickhouse_connect.driver.exceptions import ClickHouseError

from olapctl.clickhouse.connect import Target
from olapctl.clickhouse.normalize import CODEC_SCRATCH_PREFIX, canonicalize_document, with_parameter_values
from olapctl.plan.diff import REBUILD_CONSTRAINT
from olapctl.schema.model import (
    ENGINE_PARAMETERS,
    Column,
    Engine,
    MaterializedView,
    OlapTable,
    Snapshot,
    View,
    blank,
    key,
)
from olapctl.schema.sqltext import (
    Token,
    quote_identifier,
    quote_string,
    split_top_level,
    strip_outer_parens,
    tokenize,
    unquote_identifier,
    unquote_string,
)
from olapctl.schema.types import normalize_type

LEDGER_TABLE = "olapctl_migrations"
SCRATCH_MARK = "__olapctl_"  # tables olapctl makes for itself while re-keying a table

_ENGINE_CLAUSES = ("PARTITION", "ORDER", "PRIMARY", "SAMPLE", "TTL", "SETTINGS", "COMMENT")


def engine_clauses(engine_full: str) -> tuple[str, dict[str, str]]:
    """Split engine_full at its top-level clauses, lexing it once: ('ReplacingMergeTree(ver)', {'ORDER': 'id', ...})."""
    toks = tokenize(engine_full)
    cuts: list[tuple[int, int, str]] = []  # (clause start, body start, clause word)
    for i, tok in enumerate(toks):
        word = tok.text.upper()
        if tok.depth != 0 or tok.kind != "word" or word not in _ENGINE_CLAUSES:
            continue
        follow = _CLAUSE_FOLLOW.get(word)
        if follow is None:
            cuts.append((tok.start, tok.start + len(tok.text), word))
        elif i + 1 < len(toks) and toks[i + 1].text.upper() == follow:
            cuts.append((tok.start, toks[i + 1].start + len(toks[i + 1].text), word))
    head = engine_full[: cuts[0][0]] if cuts else engine_full
    clauses: dict[str, str] = {}
    for n, (_, body, word) in enumerate(cuts):
        end = cuts[n + 1][0] if n + 1 < len(cuts) else len(engine_full)
        clauses.setdefault(word, engine_full[body:end].strip())
    return head.strip(), clauses


_CLAUSE_FOLLOW = {"PARTITION": "BY", "ORDER": "BY", "SAMPLE": "BY", "PRIMARY": "KEY"}


def parse_engine(head: str, engine: str) -> dict[str, Any]:
    """'ReplacingMergeTree(ver, del)' -> Engine(type=ReplacingMergeTree, ver=ver, is_deleted=del)."""
    args_text = head[len(engine) :].strip()
    args = split_top_level(args_text[1:-1]) if args_text.startswith("(") else []
    if engine.startswith("Replicated") and len(args) >= 2 and args[0].startswith("'"):
        args = args[2:]
    fields = ENGINE_PARAMETERS.get(engine.removeprefix("Replicated"))
    if fields is None:
        return {**blank(Engine), "type": engine, "parameters": args or None}
    named: dict[str, Any] = {}
    for field, arg in zip(fields, args, strict=False):
        if field == "columns":
            named[field] = [unquote_identifier(c) for c in split_top_level(strip_outer_parens(arg))]
        else:
            named[field] = unquote_identifier(arg)
    return {**blank(Engine), "type": engine, **named}


def parse_settings(text: str | None) -> dict[str, str]:
    out = {}
    for item in split_top_level(text or ""):
        name, _, value = item.partition("=")
        value = value.strip()
        out[name.strip()] = unquote_string(value) if value.startswith("'") else value
    return out


def _elements(create_query: str) -> list[list[Token]]:
    """The elements of a CREATE TABLE's parenthesized list (columns, indexes, projections, constraints)."""
    toks = tokenize(create_query)
    start = next((i for i, t in enumerate(toks) if t.text == "(" and t.depth == 0), None)
    if start is None:
        return []
    elements: list[list[Token]] = []
    element: list[Token] = []
    for tok in toks[start + 1 :]:
        closing = tok.depth == 0 and tok.text == ")"
        if closing or (tok.depth == 1 and tok.text == ","):
            elements.append(element)
            element = []
            if closing:
                break
            continue
        element.append(tok)
    return elements


def definition_list(create_query: str, indexes: list[dict[str, Any]]) -> list[list[Token]]:
    """The elements of a table's CREATE that only the statement shows (column TTLs, constraints, index expressions
    as written), lexed once; none when the statement has none of them. An index whose expression the statement
    prints as system.data_skipping_indices gives it needs no lexing (most do: that table differs only where it
    expands an ALIAS column or unwraps a tuple, `(a, b)` -> `a, b`)."""
    head = create_query[: create_query.rfind(") ENGINE")]
    verbatim = all(_printed_as_listed(index, head) for index in indexes)
    return _elements(create_query) if "TTL" in head or "CONSTRAINT" in head or not verbatim else []


def _printed_as_listed(index: dict[str, Any], head: str) -> bool:
    """`INDEX name expr TYPE type GRANULARITY n` is in the statement with system.data_skipping_indices' values,
    and `INDEX name ` only once (not also in a comment or a default's string)."""
    tail = f" {index['expression']} TYPE {index['type']} GRANULARITY {index['granularity']}"
    starts = [f"INDEX {name} " for name in {index["name"], quote_identifier(index["name"])}]
    return sum(head.count(start) for start in starts) == 1 and any(start + tail[1:] in head for start in starts)


def column_ttls(create_query: str, elements: list[list[Token]]) -> dict[str, str]:
    """Column TTLs appear only in the CREATE statement: `name` Type ... TTL expr [SETTINGS ...]."""
    out: dict[str, str] = {}
    for element in elements:
        _element_ttl(create_query, element, out)
    return out


def table_constraints(create_query: str, elements: list[list[Token]]) -> list[dict[str, Any]]:
    """`CONSTRAINT name CHECK expr` / `ASSUME expr`, which only the CREATE statement shows. The constraint olapctl
    sets while it rebuilds a table is not the table's own."""
    found = []
    for element in _starting(elements, "CONSTRAINT"):
        name, kind = unquote_identifier(element[1].text), element[2].text.upper()
        if name == REBUILD_CONSTRAINT or kind not in ("CHECK", "ASSUME"):
            continue
        expression = create_query[element[3].start : element[-1].start + len(element[-1].text)]
        found.append({"name": name, "kind": kind.lower(), "expression": expression})
    return found


def index_expressions(create_query: str, elements: list[list[Token]]) -> dict[str, str]:
    """Skip index expressions as written: system.data_skipping_indices expands ALIAS columns in them."""
    found = {}
    for element in _starting(elements, "INDEX"):
        kind = next((t for t in element[2:] if t.depth == 1 and t.kind == "word" and t.text.upper() == "TYPE"), None)
        if kind is not None:
            found[unquote_identifier(element[1].text)] = create_query[element[2].start : kind.start].strip()
    return found


def _starting(elements: list[list[Token]], word: str) -> list[list[Token]]:
    """The elements `word name …` (at least four tokens) of a definition list."""
    return [e for e in elements if len(e) >= 4 and e[0].text.upper() == word]


def _element_ttl(text: str, element: list[Token], out: dict[str, str]) -> None:
    if not element or element[0].text.upper() in ("INDEX", "PROJECTION", "CONSTRAINT"):
        return
    ttl = next((t for t in element if t.depth == 1 and t.kind == "word" and t.text.upper() == "TTL"), None)
    if ttl is None:
        return
    after = [t for t in element if t.start > ttl.start]
    end = next((t.start for t in after if t.depth == 1 and t.kind == "word" and t.text.upper() == "SETTINGS"), None)
    last = after[-1] if after else ttl
    stop = end if end is not None else last.start + len(last.text)
    out[unquote_identifier(element[0].text)] = text[ttl.start + 3 : stop].strip()


class ViewClauses(NamedTuple):
    to: dict[str, str] | None  # a materialized view's TO table
    storage: str | None  # or the engine clause of its own table
    refresh: str | None  # REFRESH …
    sql_security: str | None  # SQL SECURITY INVOKER|DEFINER|NONE, when the CREATE says it


def view_clauses(create_query: str, database: str) -> ViewClauses:
    """The clauses of a view's or materialized view's CREATE before `AS SELECT`, in one lexing pass."""
    toks = [t for t in tokenize(create_query) if t.depth == 0]
    to: dict[str, str] | None = None
    storage = refresh = security = None
    for i, tok in enumerate(toks):
        word = tok.text.upper() if tok.kind == "word" else ""
        if word == "REFRESH":
            end = next((t.start for t in toks[i + 1 :] if t.text == "(" or t.text.upper() in _AFTER_REFRESH), None)
            refresh = create_query[tok.start + len(tok.text) : end].strip() if end is not None else None
        elif word == "TO" and i + 1 < len(toks) and to is None and storage is None:
            first = unquote_identifier(toks[i + 1].text)
            if i + 3 < len(toks) and toks[i + 2].text == ".":
                to = {"database": first, "table": unquote_identifier(toks[i + 3].text)}
            else:
                to = {"database": database, "table": first}
        elif word == "ENGINE" and i + 2 < len(toks) and toks[i + 1].text == "=" and to is None:
            end = next((t.start for t in toks[i + 2 :] if t.kind == "word" and t.text.upper() in _AFTER_STORAGE), None)
            if end is not None:
                storage = create_query[toks[i + 2].start : end].strip()
        elif word == "SQL" and i + 2 < len(toks) and toks[i + 1].text.upper() == "SECURITY":
            security = toks[i + 2].text.upper()
        elif word == "AS":
            break
    return ViewClauses(to, storage, refresh, security)


_AFTER_REFRESH = frozenset({"TO", "ENGINE", "DEFINER", "SQL", "AS", "EMPTY", "POPULATE"})
_AFTER_STORAGE = frozenset({"DEFINER", "SQL", "AS", "EMPTY", "POPULATE", "COMMENT"})


def _none_if_empty(value: str) -> str | None:
    return value if value else None


def read_raw(target: Target, databases: list[str], only: set[str] | None = None) -> dict[str, Any]:
    """The live schema as a snapshot document (Snapshot.model_dump() form), from one query per system table for
    all the databases at once; `only` restricts to 'database.name' keys."""
    params: dict[str, Any] = {
        "dbs": databases,
        "only": sorted(only or ()),
        "names": sorted({k.split(".", 1)[1] for k in only or ()}),
    }
    # `name IN` lets ClickHouse skip the other tables (it builds system.tables rows only for those names);
    # the concat check keeps it exact across databases
    scoped = (
        ""
        if only is None
        else " AND {col} IN {{names:Array(String)}} AND concat(database, '.', {col}) IN {{only:Array(String)}}"
    )
    tables = target.query(
        "SELECT database, name, engine, engine_full, partition_key, sorting_key, sampling_key, "
        "as_select, create_table_query, comment FROM system.tables "
        "WHERE database IN {dbs:Array(String)} AND NOT is_temporary"
        + scoped.format(col="name")
        + " ORDER BY database, name",
        params,
    )
    if not tables:  # nothing there (a table about to be created): its columns, indexes, projections are none
        return {"tables": {}, "materialized_views": {}, "views": {}}
    columns = target.query(
        "SELECT database, table, name, type, default_kind, default_expression, compression_codec, comment "
        "FROM system.columns WHERE database IN {dbs:Array(String)}"
        + scoped.format(col="table")
        + " ORDER BY database, table, position",
        params,
    )
    creates = [row[8] for row in tables]

    def named(word: str, select: str) -> list[tuple[Any, ...]]:
        """The rows of a system table of what a CREATE statement prints as `word …` (skip indexes, projections;
        upper case, as ClickHouse prints it), in definition order: none to read when no statement names one (and
        the query costs as much as one that has rows)."""
        if all(create and word not in create for create in creates):
            return []
        return target.query(select + " WHERE database IN {dbs:Array(String)}" + scoped.format(col="table"), params)

    indexes = named(
        "INDEX", "SELECT database, table, name, expr, type_full, granularity FROM system.data_skipping_indices"
    )
    projections = named("PROJECTION", "SELECT database, table, name, query FROM system.projections")
    cols_by: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
    for row in columns:
        cols_by[key(row[0], row[1])].append(row)
    idx_by: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for db, table, name, expr, type_full, gran in indexes:
        idx_by[key(db, table)].append({"name": name, "expression": expr, "type": type_full, "granularity": gran})
    proj_by: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for db, table, name, query in projections:
        proj_by[key(db, table)].append({"name": name, "query": query})

    doc: dict[str, dict[str, Any]] = {"tables": {}, "materialized_views": {}, "views": {}}
    blank_column, blank_table = blank(Column), blank(OlapTable)
    for (
        db,
        name,
        engine,
        engine_full,
        partition_key,
        sorting_key,
        sampling_key,
        as_select,
        create,
        table_comment,
    ) in tables:
        k = key(db, name)
        if name == LEDGER_TABLE or name.startswith((".inner", CODEC_SCRATCH_PREFIX)):
            continue
        if engine == "MaterializedView":
            parts = view_clauses(create, db)
            if parts.to is None and parts.storage is None:
                continue  # a form olapctl does not read: the view is left alone
            doc["materialized_views"][k] = {
                **blank(MaterializedView),
                "name": name,
                "database": db,
                "select": as_select,
                "to": parts.to,
                "storage": parts.storage,
                "refresh": parts.refresh,
                "sql_security": parts.sql_security,
                "columns": [
                    {**blank_column, "name": cname, "data_type": ctype, "comment": _none_if_empty(comment)}
                    for _, _, cname, ctype, _, _, _, comment in cols_by[k]
                ],
            }
            continue
        if engine == "View":
            doc["views"][k] = {
                **blank(View),
                "name": name,
                "database": db,
                "select": as_select,
                "sql_security": view_clauses(create, db).sql_security if "SQL SECURITY" in create else None,
            }
            continue
        if engine in ("Dictionary", "LiveView", "WindowView"):
            continue
        listed = definition_list(create, idx_by[k])
        ttls = column_ttls(create, listed)
        cols = []
        for _, _, cname, ctype, dkind, dexpr, codec, comment in cols_by[k]:
            col = {**blank_column, "name": cname, "data_type": ctype, "ttl": ttls.get(cname)}
            kind = _DEFAULT_KINDS.get(dkind)
            if kind:
                # EPHEMERAL without an expression reads as the type's default value
                implicit = kind == "ephemeral" and dexpr == f"defaultValueOfTypeName({quote_string(ctype)})"
                col[kind] = "" if implicit else dexpr
            col["codec"] = _none_if_empty(codec.removeprefix("CODEC(").removesuffix(")") if codec else "")
            col["comment"] = _none_if_empty(comment)
            cols.append(col)
        head, clauses = engine_clauses(engine_full)
        parsed_engine = parse_engine(head, engine)
        merge_tree = engine.endswith("MergeTree")
        doc["tables"][k] = {
            **blank_table,
            "name": name,
            "database": db,
            "columns": cols,
            "engine": parsed_engine,
            # ORDER BY and PRIMARY KEY as written: ClickHouse extends the sorting key of a
            # VersionedCollapsingMergeTree with its version, and reports a primary key when none was written
            "order_by_expression": (clauses.get("ORDER") or sorting_key or "tuple()") if merge_tree else None,
            "partition_by": _none_if_empty(partition_key),
            "primary_key": clauses.get("PRIMARY") if merge_tree else None,
            "sample_by": _none_if_empty(sampling_key),
            "ttl": clauses.get("TTL") if merge_tree else None,
            "settings": parse_settings(clauses.get("SETTINGS")),
            "indexes": _as_written(idx_by[k], create, listed),
            "projections": proj_by[k],
            "comment": _none_if_empty(table_comment),
            "constraints": table_constraints(create, listed),
        }
    return doc


def _as_written(indexes: list[dict[str, Any]], create: str, listed: list[list[Token]]) -> list[dict[str, Any]]:
    written = index_expressions(create, listed) if indexes else {}
    return [{**i, "expression": written.get(i["name"], i["expression"])} for i in indexes]


_DEFAULT_KINDS = {"DEFAULT": "default", "MATERIALIZED": "materialized", "ALIAS": "alias", "EPHEMERAL": "ephemeral"}


def introspect(target: Target, databases: list[str], only: set[str] | None = None) -> Snapshot:
    """The canonical live state of `databases` (or of the objects `only` names, as 'database.name').

    Past a few objects, each object's fingerprint is read first (cheap columns of the system tables; see
    `fingerprints`), and only the objects whose fingerprint differs from the one they had when this process last
    read them are read and canonicalized again; the others are the models read then (`Target.known`)."""
    if only is not None and len(only) < FINGERPRINT_FROM:
        return canonicalize_document(read_raw(target, databases, only), target)
    prints, now = fingerprints(target, databases, only)
    known = target.known
    stale = {k for k, fp in prints.items() if k not in known or known[k].fingerprint != fp}
    whole = only is None and 2 * len(stale) > len(prints)  # most of what the databases hold
    read = canonicalize_document(_read_stale(target, databases, stale, whole), target) if stale else Snapshot()
    fresh = {k: Known(prints[k], *_kind_of(read, k)) for k in stale}
    for k, found in fresh.items():
        # a later change cannot keep this modification time; 0: none kept (a Memory database), read every time
        if 0 < prints[k][1] <= now - SETTLED_SECONDS:
            known[k] = found
        else:
            known.pop(k, None)
    groups: dict[str, dict[str, Any]] = {"tables": {}, "materialized_views": {}, "views": {}}
    for k in sorted(prints, key=lambda k: tuple(k.split(".", 1))):
        _, kind, model = fresh[k] if k in fresh else known[k]
        if kind is not None:
            groups[kind][k] = model
    return Snapshot.model_construct(
        tables=groups["tables"], materialized_views=groups["materialized_views"], views=groups["views"]
    )


def _read_stale(target: Target, databases: list[str], stale: set[str], whole: bool) -> dict[str, Any]:
    """read_raw of the `stale` objects. When they are most of the databases (a first read), the databases are read
    whole and the others left out: naming a thousand objects in the queries costs more (binding them, and the
    server's filter) than reading the few others."""
    if not whole:
        return read_raw(target, databases, stale)
    doc = read_raw(target, databases, None)
    return {group: {k: v for k, v in objects.items() if k in stale} for group, objects in doc.items()}


FINGERPRINT_FROM = 2  # objects: one is read at once (dev mode's change of an object: fingerprinting costs as much)
SETTLED_SECONDS = 2  # metadata_modification_time has a resolution of one second


class Known(NamedTuple):
    """An object as this process last read it, and its fingerprint then (kind None: not a declaration)."""

    fingerprint: tuple[Any, ...]
    kind: str | None
    model: OlapTable | MaterializedView | View | None


def _kind_of(snapshot: Snapshot, k: str) -> tuple[str | None, OlapTable | MaterializedView | View | None]:
    for kind in ("tables", "materialized_views", "views"):
        model = getattr(snapshot, kind).get(k)
        if model is not None:
            return kind, model
    return None, None


def fingerprints(target: Target, databases: list[str], only: set[str] | None) -> tuple[dict[str, tuple[Any, ...]], int]:
    """'database.name' -> (uuid, metadata modification time), and the server's time, from one query of
    system.tables (no CREATE statement or key expression is formatted). Every schema change rewrites an object's
    metadata, so once its modification time is SETTLED_SECONDS old a later change cannot keep it (it has a
    resolution of one second); EXCHANGE and RENAME keep it but move the uuid or the name."""
    params: dict[str, Any] = {"dbs": databases, "only": sorted(only or ())}
    tables = target.query(
        "SELECT database, name, toString(uuid), toUnixTimestamp(metadata_modification_time), toUnixTimestamp(now()) "
        "FROM system.tables WHERE database IN {dbs:Array(String)} AND NOT is_temporary"
        + ("" if only is None else " AND concat(database, '.', name) IN {only:Array(String)}"),
        params,
    )
    now = int(tables[0][4]) if tables else 0
    return {key(db, name): (uuid, int(mtime)) for db, name, uuid, mtime, _ in tables}, now


def inferred_columns(target: Target, live: Snapshot) -> dict[str, list[tuple[str, str]]]:
    """The columns each materialized view's SELECT gives (what a view without a column list gets)."""
    found: dict[str, list[tuple[str, str]]] = {}
    for k, view in live.materialized_views.items():
        try:
            rows = target.query(f"DESCRIBE TABLE ({view.select})", database=str(view.database))
        except ClickHouseError:
            continue
        found[k] = [(str(r[0]), normalize_type(str(r[1]))) for r in rows]
    return found


def unhealthy(target: Target, databases: list[str], only: set[str] | None, live: Snapshot) -> dict[str, str]:
    """Objects whose schema may match but which are not working: a mutation that cannot finish, a view or
    materialized view whose SELECT no longer runs (it reads a column or table that is gone). 'database.name' ->
    why. The SELECTs run with LIMIT 0: nothing is read."""
    found: dict[str, str] = {}
    if only is not None and not any(k in group for k in only for group in (live.tables, live.materialized_views)):
        return found  # a mutation runs on a table that exists
    rows = target.query(
        "SELECT database, table, mutation_id, latest_fail_reason FROM system.mutations "
        "WHERE NOT is_done AND database IN {d:Array(String)}"
        + ("" if only is None else " AND table IN {names:Array(String)}"),
        {"d": databases, "names": sorted({k.split(".", 1)[1] for k in only or ()})},
    )
    for db, table, mutation, reason in rows:
        k = f"{db}.{table}"
        if only is None or k in only:
            why = str(reason).splitlines()[0][:300] if reason else "not finished"
            found[k] = f"mutation {mutation} is stuck: {why}"
    selects = {k: (str(v.database), v.select) for k, v in live.views.items()}
    selects.update({k: (str(v.database), v.select) for k, v in live.materialized_views.items()})
    for k, (db, select) in sorted(selects.items()):
        if only is not None and k not in only:
            continue
        valued = with_parameter_values(select)
        if valued is None:
            continue  # reads a table named when it is queried
        try:
            target.command(f"SELECT * FROM ({valued}) LIMIT 0", database=db)
        except ClickHouseError as exc:
            found[k] = f"its SELECT no longer runs: {str(exc).splitlines()[0][:300]}"
    return found
