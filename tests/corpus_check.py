"""The corpus checks (tests/corpus/*.sql: published schemas, each citing its source and commit), shared by
tests/test_corpus.py and bench/corpus.py.

For one schema: create it with its published SQL in a fresh database and put rows in its tables; `olapctl pull`
it; the pulled declarations diff empty against it; a plan of them applies nothing and leaves every row; created
from them in an empty database, the objects are the same as the original's (CREATE statements, columns, keys,
indexes, projections, constraints, comments) and diff empty there too.
"""

from __future__ import annotations

import dataclasses
import re
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from clickhouse_connect.driver.exceptions import ClickHouseError

from olapctl.clickhouse.connect import Target, Tenancy
from olapctl.clickhouse.introspect import inferred_columns, introspect
from olapctl.engine.executor import apply_plan
from olapctl.engine.planning import changes, make_plan
from olapctl.manifests import load_declarations
from olapctl.plan.describe import describe
from olapctl.pull import pulled
from olapctl.schema.sqltext import tokenize

CORPUS = Path(__file__).parent / "corpus"
ROWS = 200


def corpus_files() -> list[Path]:
    return sorted(CORPUS.glob("*.sql"))


def statements(text: str) -> list[str]:
    """The statements of a file, split at top-level semicolons (comments and strings are the lexer's)."""
    out, last = [], 0
    for tok in tokenize(text):
        if tok.text == ";" and tok.depth == 0:
            out.append(text[last : tok.start])
            last = tok.start + 1
    out.append(text[last:])
    return [
        s.strip() for s in out if any(line.strip() and not line.strip().startswith("--") for line in s.splitlines())
    ]


def session_settings(text: str) -> dict[str, str]:
    """`-- settings: a=1, b=2` in the file's header: session settings its statements need."""
    found: dict[str, str] = {}
    for line in text.splitlines():
        if line.startswith("-- settings:"):
            for item in line.split(":", 1)[1].split(","):
                name, _, value = item.partition("=")
                found[name.strip()] = value.strip()
    return found


@dataclass
class Outcome:
    name: str
    objects: int = 0
    rows: int = 0
    failures: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)

    def check(self, ok: bool, what: str) -> None:
        if not ok:
            self.failures.append(what)


def _facts(target: Target, db: str, databases: tuple[str, str]) -> dict[str, Any]:
    """What the issue asks to be the same: per object, its CREATE statement (engine_full, keys, settings, column
    definitions with codecs/TTLs/comments, indexes, projections, constraints, comment) and system.columns.
    Names of both databases (a copy's expressions may name the original's dictionaries) read `DB.`; the table of a
    materialized view without TO, `.inner_id.<uuid>`, reads `.inner.<view>`."""
    inner = {
        f".inner_id.{uuid}": f".inner.{name}"
        for name, uuid in target.query(
            "SELECT name, uuid FROM system.tables WHERE database = {d:String} AND engine = 'MaterializedView'",
            {"d": db},
        )
    }
    pattern = re.compile("|".join([*(rf"\b{re.escape(name)}\." for name in databases), *map(re.escape, inner)]))

    def named(text: Any) -> Any:
        return pattern.sub(lambda m: inner.get(m.group(0), "DB."), text) if isinstance(text, str) else text

    tables = target.query(
        "SELECT name, engine, create_table_query, sorting_key, primary_key, partition_key, sampling_key, comment "
        "FROM system.tables WHERE database = {d:String} AND name NOT LIKE 'olapctl%' AND engine != 'Dictionary' "
        "ORDER BY name",
        {"d": db},
    )
    columns = target.query(
        "SELECT table, name, position, type, default_kind, default_expression, compression_codec, comment "
        "FROM system.columns WHERE database = {d:String} AND table NOT LIKE 'olapctl%' "
        "AND table NOT IN (SELECT name FROM system.dictionaries WHERE database = {d:String}) ORDER BY table, position",
        {"d": db},
    )
    indexes = target.query(
        "SELECT table, name, type_full, expr, granularity FROM system.data_skipping_indices "
        "WHERE database = {d:String}",
        {"d": db},
    )
    return {part: sorted(tuple(map(named, r)) for r in rows) for part, rows in
            (("tables", tables), ("columns", columns), ("indexes", indexes))}


def _fill(target: Target, db: str, settings: dict[str, str]) -> dict[str, tuple[int, int]]:
    """Random rows in each table that takes them; (count, checksum) per table, to prove nothing was lost."""
    tables = target.query(
        "SELECT name FROM system.tables WHERE database = {d:String} AND engine LIKE '%MergeTree' ORDER BY name",
        {"d": db},
    )
    refreshing = target.query("SELECT view FROM system.view_refreshes WHERE database = {d:String}", {"d": db})
    for (view,) in refreshing:  # a refreshable view rewrites its target on its own schedule
        target.command(f"SYSTEM STOP VIEW `{db}`.`{view}`")
    for (name,) in tables:
        # random timestamps meet TTLs: no merge may delete rows between the two counts
        target.command(f"SYSTEM STOP MERGES `{db}`.`{name}`")
        try:
            target.command(
                f"INSERT INTO `{name}` SELECT * FROM generateRandom() LIMIT {ROWS}", database=db, settings=settings
            )
        except ClickHouseError:
            pass  # constraints, AggregateFunction states: random rows do not fit every table
    return _contents(target, db)


def _contents(target: Target, db: str) -> dict[str, tuple[int, int]]:
    out = {}
    for (name,) in target.query(
        "SELECT name FROM system.tables WHERE database = {d:String} AND engine LIKE '%MergeTree' "
        "AND name NOT LIKE 'olapctl%'",
        {"d": db},
    ):
        count = target.query(f"SELECT count() FROM `{db}`.`{name}`")[0][0]
        try:
            digest = target.query(f"SELECT sum(cityHash64(*)) FROM `{db}`.`{name}`")[0][0]
        except ClickHouseError:
            digest = -1  # types cityHash64 does not take (AggregateFunction): the count alone
        out[str(name)] = (int(count), int(digest or 0))
    return out


def _difference(want: tuple[Any, ...], got: tuple[Any, ...]) -> str:
    """Where two rows differ, with some context: `original ... | created ...`."""
    for w, g in zip(want, got, strict=True):
        if w != g:
            a, b = str(w), str(g)
            i = next((n for n, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
            return f"{want[0]}: original …{a[max(0, i - 60) : i + 80]}… created …{b[max(0, i - 60) : i + 80]}…"
    return f"{want} != {got}"


def _at(target: Target, database: str) -> Target:
    return dataclasses.replace(target, database=database, tenancy=Tenancy(any_database=True))


def check_schema(target: Target, path: Path, source: str, copy: str) -> Outcome:
    """Run every check on one corpus file; `source` and `copy` are new, empty database names."""
    outcome = Outcome(path.stem)
    text = path.read_text()
    settings = session_settings(text)
    target.command(f"CREATE DATABASE `{source}`")
    for statement in statements(text):
        target.command(statement, database=source, settings=settings)
    before = _fill(target, source, settings)
    outcome.rows = sum(count for count, _ in before.values())
    original = _facts(target, source, (source, copy))
    outcome.objects = len(original["tables"])

    at = _at(target, source)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        start = time.perf_counter()
        live = introspect(at, [source])
        for relative, manifest in pulled(live, source, inferred_columns(at, live)):
            (out / relative).parent.mkdir(parents=True, exist_ok=True)
            (out / relative).write_text(manifest)
        outcome.timings["pull"] = time.perf_counter() - start

        start = time.perf_counter()
        declared = load_declarations([out], source)
        found = changes(at, declared)
        outcome.timings["diff"] = time.perf_counter() - start
        outcome.check(found.in_sync(), "pull then diff: " + describe(found.operations) + " ".join(found.problems()))

        plan = make_plan(at, declared)
        apply_plan(at, plan, declarations=declared)
        outcome.check(not plan.operations, "a no-op plan has operations")
        outcome.check(_contents(target, source) == before, "rows changed by a no-op plan")

        into = _at(target, copy)
        target.command(f"CREATE DATABASE `{copy}`")
        copied = load_declarations([out], copy)
        start = time.perf_counter()
        apply_plan(into, make_plan(into, copied), declarations=copied)
        outcome.timings["create"] = time.perf_counter() - start
        created = _facts(target, copy, (source, copy))
        for part in ("tables", "columns", "indexes"):
            want = [r for r in original[part]]
            got = [r for r in created[part]]
            if want != got:
                diffs = [_difference(w, g) for w, g in zip(want, got, strict=False) if w != g][:3]
                outcome.failures.append(f"created from the pull, {part} differ: {'; '.join(diffs) or (want, got)}")
        again = changes(into, copied)
        outcome.check(again.in_sync(), "created copy then diff: " + describe(again.operations))
    return outcome
