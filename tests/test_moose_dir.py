"""MooseStack's migrations/ directories: read as MooseStack wrote them, applied with olapctl's guarantees, and
written back as MooseStack's own types read them.

Every directory under tests/fixtures/moosestack/ was written by MooseStack in a public repository (SOURCE.txt in
each: repository, commit, path); docs-0ca7779 holds the YAML of MooseStack's docs. tools/moose-check reads files
with MooseStack's serde types, copied from 514-labs/moosestack@0ca7779d8c66 (MIT)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from olapctl.clickhouse.connect import Target
from olapctl.clickhouse.render import statements
from olapctl.engine.executor import ApplyRefused, Progress, apply_plan
from olapctl.engine.planning import canonical_plan, changes, make_plan
from olapctl.plan import operations as o
from olapctl.plan.moose_dir import (
    LOCAL_FILE,
    PLAN_FILE,
    REMOTE_FILE,
    MooseFormatError,
    Names,
    read_directory,
    table_from_moose,
    write_directory,
)
from olapctl.plan.planfile import Plan, read_moose_dir
from olapctl.schema.model import Column, Constraint, Index, MaterializedView, OlapTable, Projection, Snapshot, View

FIXTURES = Path(__file__).parent / "fixtures" / "moosestack"
REPO = Path(__file__).parent.parent
# written by the MooseStack of their day; the current one (0ca7779d) reads them (moose-check)
CURRENT = [
    "planes-580cf35",
    "planes-6457e14",
    "planes-adfb40d",
    "planes-c5e2be2",
    "planes-ce00164",
    "planes-cf79a4e",
    "optimize-me-cf2ddfc",
]
# written by MooseStack 0.6.x of 2025 (older fields: no dmv1_views, `SharedMergeTree`, engine null, no
# engine_params_hash): the current MooseStack refuses them, olapctl reads them
OLDER = ["planes-031b9d2", "planes-py-4ca0bf2", "ts-demo-6b10975"]
FILES = (PLAN_FILE, REMOTE_FILE, LOCAL_FILE)


def texts(name: str) -> dict[str, str]:
    return {f: (FIXTURES / name / f).read_text() for f in FILES}


def planned_in(name: str) -> str:
    return str(json.loads(texts(name)[REMOTE_FILE]).get("default_database", "local"))


def read(name: str, database: str | None = None) -> Any:
    t = texts(name)
    return read_directory(t[PLAN_FILE], t[REMOTE_FILE], t[LOCAL_FILE], database or planned_in(name), name)


@pytest.fixture(scope="session")
def moose_check() -> Any:
    """MooseStack's reader of a migrations/ directory (tools/moose-check), built once, cached outside the repo."""
    cargo = shutil.which("cargo") or str(Path.home() / ".cargo" / "bin" / "cargo")
    cache = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "olapctl" / "moose-check"
    built = subprocess.run(
        [cargo, "build", "--release", "--quiet", "--manifest-path", str(REPO / "tools/moose-check/Cargo.toml")],
        env={**os.environ, "CARGO_TARGET_DIR": str(cache)},
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert built.returncode == 0, built.stderr
    binary = cache / "release" / "moose-check"

    def check(directory: Path) -> tuple[int, Any]:
        r = subprocess.run([str(binary), str(directory)], capture_output=True, text=True, timeout=60)
        return r.returncode, json.loads(r.stdout) if r.returncode == 0 else r.stderr

    return check


def test_moosestack_reads_the_current_directories_and_refuses_the_older(moose_check: Any) -> None:
    for name in CURRENT:
        code, out = moose_check(FIXTURES / name)
        assert code == 0, out
    refusals = {name: moose_check(FIXTURES / name)[1] for name in OLDER}
    assert "unknown variant `SharedMergeTree`" in refusals["planes-031b9d2"]
    assert "invalid type: null, expected string or map" in refusals["planes-py-4ca0bf2"]  # engine: null
    assert "remote_state.json: expected value" in refusals["ts-demo-6b10975"]


@pytest.mark.parametrize("name", CURRENT + OLDER)
def test_every_real_directory_is_read_operation_for_operation(name: str) -> None:
    found = read(name)
    written = yaml.safe_load(texts(name)[PLAN_FILE])["operations"]
    assert [op.kind for op in found.operations] == [{"RawSQL": "RawSql"}.get(k, k) for d in written for k in d]
    for state, file in ((found.expected, REMOTE_FILE), (found.desired, LOCAL_FILE)):
        tables = json.loads(texts(name)[file])["tables"].values()
        assert sorted(t.name for t in state.tables.values()) == sorted(t["name"] for t in tables)


def _comparable_table(table: dict[str, Any], remote: bool) -> dict[str, Any]:
    """A table without what olapctl has no place for and ClickHouse does not hold (MooseStack cannot read them
    from ClickHouse either): metadata (the description and the source file in the MooseStack project), `unique`,
    `version` with the primitive's unversioned name, column primary_key flags that primary_key_expression
    overrides; in remote_state.json also what differs between a state MooseStack stored and one it read from
    ClickHouse (an explicit database, EXTERNALLY_MANAGED, no settings hash)."""
    table = {k: v for k, v in table.items() if k not in ("metadata", "version", "source_primitive")}
    overridden = "primary_key_expression" in table
    table["columns"] = [
        {k: v for k, v in c.items() if k != "unique" and not (overridden and k == "primary_key")}
        for c in table["columns"]
    ]
    if remote:
        for k in ("database", "life_cycle", "table_settings_hash"):
            table.pop(k, None)
    return table


def _comparable(name: str, files: dict[str, str]) -> dict[str, Any]:
    """What the three files say of the OLAP schema, keyed as compared (modulo key order and created_at)."""
    default = planned_in(name)
    ops = []
    for op in yaml.safe_load(files[PLAN_FILE])["operations"]:
        ((kind, body),) = op.items()
        body = dict(body)
        if body.get("database") == default:  # named explicitly or left to the default: the same database
            body["database"] = None
        if kind == "CreateTable":
            body["table"] = _comparable_table(body["table"], remote=False)
        ops.append({kind: body})
    out: dict[str, Any] = {"operations": ops}
    for file in (REMOTE_FILE, LOCAL_FILE):
        state = json.loads(files[file])
        remote = file == REMOTE_FILE
        out[file] = {
            "tables": {t["name"]: _comparable_table(t, remote) for t in state["tables"].values()},
            "materialized_views": {
                k: {**{f: v for f, v in mv.items() if f != "metadata"}, "selectSql": mv["selectSql"].strip()}
                for k, mv in state.get("materialized_views", {}).items()
            },
            "views": state.get("views", {}),
        }
    return out


@pytest.mark.parametrize("name", CURRENT)
def test_read_then_written_equals_moosestacks_own_files(name: str) -> None:
    found = read(name)
    written = write_directory(found.operations, found.expected, found.desired, found.created_at, planned_in(name))
    assert written.substitutions == [] and written.approximations == []
    assert _comparable(name, written.files) == _comparable(name, texts(name))
    assert yaml.safe_load(written.files[PLAN_FILE])["created_at"] == yaml.safe_load(texts(name)[PLAN_FILE])[
        "created_at"
    ].isoformat().replace("+00:00", "Z")


def _sorted(value: Any) -> Any:
    return json.loads(json.dumps(value, sort_keys=True, default=str))


def _moosestack_holds_all_of(moose_check: Any, directory: Path) -> None:
    """MooseStack reads every file and holds exactly what is written: no field it drops, none it adds."""
    code, held = moose_check(directory)
    assert code == 0, held
    plan = yaml.load((directory / PLAN_FILE).read_text(), Loader=yaml.BaseLoader)  # created_at as written
    ours = yaml.safe_load((directory / PLAN_FILE).read_text())
    ours["created_at"] = plan["created_at"]
    assert _sorted(held["plan"]) == _sorted(ours)
    for key, file in (("remote_state", REMOTE_FILE), ("local_infra_map", LOCAL_FILE)):
        assert held[key] == json.loads((directory / file).read_text())


@pytest.mark.parametrize("name", CURRENT)
def test_moosestack_holds_all_olapctl_writes_of_real_directories(name: str, moose_check: Any, tmp_path: Path) -> None:
    found = read(name)
    written = write_directory(found.operations, found.expected, found.desired, found.created_at, planned_in(name))
    for file, text in written.files.items():
        (tmp_path / file).write_text(text)
    _moosestack_holds_all_of(moose_check, tmp_path)


def test_every_olapctl_operation_is_written_as_moosestack_runs_it(moose_check: Any, tmp_path: Path) -> None:
    """Each operation olapctl plans: MooseStack's operation of the same name where MooseStack has one that does
    exactly this; otherwise RawSql with the statements olapctl would run, said in the summary."""
    base = _table("events", "- {name: id, type: UInt64}\n- {name: ts, type: \"DateTime('UTC')\"}", "orderBy: [id]")
    odd = _table("odd", "- {name: id, type: UInt64}\n- {name: t, type: \"DateTime('Europe/Berlin')\"}", "orderBy: [id]")
    db = "analytics"
    col = Column.model_validate({"name": "status", "type": "LowCardinality(String)", "codec": "ZSTD(3)"})
    ops: list[o.Op] = [
        o.CreateTable(table=base),
        o.CreateTable(table=odd),
        o.AddTableColumn(database=db, table="events", column=col, after_column="ts"),
        o.ModifyTableColumn(
            database=db,
            table="events",
            before_column=col,
            after_column=col.model_copy(update={"data_type": "String", "comment": "state"}),
        ),
        o.RenameTableColumn(database=db, table="events", before_column_name="status", after_column_name="state"),
        o.DropTableColumn(database=db, table="events", column_name="state"),
        o.ModifyTableSettings(database=db, table="events", after_settings={"ttl_only_drop_parts": "1"}),
        o.ModifyTableTtl(database=db, table="events", after="ts + toIntervalDay(30)"),
        o.AddTableIndex(database=db, table="events", index=Index(name="i", expression="id", type="bloom_filter(0.01)")),
        o.DropTableIndex(database=db, table="events", index_name="i"),
        o.AddTableProjection(
            database=db, table="events", projection=Projection(name="p", query="SELECT * ORDER BY ts")
        ),
        o.DropTableProjection(database=db, table="events", projection_name="p"),
        o.ModifySampleBy(database=db, table="events", expression="id"),
        o.RemoveSampleBy(database=db, table="events"),
        o.AddTableConstraint(database=db, table="events", constraint=Constraint(name="c", expression="id > 0")),
        o.DropTableConstraint(database=db, table="events", constraint_name="c"),
        o.ModifyTableComment(database=db, table="events", after="all events"),
        o.ExchangeTables(database=db, table="events", other="odd"),
        o.CreateMaterializedView(
            view=MaterializedView.model_validate(
                {"name": "mv", "database": db, "select": "SELECT id FROM analytics.events", "to": {"table": "odd"}}
            )
        ),
        o.CreateMaterializedView(
            view=MaterializedView.model_validate(
                {"name": "agg", "database": db, "select": "SELECT id FROM analytics.events", "storage": "Memory"}
            )
        ),
        o.DropMaterializedView(database=db, name="mv"),
        o.CreateView(view=View(name="v", database=db, select="SELECT id FROM analytics.events")),
        o.CreateView(
            view=View.model_validate({"name": "w", "database": db, "select": "SELECT 1", "sqlSecurity": "INVOKER"})
        ),
        o.DropView(database=db, name="v"),
        o.RawSql(sql=["OPTIMIZE TABLE analytics.events FINAL"], description="compact", database=db),
        o.DropTable(database=db, table="odd"),
    ]
    assert {type(op) for op in ops} == set(o.OPERATION_TYPES)
    state = Snapshot(tables={"analytics.events": base, "analytics.odd": odd})
    written = write_directory(ops, state, state, "2026-11-30T12:00:00Z", db)
    for file, text in written.files.items():
        (tmp_path / file).write_text(text)
    _moosestack_holds_all_of(moose_check, tmp_path)

    plan = yaml.safe_load(written.files[PLAN_FILE])["operations"]
    substituted = {1, 14, 15, 16, 17, 19, 22}  # odd's time zone, constraints, comment, exchange, storage, security
    for i, (op, doc) in enumerate(zip(ops, plan, strict=True)):
        ((kind, body),) = doc.items()
        if i in substituted:
            assert kind == "RawSql" and body["sql"] == statements(op), op.kind
            assert body["description"].startswith(op.title())
        else:
            assert kind == op.kind
    assert len(written.substitutions) == len(substituted)
    assert "column t type DateTime('Europe/Berlin') (MooseStack creates DateTime('UTC'))" in written.substitutions[0]
    assert plan[2]["AddTableColumn"]["column"] == {
        "annotations": [["LowCardinality", True]],
        "codec": "ZSTD(3)",
        "data_type": "String",
        "default": None,
        "name": "status",
        "primary_key": False,
        "required": True,
        "unique": False,
    }
    assert plan[8]["AddTableIndex"]["index"] == {
        "arguments": ["0.01"],
        "expression": "id",
        "granularity": 1,
        "name": "i",
        "type": "bloom_filter",
    }
    # the states hold what MooseStack can; the rest is said, not silently dropped
    assert any("odd: column t type DateTime('Europe/Berlin')" in line for line in written.approximations)


def _table(name: str, columns: str, extra: str) -> OlapTable:
    spec = yaml.safe_load(f"name: {name}\ndatabase: analytics\ncolumns:\n{columns}\n{extra}")
    return OlapTable.model_validate(spec)


def test_docs_and_seed_forms_are_read() -> None:
    """The YAML MooseStack's docs show (and the seed document repeats): RawSQL with one string, ChangeTableColumn,
    columns without their flags, `Nullable: {nullable: T}`, a CreateTable without source_primitive."""
    events = {
        "name": "events",
        "columns": [
            {"name": "id", "data_type": "String", "required": True, "unique": False, "primary_key": True},
            {"name": "some_column", "data_type": "String", "required": True, "unique": False, "primary_key": False},
            {"name": "value", "data_type": "Float64", "required": False, "unique": False, "primary_key": False},
        ],
        "order_by": ["id"],
    }
    remote = json.dumps({"tables": {"local_events": events}})
    read_ok: dict[str, list[o.Op] | str] = {}
    for f in sorted((FIXTURES / "docs-0ca7779").glob("*.yaml")):
        try:
            doc = yaml.safe_load(f.read_text())
        except yaml.YAMLError:
            continue  # olap_planned-migrations block 3 is not YAML as published
        if isinstance(doc, list):
            doc = {"operations": doc}
        if not isinstance(doc, dict) or "operations" not in doc or "<" in f.read_text() or "..." in f.read_text():
            continue  # a fragment, or a schema illustration with <placeholders> or `...`
        try:
            read_ok[f.name] = read_directory(yaml.safe_dump(doc), remote, remote, "local", f.name).operations
        except MooseFormatError as exc:
            read_ok[f.name] = str(exc)
    change = read_ok["olap_apply-migrations__block05_L427-430.yaml"]
    assert isinstance(change, list) and isinstance(change[0], o.ModifyTableColumn)
    assert change[0].after_column.data_type == "LowCardinality(String)"
    seed = read_ok["olap_apply-migrations__block02_L168-236.yaml"]
    assert isinstance(seed, list) and [op.kind for op in seed] == ["CreateTable", "CreateTable", "RawSql"]
    assert isinstance(seed[2], o.RawSql) and seed[2].sql[0].startswith("CREATE MATERIALIZED VIEW mv_to_target")
    nullable = read_ok["olap_planned-migrations__block01_L95-148.yaml"]
    assert isinstance(nullable, list) and isinstance(nullable[3], o.ModifyTableColumn)
    assert nullable[3].after_column.data_type == "Nullable(Float64)"
    # a named enum whose values the file does not give cannot be created: said, naming the field
    assert read_ok["olap_schema-change__block01_L117-128.yaml"] == (
        "olap_schema-change__block01_L117-128.yaml/plan.yaml: operations[0].AddTableColumn.column.data_type: "
        "not a MooseStack column type: 'StatusEnum'"
    )
    refused = sorted(k for k, v in read_ok.items() if not isinstance(v, list))
    assert refused == ["migrate_failed-migrations__block01_L127-138.yaml", "olap_schema-change__block01_L117-128.yaml"]
    assert len(read_ok) == 15


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            lambda p: p["operations"][0]["CreateTable"]["table"]["columns"][1].pop("data_type"),
            "plan.yaml: operations[0].CreateTable.table.columns[1]: missing field `data_type`",
        ),
        (
            lambda p: p["operations"][0]["CreateTable"]["table"].update(engine={"Kafka": {"broker_list": "k:9092"}}),
            "plan.yaml: operations[0].CreateTable.table.engine: engine Kafka is not one olapctl applies",
        ),
        (
            lambda p: p["operations"][0]["CreateTable"]["table"]["columns"][0].update(data_type="BigInt"),
            "operations[0].CreateTable.table.columns[0].data_type: MooseStack type BigInt has no ClickHouse type",
        ),
        (
            lambda p: p["operations"].append({"AlterDatabase": {}}),
            "plan.yaml: operations[2].AlterDatabase: unknown operation 'AlterDatabase'",
        ),
        (
            lambda p: p["operations"][0]["CreateTable"]["table"].update(life_cycle="MANAGED"),
            "operations[0].CreateTable.table.life_cycle: one of FULLY_MANAGED, DELETION_PROTECTED, EXTERNALLY_MANAGED",
        ),
    ],
)
def test_a_bad_file_is_refused_naming_the_file_and_field(edit: Any, message: str) -> None:
    t = texts("planes-580cf35")
    plan = yaml.safe_load(t[PLAN_FILE])
    edit(plan)
    with pytest.raises(MooseFormatError) as exc:
        read_directory(yaml.safe_dump(plan), t[REMOTE_FILE], t[LOCAL_FILE], "db", "migrations")
    assert message in str(exc.value)


# --------------------------------------------------------------------------- applied to ClickHouse


def _seed(target: Target, name: str) -> Plan:
    """The database as MooseStack left it when it wrote the plan (remote_state.json), and the plan read."""
    plan = canonical_plan(read_moose_dir(FIXTURES / name, target.database), target)
    apply_plan(target, make_plan(target, plan.expected.snapshot, "seed"))
    return plan


def _rows(target: Target, table: str) -> int:
    return int(target.query(f"SELECT count() FROM `{target.database}`.`{table}`")[0][0])


@pytest.mark.parametrize("name", [n for n in CURRENT + OLDER if n not in ("planes-ce00164", "ts-demo-6b10975")])
def test_real_directory_applies_once_and_reaches_its_local_state(name: str, target: Target) -> None:
    plan = _seed(target, name)
    # another team's table in the same database: not in MooseStack's files, so neither drift nor dropped
    target.command(f"CREATE TABLE `{target.database}`.other_team (id UInt8) ENGINE = MergeTree ORDER BY id")
    tables = [
        t.name
        for t in plan.expected.snapshot.tables.values()
        if not any(c.data_type.startswith("AggregateFunction(") for c in t.columns)  # (no random states)
    ]
    for table in tables:
        target.command(f"INSERT INTO `{target.database}`.`{table}` SELECT * FROM generateRandom(1) LIMIT 2")
    result = apply_plan(target, plan, allow_destructive=True)  # verified: live == local_infra_map.json
    assert result.applied == list(range(len(plan.operations)))
    assert changes(target, plan.desired.snapshot, plan.desired.snapshot.object_keys()).operations == []
    assert apply_plan(target, plan).applied == []  # the ledger: never twice
    assert target.query(f"EXISTS TABLE `{target.database}`.other_team")[0][0] == 1
    if name == "planes-6457e14":  # a hand-edited plan: RENAME, CreateTable, INSERT ... SELECT, DROP
        assert _rows(target, "AircraftTrackingProcessedTable") == 2


def test_moosestacks_own_plan_that_would_drop_a_table_is_refused(target: Target) -> None:
    """planes@ce00164: MooseStack wrote CreateTable (IF NOT EXISTS: a no-op, the table exists), five
    ModifyTableColumn, then DropTable of the same table, in that order: run as written it ends without the table
    its local_infra_map.json declares. (Its authors replaced it by hand in the next commit, 6457e14.)"""
    plan = _seed(target, "planes-ce00164")
    with pytest.raises(ApplyRefused) as exc:
        apply_plan(target, plan, allow_destructive=True)
    assert "its operations do not lead to its desiredState" in str(exc.value)
    gap = exc.value.drift[f"{target.database}.AircraftTrackingProcessedTable"]
    assert gap[0].startswith("desiredState table (zorderCoordinate Float64, ") and gap[0].endswith(
        "after the operations absent"
    )
    assert changes(target, plan.expected.snapshot).operations == []  # nothing ran


def test_drift_from_remote_state_refuses_and_stale_declarations_refuse(target: Target) -> None:
    plan = _seed(target, "planes-cf79a4e")
    target.command(f"ALTER TABLE `{target.database}`.AircraftTrackingDataTable ADD COLUMN hotfix UInt8")
    with pytest.raises(ApplyRefused) as exc:
        apply_plan(target, plan, allow_destructive=True)
    assert exc.value.reason == "drift" and "hotfix" in str(exc.value)
    target.command(f"ALTER TABLE `{target.database}`.AircraftTrackingDataTable DROP COLUMN hotfix")
    declared = plan.desired.snapshot.model_copy(update={"tables": dict(list(plan.desired.snapshot.tables.items())[:1])})
    with pytest.raises(ApplyRefused) as stale:
        apply_plan(target, plan, declarations=declared, allow_destructive=True)
    assert stale.value.reason == "stale"
    assert apply_plan(target, plan, declarations=plan.desired.snapshot, allow_destructive=True).applied == [0, 1, 2, 3]


def test_interrupted_moose_plan_resumes_after_its_raw_sql(target: Target) -> None:
    """planes@6457e14 stopped after its RENAME (raw SQL): the rerun starts at operation 2, not again at 1."""
    plan = _seed(target, "planes-6457e14")

    class Killed(Exception):
        pass

    def die_after_first(step: Progress) -> None:
        if str(step).startswith("[1/9]"):
            raise Killed

    with pytest.raises(Killed):
        apply_plan(target, plan, progress=die_after_first, allow_destructive=True)
    steps: list[Progress] = []
    result = apply_plan(target, plan, progress=steps.append, allow_destructive=True)
    lines = [str(step) for step in steps]
    assert result.resumed_at == 1 and result.applied == list(range(1, 9))
    assert lines[0] == f"resuming plan {plan.name} at operation 2 of 9"


def _key(doc: Any) -> str:
    return json.dumps(doc, sort_keys=True, default=str)


@pytest.mark.parametrize(
    ("name", "relation"),
    [
        ("planes-580cf35", "equal"),  # a new table and its materialized view
        ("planes-adfb40d", "equal"),  # nothing to do
        ("planes-cf79a4e", "same operations"),  # two drops and two adds: olapctl orders them table by table
        ("planes-c5e2be2", "but a hand-written RawSql"),  # the authors added an INSERT ... SELECT by hand
    ],
)
def test_olapctl_saves_the_same_change_as_moosestack(name: str, relation: str, target: Target) -> None:
    """MooseStack's directory applied by olapctl; then the same change (remote_state.json -> local_infra_map.json)
    planned by olapctl and saved: equal to MooseStack's files, modulo key order, created_at and what
    _comparable_table lists."""
    plan = _seed(target, name)
    found = read(name, target.database)
    mine = make_plan(target, found.desired, "same")
    written = write_directory(mine.operations, mine.expected.snapshot, mine.desired.snapshot, "", target.database)
    ours, theirs = _comparable(name, written.files), _comparable(name, texts(name))
    # a SELECT is compared in canonical form: olapctl keeps ClickHouse's, MooseStack the code's text
    canonical = {v.name: v.select for v in plan.desired.snapshot.materialized_views.values()}
    assert canonical == {v.name: v.select for v in mine.desired.snapshot.materialized_views.values()}
    for side in (ours, theirs):
        for op in side["operations"]:
            if "CreateMaterializedView" in op:
                op["CreateMaterializedView"]["select_sql"] = canonical[op["CreateMaterializedView"]["name"]]
        for file in (REMOTE_FILE, LOCAL_FILE):
            for mv in side[file]["materialized_views"].values():
                mv["selectSql"] = canonical[mv["name"]]
    for file in (REMOTE_FILE, LOCAL_FILE):
        assert ours[file] == theirs[file]
    if relation == "equal":
        assert ours["operations"] == theirs["operations"]
    elif relation == "same operations":
        assert ours["operations"] != theirs["operations"]
        assert sorted(map(_key, ours["operations"])) == sorted(map(_key, theirs["operations"]))
    else:  # and in another order
        extra = [op for op in theirs["operations"] if op not in ours["operations"]]
        assert [next(iter(op)) for op in extra] == ["RawSql"]
        kept = [op for op in theirs["operations"] if op not in extra]
        assert sorted(map(_key, kept)) == sorted(map(_key, ours["operations"]))
    apply_plan(target, plan, allow_destructive=True)
    assert changes(target, found.desired).operations == []


def test_where_moosestack_drops_a_table_to_rekey_it_olapctl_keeps_its_rows(target: Target) -> None:
    """optimize-me@cf2ddfc: to change AmazonReview's ORDER BY, MooseStack's plan is DropTable + CreateTable (the
    rows are lost); olapctl plans the same change as a rebuild that copies them, and --save writes that as
    MooseStack can run it (the EXCHANGE as RawSql)."""
    review = _seed(target, "optimize-me-cf2ddfc")
    target.command(f"INSERT INTO `{target.database}`.AmazonReview SELECT * FROM generateRandom(1) LIMIT 3")
    theirs = [next(iter(d)) for d in yaml.safe_load(texts("optimize-me-cf2ddfc")[PLAN_FILE])["operations"]]
    assert theirs == ["DropTable", "CreateTable"]
    rebuild = make_plan(target, review.desired.snapshot, "rebuild")
    assert [op.kind for op in rebuild.operations] == ["CreateTable", "RawSql", "ExchangeTables", "DropTable"]
    written = write_directory(rebuild.operations, rebuild.expected.snapshot, rebuild.desired.snapshot, "", "x")
    saved = [next(iter(d)) for d in yaml.safe_load(written.files[PLAN_FILE])["operations"]]
    assert saved == ["CreateTable", "RawSql", "RawSql", "DropTable"]
    apply_plan(target, rebuild, allow_destructive=True)
    assert _rows(target, "AmazonReview") == 3


@pytest.mark.parametrize(
    ("depth", "message"),
    [(5000, "nested deeper than any MooseStack type or plan"), (300, "type nests 300 levels deep; the limit is 32")],
)
def test_a_hostile_nesting_is_refused_with_one_line(depth: int, message: str) -> None:
    key = "nullable" if depth > 1000 else "elementType"
    data_type = f'{{"{key}": ' * depth + '"String"' + "}" * depth  # (as text: json.dumps recurses too)
    op = f'{{"AddTableColumn": {{"table": "t", "column": {{"name": "c", "data_type": {data_type}}}}}}}'
    text = f'{{"created_at": "2026-11-30T00:00:00Z", "operations": [{op}]}}'
    with pytest.raises(MooseFormatError, match=message):
        read_directory(text, '{"tables": {}}', '{"tables": {}}', "db", "migrations")


def test_keys_and_settings_reach_ddl_as_moosestack_writes_them_and_no_further() -> None:
    """MooseStack strips one pair of outer parentheses from a key and wraps it again in DDL: `(a) + (b)` is that
    expression, not `a) + (b`; a setting value is a quoted string unless numeric, and a quote inside stays inside."""
    table = {
        "name": "t",
        "columns": [{"name": n, "data_type": "Int64", "required": True, "unique": False, "primary_key": False}
                    for n in ("a", "b")],
        "order_by": "(a) + (b)",
        "primary_key_expression": "(a) + (b)",
        "table_settings": {"storage_policy": "it's", "index_granularity": "8192"},
        "source_primitive": {"name": "t", "primitive_type": "DataModel"},
    }  # fmt: skip
    read_back = table_from_moose(table, Names("db"), "t")
    assert (read_back.primary_key, read_back.order_by_expression) == ("(a) + (b)", "(a) + (b)")
    assert read_back.settings == {"index_granularity": "8192", "storage_policy": "'it\\'s'"}
