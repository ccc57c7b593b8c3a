"""Canonical form, computed by ClickHouse itself so that its own rewriting never shows up as a difference.

- expressions (defaults, TTLs, keys, index expressions, SELECTs) go through formatQuerySingleLineOrNull, all of
  them in one query; a NULL means ClickHouse's parser refused it, and the error names the object and field;
- codecs go through a scratch Memory table (ClickHouse fills in parameters: Delta -> Delta(8), ZSTD -> ZSTD(1));
- SELECTs of views additionally lose their own database qualifier and get function names in ClickHouse's case,
  which is what CREATE VIEW stores;
- settings stay as written, but for the `index_granularity = <default>` ClickHouse appends by itself; ORDER BY and
  PRIMARY KEY stay as written (a declaration repeating a default or the sorting key is reconciled with the live
  table by olapctl.plan.diff.settle_implicit, so that it is not drift); types are normalized by the pure type
  parser.

A constant number of queries per call, whatever the number of tables.
"""

from __future__ import annotations

import functools
import itertools
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from clickhouse_connect.driver.exceptions import ClickHouseError

from olapctl.clickhouse.connect import Target
from olapctl.clickhouse.explain import Access, ExplainError, access, parse
from olapctl.schema.model import LifeCycle, MaterializedView, OlapTable, Snapshot, View
from olapctl.schema.sqltext import (
    key_elements,
    query_parameters,
    quote_identifier,
    quote_string,
    split_top_level,
    strip_outer_parens,
    tokenize,
    unquote_identifier,
)
from olapctl.schema.types import ChTypeError, NamedType, format_type, normalize_type, parse_type

_SCRATCH_DB = "default"
CODEC_SCRATCH_PREFIX = "__olapctl_codecs_"
MAX_EXPLAINED = 20_000
IMPLICIT_INDEX_PREFIX = "auto_minmax_index_"
APPENDED_SETTING = "index_granularity"
CHECK_SECONDS = 10  # bound of the plan-time check of a new table's expressions
_counter = itertools.count()


class SpecError(ValueError):
    """A declaration ClickHouse refuses (invalid expression, codec, ...); names the object and field. `keys`:
    the objects ('database.name') at fault, when known, so that the others can go on without them."""

    def __init__(self, message: str, keys: frozenset[str] = frozenset()) -> None:
        super().__init__(message)
        self.keys = keys


class MissingDependency(SpecError):
    """A view reads a table that is neither declared nor in the database (yet)."""


Where = tuple[str, ...]  # where a text comes from, joined with spaces only for an error message
Slot = tuple[Any, Any]  # (dict or list, key or index) that receives the canonical text


class _Batch:
    """Collects texts to format, then formats them all in one query and stores each result in its slot."""

    def __init__(self) -> None:
        self.jobs: list[tuple[str, Where, Any, Any, Callable[[str], Any]]] = []

    def add(self, statement: str, where: Where, obj: Any, field: Any, convert: Callable[[str], Any]) -> None:
        self.jobs.append((statement, where, obj, field, convert))

    def run(self, target: Target) -> None:
        if not self.jobs:
            return
        distinct = sorted({job[0] for job in self.jobs})
        rows = target.query("SELECT arrayMap(x -> formatQuerySingleLineOrNull(x), {q:Array(String)})", {"q": distinct})
        formatted = dict(zip(distinct, rows[0][0], strict=True))
        for statement, where, obj, field, convert in self.jobs:
            result = formatted[statement]
            if result is None:
                raise SpecError(
                    f"{' '.join(where)}: ClickHouse cannot parse it: {_parse_error(target, statement)}",
                    frozenset({where[1]}),
                )
            obj[field] = convert(result)


def _parse_error(target: Target, statement: str) -> str:
    try:
        target.query("SELECT formatQuerySingleLine({q:String})", {"q": statement})
    except ClickHouseError as exc:
        return str(exc).split("\n")[0][:400]
    return "unknown parse error"


@dataclass(frozen=True)
class ServerFacts:
    """What canonical forms and the sandbox need to know of the server, read once per target."""

    setting_defaults: dict[str, str]  # MergeTree setting -> default, as a SQL literal
    functions: dict[str, str]  # lower-case name -> canonical name of case-insensitive functions
    user_defined: frozenset[str]  # SQL and executable user-defined functions, in lower case
    flatten_nested: bool  # a Nested column is stored as one Array column per field


def server_facts(target: Target) -> ServerFacts:
    facts: ServerFacts | None = target.__dict__.get("_facts")
    if facts is None:  # built whole, then published at once: concurrent first callers never see half of it
        functions = target.query("SELECT name, case_insensitive, origin != 'System' FROM system.functions")
        flatten = target.query("SELECT value FROM system.settings WHERE name = 'flatten_nested'")
        facts = target.__dict__["_facts"] = ServerFacts(
            setting_defaults={
                name: canonical_setting(value)
                for name, value in target.query("SELECT name, value FROM system.merge_tree_settings")
            },
            functions={str(name).lower(): str(name) for name, insensitive, _ in functions if insensitive},
            user_defined=frozenset(str(name).lower() for name, _, user in functions if user),
            flatten_nested=not flatten or str(flatten[0][0]) != "0",
        )
    return facts


def _flattened(columns: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """`n Nested(a T, b U)` as ClickHouse stores it with flatten_nested: `n.a Array(T)`, `n.b Array(U)`, each with
    the column's codec and comment. Declared either way, the same columns."""
    out = []
    for col in columns:
        try:
            parsed = parse_type(col["data_type"])
        except ChTypeError:
            out.append(col)  # reported with its column below
            continue
        if parsed.name != "Nested":
            out.append(col)
            continue
        for field in parsed.args:
            assert isinstance(field, NamedType)
            out.append(
                {
                    **col,
                    "name": f"{col['name']}.{field.name}",
                    "data_type": f"Array({format_type(field.type)})",
                    "renamed_from": f"{col['renamed_from']}.{field.name}" if col.get("renamed_from") else None,
                }
            )
    return out


def canonical_setting(value: str) -> str:
    """A setting value as a SQL literal: numbers as they are, everything else a quoted string."""
    text = value.strip()
    try:
        float(text)
        return text
    except ValueError:
        pass
    if len(text) >= 2 and text[0] == "'" and text[-1] == "'":
        return text
    return quote_string(text)


def canonical_select(text: str, database: str, functions: dict[str, str]) -> str:
    """Drop `database.` qualifiers of the view's own database; function names in ClickHouse's case."""
    toks = tokenize(text)
    out: list[str] = []
    last = 0
    for i, tok in enumerate(toks):
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        replacement: str | None = None
        if (
            tok.kind in ("word", "quoted")
            and nxt is not None
            and nxt.text == "."
            and unquote_identifier(tok.text) == database
        ):
            after = toks[i + 2] if i + 2 < len(toks) else None
            if after is not None and after.kind in ("word", "quoted") and (i == 0 or toks[i - 1].text != "."):
                replacement = ""
                out.append(text[last : tok.start])
                last = nxt.start + 1
                continue
        if tok.kind == "word" and nxt is not None and nxt.text == "(" and tok.text.lower() in functions:
            replacement = functions[tok.text.lower()]
        if replacement is not None:
            out.append(text[last : tok.start] + replacement)
            last = tok.start + len(tok.text)
    out.append(text[last:])
    return "".join(out)


def _strip(prefix: str, suffix: str = "") -> Callable[[str], str]:
    def f(text: str) -> str:
        if not text.startswith(prefix) or not text.endswith(suffix):
            raise SpecError(f"unexpected formatting {text!r}")
        return text[len(prefix) : len(text) - len(suffix)]

    return f


_expr = _strip("SELECT ")
_ttl = _strip("ALTER TABLE t (MODIFY TTL ", ")")


_STORAGE_PREFIX = "CREATE TABLE t (x UInt8) ENGINE = "
_REFRESH = ("CREATE MATERIALIZED VIEW v REFRESH ", " TO t AS SELECT 1")


def _refresh_clause(own: Callable[[str], str]) -> Callable[[str], str]:
    """A REFRESH clause as ClickHouse prints it; `own` drops the view's own database from the names it reads."""
    strip = _strip(*_REFRESH)
    return lambda text: own(strip(text))


def _storage(defaults: dict[str, str]) -> Callable[[str], str]:
    """A materialized view's own engine clause as ClickHouse prints it, without the index_granularity it
    appends by itself."""
    strip = _strip("CREATE TABLE t (`x` UInt8) ENGINE = ")

    def canonical(text: str) -> str:
        clause = strip(text)
        appended = f"{APPENDED_SETTING} = {defaults.get(APPENDED_SETTING)}"
        for tail in (f" SETTINGS {appended}", f", {appended}"):
            if clause.endswith(tail):
                return clause[: -len(tail)]
        return clause

    return canonical


def _key(text: str) -> str:
    """A key or index expression: `(a, b)` is the list `a, b` (ClickHouse stores it so), but `(a)` stays as
    written, as ClickHouse keeps it (olapctl.plan.diff.settle_implicit takes `a` and `(a)` for the same key)."""
    formatted = _expr(text)
    inner = strip_outer_parens(formatted)
    return inner if len(split_top_level(inner)) > 1 else formatted


def _sort_key(text: str) -> str:
    return _key(text) or "tuple()"


def _optional_key(text: str) -> str | None:
    return _key(text) or None


def _projection_query(text: str) -> str:
    """formatQuery writes ORDER BY items with ASC, which a projection's query may not contain (and ClickHouse
    does not print): drop top-level ASC."""
    return _drop_words(text, "ASC")


def _drop_words(text: str, word: str) -> str:
    out, last = [], 0
    for tok in tokenize(text):
        if tok.kind == "word" and tok.depth == 0 and tok.text.upper() == word:
            out.append(text[last : tok.start].rstrip())
            last = tok.start + len(tok.text)
    out.append(text[last:])
    return "".join(out)


def canonicalize(snapshot: Snapshot, target: Target) -> Snapshot:
    """The canonical form of a snapshot (desired or live): equal schemas give equal snapshots."""
    return canonicalize_document(snapshot.model_dump(), target)


def canonicalize_document(doc: dict[str, Any], target: Target) -> Snapshot:
    """canonicalize() of a snapshot document (model_dump() form, validated or read from ClickHouse); the
    document is rewritten in place."""
    facts = server_facts(target)
    defaults, functions = facts.setting_defaults, facts.functions
    batch = _Batch()
    codecs: dict[tuple[str, str], list[Slot]] = {}
    for k, table in doc["tables"].items():
        if facts.flatten_nested:
            table["columns"] = _flattened(table["columns"])
        for col in table["columns"]:
            _normalize_column_type(col, "table", k)
            for field in ("default", "materialized", "alias", "ephemeral", "ttl"):
                if col[field]:  # (an EPHEMERAL column without expression is '')
                    batch.add("SELECT " + col[field], ("table", k, "column", col["name"], field), col, field, _expr)
            if col["codec"] is not None:
                codecs.setdefault((col["data_type"], col["codec"]), []).append((col, "codec"))
        engine = table["engine"]
        for i, p in enumerate(engine["parameters"] or ()):
            batch.add("SELECT " + p, ("table", k, "engine parameter", str(i + 1)), engine["parameters"], i, _expr)
        for field in ("ver", "is_deleted", "sign", "version"):
            if engine[field] is not None:
                engine[field] = unquote_identifier(engine[field])
        merge_tree = str(engine["type"]).endswith("MergeTree")
        sorting = ", ".join(table["order_by"]) if table["order_by"] is not None else table["order_by_expression"]
        table["order_by"] = None
        table["order_by_expression"] = (sorting or "tuple()") if merge_tree else None
        if merge_tree:
            sort_key = "SELECT " + table["order_by_expression"]
            batch.add(sort_key, ("table", k, "orderBy"), table, "order_by_expression", _sort_key)
        for field in ("partition_by", "primary_key", "sample_by"):
            if table[field]:
                batch.add("SELECT " + table[field], ("table", k, field), table, field, _optional_key)
        if table["ttl"]:
            batch.add("ALTER TABLE t MODIFY TTL " + table["ttl"], ("table", k, "ttl"), table, "ttl", _ttl)
        if table["settings"]:
            # as written, in their order (a setting written equal to its default pins it across server upgrades),
            # but for the `index_granularity = <default>` ClickHouse appends to a MergeTree table's settings when
            # it was not written (MODIFY SETTING may append after it later: settle_implicit takes care of that)
            settings = {name: canonical_setting(value) for name, value in table["settings"].items()}
            last = next(reversed(settings))
            if last == APPENDED_SETTING and settings[last] == defaults.get(last):
                del settings[last]
            table["settings"] = settings
        # indexes ClickHouse adds by itself (add_minmax_index_for_numeric_columns/..._string_columns): never
        # declared, never dropped, and a declaration that repeats them is not drift
        table["indexes"] = [i for i in table["indexes"] if not i["name"].startswith(IMPLICIT_INDEX_PREFIX)]
        for index in table["indexes"]:
            where = ("table", k, "index", index["name"])
            # (a, b, c) and a, b, c are one index expression: ClickHouse stores the list without parentheses
            batch.add("SELECT " + index["expression"], (*where, "expression"), index, "expression", _key)
            batch.add("SELECT " + index["type"], (*where, "type"), index, "type", _expr)
        for constraint in table["constraints"]:
            where = ("table", k, "constraint", constraint["name"])
            batch.add("SELECT " + constraint["expression"], where, constraint, "expression", _expr)
        for proj in table["projections"]:
            batch.add(proj["query"], ("table", k, "projection", proj["name"]), proj, "query", _projection_query)

    for group, label in (("materialized_views", "materialized view"), ("views", "view")):
        for k, view in doc[group].items():
            db = view["database"]
            select = functools.partial(canonical_select, database=db, functions=functions)
            batch.add(view["select"], (label, k, "select"), view, "select", select)
            if group != "materialized_views":
                continue
            if view["to"] is not None and view["to"]["database"] is None:
                view["to"]["database"] = db
            if view["storage"] is not None:
                storage = _STORAGE_PREFIX + view["storage"]
                batch.add(storage, (label, k, "storage"), view, "storage", _storage(defaults))
            if view["refresh"] is not None:  # DEPENDS ON names without the view's own database, as SELECTs
                refresh = f"{_REFRESH[0]}{view['refresh']}{_REFRESH[1]}"
                batch.add(refresh, (label, k, "refresh"), view, "refresh", _refresh_clause(select))
            for col in view["columns"] or ():
                _normalize_column_type(col, label, k)

    batch.run(target)
    _canonical_codecs(target, codecs)
    for k, table in doc["tables"].items():
        if table["primary_key"] is not None and table["order_by_expression"] is not None:
            pk, sk = key_elements(table["primary_key"]), key_elements(table["order_by_expression"])
            if sk[: len(pk)] != pk:
                raise SpecError(
                    f"table {k} primaryKey: ({table['primary_key']}) must be a prefix of orderBy "
                    f"({table['order_by_expression']})",
                    frozenset({k}),
                )
    return Snapshot.trusted(doc)


def _normalize_column_type(col: dict[str, Any], label: str, k: str) -> None:
    try:
        col["data_type"] = normalize_type(col["data_type"])
    except ChTypeError as exc:
        raise SpecError(f"{label} {k} column {col['name']}: {exc}", frozenset({k})) from None


def _canonical_codecs(target: Target, codecs: dict[tuple[str, str], list[Slot]]) -> None:
    """ClickHouse's spelling of each (type, codec): read off a scratch table's columns, once per target and pair
    (a resync of unchanged declarations then runs no DDL at all)."""
    known = target.canonical_codecs
    pairs = sorted(pair for pair in codecs if pair not in known)
    if pairs:
        _read_codecs(target, pairs)
    for pair, slots in codecs.items():
        for obj, field in slots:
            obj[field] = known[pair]


_SUSPICIOUS = {"allow_suspicious_codecs": 1}  # the spelling of any codec a table may hold (see executor.DDL_SETTINGS)


def _read_codecs(target: Target, pairs: list[tuple[str, str]]) -> None:
    name = f"{CODEC_SCRATCH_PREFIX}{os.getpid()}_{next(_counter)}"
    table = f"{quote_identifier(_SCRATCH_DB)}.{quote_identifier(name)}"
    cols = ", ".join(f"c{i} {t} CODEC({c})" for i, (t, c) in enumerate(pairs))
    try:
        target.command(f"CREATE TABLE {table} ({cols}) ENGINE = Memory", settings=_SUSPICIOUS)
    except ClickHouseError:
        for t, c in pairs:  # find the culprit and name it
            try:
                target.command(f"CREATE TABLE {table} (c {t} CODEC({c})) ENGINE = Memory", settings=_SUSPICIOUS)
                target.command(f"DROP TABLE {table} SYNC")
            except ClickHouseError as exc:
                raise SpecError(f"codec {c!r} on type {t}: {str(exc).splitlines()[0][:300]}") from None
        raise
    try:
        rows = target.query(
            "SELECT name, compression_codec FROM system.columns WHERE database = {d:String} AND table = {t:String}",
            {"d": _SCRATCH_DB, "t": name},
        )
    finally:
        target.command(f"DROP TABLE IF EXISTS {table} SYNC")
    by_name = {n: c.removeprefix("CODEC(").removesuffix(")") for n, c in rows}
    target.canonical_codecs.update((pair, by_name[f"c{i}"]) for i, pair in enumerate(pairs))


def explained(target: Target, sql: str, where: str) -> Access:
    """What `sql` reaches, by ClickHouse's parser; cached per target (a resync of unchanged declarations asks
    nothing)."""
    key = ("", sql)
    found = target.explained.get(key)
    if found is None:
        try:
            lines = [str(r[0]) for r in target.query("EXPLAIN AST " + _with_values(sql, where))]
            found = access(parse(lines))
        except ClickHouseError as exc:
            raise SpecError(f"{where}: ClickHouse cannot parse it: {str(exc).splitlines()[0][:300]}") from None
        except ExplainError as exc:
            raise SpecError(f"{where}: {exc}") from None
        if len(target.explained) >= MAX_EXPLAINED:
            target.explained.clear()  # statements of edits long gone; the cache refills with the current ones
        target.explained[key] = found
    return found


def with_parameter_values(sql: str) -> str | None:
    """A parameterized view's `{name:Type}` placeholders as values of their type (what EXPLAIN AST and a test
    run of the SELECT need); None when one is an `Identifier`: a table only known when the view is queried."""
    out, last = [], 0
    for start, end, _, kind in query_parameters(sql):
        if kind.lower() == "identifier":
            return None
        out.append(sql[last:start] + f"defaultValueOfTypeName({quote_string(kind)})")
        last = end
    return "".join(out) + sql[last:]


def _with_values(sql: str, where: str) -> str:
    valued = with_parameter_values(sql)
    if valued is None:
        raise SpecError(f"{where}: a parameter of type Identifier names a table only known when it is queried")
    return valued


def _cte_names(select: str) -> set[str]:
    """Names a query defines with `WITH name AS (...)`: not tables (EXPLAIN AST does not print them)."""
    toks = tokenize(select)
    names = set()
    for i in range(len(toks) - 2):
        a, b, c = toks[i], toks[i + 1], toks[i + 2]
        if a.kind in ("word", "quoted") and b.kind == "word" and b.text.upper() == "AS" and c.text == "(":
            names.add(unquote_identifier(a.text))
    return names


def check_view_sources(target: Target, desired: Snapshot, scope: list[str]) -> None:
    """Every table a declared view or materialized view reads (as ClickHouse's parser sees it: EXPLAIN AST) must
    be declared or exist, when it lives in a database of `scope`; otherwise MissingDependency names it."""
    views: dict[str, MaterializedView | View] = {**desired.materialized_views, **desired.views}
    declared = set(desired.tables) | set(views)
    wanted: dict[str, list[str]] = {}
    for k, view in sorted(views.items()):
        if view.life_cycle == LifeCycle.EXTERNALLY_MANAGED:
            continue
        ctes = _cte_names(view.select)
        for name in explained(target, view.select, f"view {k}").printed:
            if name in ctes:
                continue
            ref = name if "." in name else f"{view.database}.{name}"
            if ref.split(".", 1)[0] in scope and ref not in declared:
                wanted.setdefault(ref, []).append(k)
    if not wanted:
        return
    found = {
        str(r[0])
        for r in target.query(
            "SELECT concat(database, '.', name) AS k FROM system.tables WHERE k IN {r:Array(String)}",
            {"r": sorted(wanted)},
        )
    }
    missing = sorted(set(wanted) - found)
    if missing:
        details = "; ".join(f"{', '.join(wanted[m])} reads {m}" for m in missing)
        raise MissingDependency(f"{details}, which is neither declared nor in the database")


def check_new_tables(target: Target, tables: list[OlapTable]) -> None:
    """What ClickHouse would refuse in a table about to be created, found now rather than when the plan runs: a
    key, index, constraint or column default naming a column that is not declared, or an expression that does
    not type-check. One query per table (over `null('<its columns>')`, which reads nothing)."""
    for table in tables:
        k = f"{table.database}.{table.name}"
        fields = _checked_expressions(table)
        if not fields:
            continue
        structure = ", ".join(f"{quote_identifier(c.name)} {c.data_type}" for c in table.columns)
        # nothing is read, but a scalar subquery runs while the query is analyzed: bounded in time
        source = f"null({quote_string(structure)}) LIMIT 0 SETTINGS max_execution_time = {CHECK_SECONDS}"
        try:
            target.query(f"SELECT {', '.join(f'({e})' for _, e in fields)} FROM {source}")
            continue
        except ClickHouseError:
            pass
        for field, expression in fields:  # which one: named in the error
            try:
                target.query(f"SELECT ({expression}) FROM {source}")
            except ClickHouseError as exc:
                why = str(exc).splitlines()[0].split("DB::Exception: ")[-1][:300]
                message = f"table {k} {field}: ClickHouse refuses {expression!r}: {why}"
                raise SpecError(message, frozenset({k})) from None


def _checked_expressions(table: OlapTable) -> list[tuple[str, str]]:
    fields: list[tuple[str, str]] = []
    sorting = table.sorting_key()
    if table.engine.is_merge_tree() and sorting and sorting != "tuple()":
        fields.append(("orderBy", sorting))
    for field, value in (("partitionBy", table.partition_by), ("primaryKey", table.primary_key),
                         ("sampleBy", table.sample_by)):  # fmt: skip
        if value:
            fields.append((field, value))
    fields += [(f"indexes.{i.name}.expression", i.expression) for i in table.indexes]
    fields += [(f"constraints.{c.name}.expression", c.expression) for c in table.constraints]
    for col in table.columns:
        kind = col.default_kind()
        if kind and kind[1]:
            fields.append((f"columns.{col.name}.{kind[0].lower()}", kind[1]))
    return fields
