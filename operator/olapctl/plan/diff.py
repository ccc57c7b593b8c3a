"""diff(desired, live) -> ordered operations. Pure; both snapshots must be canonical (normalize.canonicalize).

Order: views and materialized views that go away or change are torn down first, then undeclared tables are
dropped, then each table is created or altered (renames, drops, adds, modifies), then materialized views and
views are created, each after what it reads from. Tables whose ORDER BY, PARTITION BY, PRIMARY KEY or engine
change are rebuilt without losing data: new table, copy, EXCHANGE TABLES, drop the old copy.
"""

from __future__ import annotations

from typing import TypeVar

from olapctl.plan import operations as o
from olapctl.schema.model import Column, Index, LifeCycle, MaterializedView, OlapTable, Snapshot, View, key
from olapctl.schema.sqltext import key_elements, qualified, quote_identifier, tokenize, unquote_identifier

REBUILD_SUFFIX = "__olapctl_new"
REBUILD_CONSTRAINT = "olapctl_rebuild_in_progress_writes_refused"


def column_schema(col: Column) -> Column:
    return col.model_copy(update={"renamed_from": None})


def table_schema(table: OlapTable) -> OlapTable:
    """What is compared: everything but annotations (lifeCycle, renamedFrom) and column order."""
    cols = sorted((column_schema(c) for c in table.columns), key=lambda c: c.name)
    return table.model_copy(
        update={
            "columns": cols,
            "life_cycle": LifeCycle.FULLY_MANAGED,
            "indexes": sorted(table.indexes, key=lambda i: i.name),
            "projections": sorted(table.projections, key=lambda p: p.name),
            "constraints": sorted(table.constraints, key=lambda c: c.name),
        }
    )


def same_schema(want: OlapTable, have: OlapTable) -> bool:
    """table_schema(want) == table_schema(have), answered without copying when the two are plainly equal."""
    a, b = want.__dict__, have.__dict__
    if all(a[f] == b[f] for f in a if f != "life_cycle"):
        return True
    return table_schema(want) == table_schema(have)


def _view_schema(view: MaterializedView | View) -> MaterializedView | View:
    update: dict[str, object] = {"life_cycle": LifeCycle.FULLY_MANAGED}
    if isinstance(view, MaterializedView):
        update["backfill"] = False
    return view.model_copy(update=update)


def keep_protected(desired: Snapshot, live: Snapshot) -> tuple[Snapshot, list[str]]:
    """DeletionProtected means nothing of the table is dropped: columns its declaration no longer lists (and did
    not rename) stay, appended to the desired table, in ALTERs and rebuilds alike. Returns the desired snapshot
    with them and a line for each, to report."""
    kept: list[str] = []
    tables = dict(desired.tables)
    for k, want in desired.tables.items():
        have = live.tables.get(k)
        if want.life_cycle != LifeCycle.DELETION_PROTECTED or have is None:
            continue
        names = {c.name for c in want.columns} | {c.renamed_from for c in want.columns if c.renamed_from}
        extra = [c for c in have.columns if c.name not in names]
        if extra:
            tables[k] = want.model_copy(update={"columns": [*want.columns, *extra]})
            kept += [f"= Table {k}: column {c.name} kept (lifeCycle DeletionProtected)" for c in extra]
    if not kept:
        return desired, []
    return desired.model_copy(update={"tables": tables}), kept


def desired_against(desired: Snapshot, live: Snapshot, setting_defaults: dict[str, str]) -> tuple[Snapshot, list[str]]:
    """The canonical declarations as the plan against `live` must reach them: DeletionProtected columns kept
    (keep_protected, with a line for each), implicit forms settled (settle_implicit)."""
    kept_desired, kept = keep_protected(desired, live)
    return settle_implicit(kept_desired, live, setting_defaults), kept


def settle_implicit(desired: Snapshot, live: Snapshot, setting_defaults: dict[str, str]) -> Snapshot:
    """Where a declared object and its live one differ only in what ClickHouse fills in by itself (a setting
    written or left to the server's default, a PRIMARY KEY written equal to ORDER BY or left out, `(a)` for `a` in
    a key or index, a view's column list or SQL SECURITY left to it), the desired object takes the live one's
    form: not drift, nothing to plan. New objects keep the form they were declared in, so that they are created
    as written."""
    tables = dict(desired.tables)
    for k, want in desired.tables.items():
        have = live.tables.get(k)
        if have is None:
            continue
        update: dict[str, object] = {}
        for field in ("order_by_expression", "partition_by", "sample_by"):  # `a` and `(a)`
            wanted, held = getattr(want, field), getattr(have, field)
            if wanted != held and _same_key(wanted, held):
                update[field] = held
        if want.primary_key != have.primary_key and _same_key(_effective_pk(want), _effective_pk(have)):
            update["primary_key"] = have.primary_key
        if want.indexes != have.indexes:
            held_indexes = {i.name: i for i in have.indexes}
            indexes = [_settled_index(i, held_indexes.get(i.name)) for i in want.indexes]
            if indexes != want.indexes:
                update["indexes"] = indexes
        if want.settings != have.settings:
            settings = dict(want.settings)
            for name in {*want.settings, *have.settings}:
                wanted, held = want.settings.get(name), have.settings.get(name)
                default = setting_defaults.get(name)
                if wanted != held and (wanted or default) == (held or default):
                    if held is None:
                        del settings[name]
                    else:
                        settings[name] = held
            if settings != want.settings:
                update["settings"] = settings
        if update:
            tables[k] = want.model_copy(update=update)
    # a view declared without a column list or SQL SECURITY has what ClickHouse gave it
    mvs = {k: _settled_view(v, live.materialized_views.get(k)) for k, v in desired.materialized_views.items()}
    views = {k: _settled_view(v, live.views.get(k)) for k, v in desired.views.items()}
    return desired.model_copy(update={"tables": tables, "materialized_views": mvs, "views": views})


_V = TypeVar("_V", MaterializedView, View)


def _settled_view(want: _V, have: _V | None) -> _V:
    if have is None:
        return want
    fields = ("columns", "sql_security") if isinstance(want, MaterializedView) else ("sql_security",)
    update = {f: getattr(have, f) for f in fields if getattr(want, f) is None and getattr(have, f) is not None}
    return want.model_copy(update=update) if update else want


def _effective_pk(table: OlapTable) -> str | None:
    sorting = table.sorting_key()
    if table.primary_key is None or sorting is None:
        return table.primary_key
    return None if key_elements(table.primary_key) == key_elements(sorting) else table.primary_key


def _same_key(a: str | None, b: str | None) -> bool:
    return a == b or (a is not None and b is not None and key_elements(a) == key_elements(b))


def _settled_index(want: Index, have: Index | None) -> Index:
    if have is None or want == have or want.expression == have.expression:
        return want
    if want.model_copy(update={"expression": have.expression}) == have and _same_key(want.expression, have.expression):
        return have
    return want


def needs_rebuild(desired: OlapTable, live: OlapTable) -> bool:
    return (
        desired.engine != live.engine
        or desired.sorting_key() != live.sorting_key()
        or desired.partition_by != live.partition_by
        or desired.primary_key != live.primary_key
    )


def referenced_names(select: str) -> set[str]:
    """Bare and qualified names a SELECT mentions; used only to order creations and find dependents."""
    names: set[str] = set()
    toks = tokenize(select)
    for i, tok in enumerate(toks):
        if tok.kind in ("word", "quoted"):
            name = unquote_identifier(tok.text)
            names.add(name)
            if i + 2 < len(toks) and toks[i + 1].text == "." and toks[i + 2].kind in ("word", "quoted"):
                names.add(f"{name}.{unquote_identifier(toks[i + 2].text)}")
    return names


def _reads(view: MaterializedView | View, table_key: str) -> bool:
    db, name = table_key.split(".", 1)
    refs = referenced_names(view.select)
    return table_key in refs or (view.database == db and name in refs)


def _rebuild(desired: OlapTable, live: OlapTable) -> list[o.Op]:
    db = str(desired.database)
    tmp = desired.name + REBUILD_SUFFIX
    live_names = {c.name for c in live.columns}
    targets, sources = [], []
    for col in desired.columns:
        if col.materialized is not None or not col.stored():
            continue
        if col.name in live_names:
            src = col.name
        elif col.renamed_from in live_names:
            src = str(col.renamed_from)
        else:
            continue
        targets.append(quote_identifier(col.name))
        sources.append(quote_identifier(src))
    new = desired.model_copy(update={"name": tmp, "columns": [column_schema(c) for c in desired.columns]})
    ops: list[o.Op] = [o.CreateTable(table=new)]
    # From here to the EXCHANGE, rows written to the old table would not reach the new one: a constraint that no
    # row satisfies makes every such INSERT fail loudly (naming the rebuild) instead of vanishing with the old copy.
    pause = (
        f"ALTER TABLE {qualified(db, desired.name)} ADD CONSTRAINT IF NOT EXISTS "
        f"{quote_identifier(REBUILD_CONSTRAINT)} CHECK 0"
    )
    copy = [f"TRUNCATE TABLE {qualified(db, tmp)}"]
    if targets:
        copy.append(
            f"INSERT INTO {qualified(db, tmp)} ({', '.join(targets)}) "
            f"SELECT {', '.join(sources)} FROM {qualified(db, desired.name)}"
        )
    ops.append(
        o.RawSql(
            sql=[pause, *copy],
            description=f"pause writes to {db}.{desired.name} and copy its rows into its rebuilt copy {tmp}",
            database=db,
        )
    )
    ops += [o.ExchangeTables(database=db, table=desired.name, other=tmp), o.DropTable(database=db, table=tmp)]
    return ops


def _alter(desired: OlapTable, live: OlapTable) -> list[o.Op]:
    db, name = str(desired.database), desired.name
    protected = desired.life_cycle == LifeCycle.DELETION_PROTECTED
    ops: list[o.Op] = []
    live_cols = {c.name: c for c in live.columns}
    desired_names = {c.name for c in desired.columns}
    # renames first: the data moves with the column
    for col in desired.columns:
        if col.renamed_from and col.name not in live_cols and col.renamed_from in live_cols:
            ops.append(
                o.RenameTableColumn(
                    database=db, table=name, before_column_name=col.renamed_from, after_column_name=col.name
                )
            )
            live_cols[col.name] = live_cols.pop(col.renamed_from).model_copy(update={"name": col.name})
    for cname in sorted(
        {c.name for c in live.constraints} - {c.name for c in desired.constraints if c in live.constraints}
    ):
        ops.append(o.DropTableConstraint(database=db, table=name, constraint_name=cname))
    for iname in sorted({i.name for i in live.indexes} - {i.name for i in desired.indexes if i in live.indexes}):
        ops.append(o.DropTableIndex(database=db, table=name, index_name=iname))
    for pname in sorted(
        {p.name for p in live.projections} - {p.name for p in desired.projections if p in live.projections}
    ):
        ops.append(o.DropTableProjection(database=db, table=name, projection_name=pname))
    if not protected:
        for cname in [c for c in live_cols if c not in desired_names]:
            ops.append(o.DropTableColumn(database=db, table=name, column_name=cname))
    previous: str | None = None
    for col in desired.columns:
        want = column_schema(col)
        have = live_cols.get(col.name)
        if have is None:
            ops.append(o.AddTableColumn(database=db, table=name, column=want, after_column=previous))
        elif have != want:
            ops.append(o.ModifyTableColumn(database=db, table=name, before_column=have, after_column=want))
        previous = col.name
    if desired.settings != live.settings:
        ops.append(
            o.ModifyTableSettings(
                database=db, table=name, before_settings=live.settings, after_settings=desired.settings
            )
        )
    if desired.comment != live.comment:
        ops.append(o.ModifyTableComment(database=db, table=name, before=live.comment, after=desired.comment))
    if desired.ttl != live.ttl:
        ops.append(o.ModifyTableTtl(database=db, table=name, before=live.ttl, after=desired.ttl))
    if desired.sample_by != live.sample_by:
        if desired.sample_by:
            ops.append(o.ModifySampleBy(database=db, table=name, expression=desired.sample_by))
        else:
            ops.append(o.RemoveSampleBy(database=db, table=name))
    for idx in desired.indexes:
        if idx not in live.indexes:
            ops.append(o.AddTableIndex(database=db, table=name, index=idx))
    for proj in desired.projections:
        if proj not in live.projections:
            ops.append(o.AddTableProjection(database=db, table=name, projection=proj))
    for constraint in desired.constraints:
        if constraint not in live.constraints:
            ops.append(o.AddTableConstraint(database=db, table=name, constraint=constraint))
    return ops


def _creation_order(views: dict[str, MaterializedView | View]) -> list[str]:
    """Views after the views they read from; otherwise by key, so plans are deterministic."""
    done: list[str] = []
    pending = sorted(views)
    while pending:
        for k in pending:
            deps = {d for d in pending if d != k and _reads(views[k], d)}
            if not deps:
                done.append(k)
                pending.remove(k)
                break
        else:  # a cycle: ClickHouse will refuse it; keep going deterministically
            done.extend(pending)
            break
    return done


def diff(desired: Snapshot, live: Snapshot) -> list[o.Op]:
    """Operations that turn `live` into `desired`. Objects of `live` that `desired` does not declare are dropped
    (MooseStack's behaviour for a whole database); to plan some objects only, introspect only those."""
    teardown: list[o.Op] = []
    drops: list[o.Op] = []
    tables: list[o.Op] = []
    creates: list[o.Op] = []
    rebuilt: set[str] = set()

    for k in sorted(desired.tables):
        want = desired.tables[k]
        if want.life_cycle == LifeCycle.EXTERNALLY_MANAGED:
            continue
        have = live.tables.get(k)
        if have is None:
            tables.append(
                o.CreateTable(table=want.model_copy(update={"columns": [column_schema(c) for c in want.columns]}))
            )
        elif not same_schema(want, have):
            if needs_rebuild(want, have):
                rebuilt.add(k)
                tables += _rebuild(want, have)
            else:
                tables += _alter(want, have)
    for k in sorted(set(live.tables) - set(desired.tables)):
        drops.append(o.DropTable(database=str(live.tables[k].database), table=live.tables[k].name))

    views: dict[str, MaterializedView | View] = {**desired.materialized_views, **desired.views}
    live_views: dict[str, MaterializedView | View] = {**live.materialized_views, **live.views}
    to_create: dict[str, MaterializedView | View] = {}
    backfills: set[str] = set()
    for k in sorted(views):
        want_v = views[k]
        if want_v.life_cycle == LifeCycle.EXTERNALLY_MANAGED:
            continue
        have_v = live_views.get(k)
        touches_rebuilt = any(
            _reads(want_v, t) or (isinstance(want_v, MaterializedView) and key(*want_v.writes_to()) == t)
            for t in rebuilt
        )
        if have_v is not None and _view_schema(want_v) == _view_schema(have_v) and not touches_rebuilt:
            continue
        if have_v is not None:
            teardown.append(_drop_view(have_v))
        to_create[k] = want_v
        # a new materialized view is backfilled whatever else the plan rebuilds; an existing one only when its
        # SELECT changed (a rebuild copies its target's rows, which a backfill would replace)
        if isinstance(want_v, MaterializedView) and want_v.backfill and (have_v is None or not touches_rebuilt):
            backfills.add(k)
    for k in _creation_order(to_create):
        view = to_create[k]
        if isinstance(view, MaterializedView):
            creates.append(o.CreateMaterializedView(view=_view_schema(view)))
            if k in backfills:
                creates.append(backfill(view))
        else:
            creates.append(o.CreateView(view=_view_schema(view)))
    for k in sorted(set(live_views) - set(views)):
        teardown.append(_drop_view(live_views[k]))
    return teardown + drops + tables + creates


def broken_dependents(desired: Snapshot, ops: list[o.Op]) -> list[str]:
    """Declared views and materialized views that would read what the operations take away: a table dropped, a
    column dropped or renamed away that their SELECT names. (A view whose declaration no longer names it is
    recreated by the plan, and a rebuilt table's readers are recreated after it.)"""
    declared: dict[str, MaterializedView | View] = {**desired.materialized_views, **desired.views}
    readers = {k: v for k, v in declared.items() if v.life_cycle != LifeCycle.EXTERNALLY_MANAGED}
    problems = []
    for op in ops:
        subject = op.subject()
        gone: str | None = None
        if isinstance(op, o.DropTable) and subject not in desired.tables:
            gone = "table"
        elif isinstance(op, o.DropTableColumn):
            gone = op.column_name
        elif isinstance(op, o.RenameTableColumn):
            gone = op.before_column_name
        if gone is None:
            continue
        for k, view in sorted(readers.items()):
            if not _reads(view, subject):
                continue
            if gone == "table":
                problems.append(f"{_label(view)} {k} reads {subject}, which this plan drops")
            elif gone in referenced_names(view.select):
                problems.append(f"{_label(view)} {k} reads column {gone} of {subject}, which this plan removes")
    return problems


def _label(view: MaterializedView | View) -> str:
    return "materialized view" if isinstance(view, MaterializedView) else "view"


def _drop_view(view: MaterializedView | View) -> o.Op:
    if isinstance(view, MaterializedView):  # with its own table, its rows go with it
        holds = True if view.storage is not None else None
        return o.DropMaterializedView(database=str(view.database), name=view.name, holds_data=holds)
    return o.DropView(database=str(view.database), name=view.name)


def backfill(view: MaterializedView) -> o.RawSql:
    """Repopulate the target from the source: idempotent (TRUNCATE first), so a resumed plan cannot double it."""
    db, table = view.writes_to()
    target = qualified(db, table)
    return o.RawSql(
        sql=[f"TRUNCATE TABLE {target}", f"INSERT INTO {target} {view.select}"],
        description=f"backfill {db}.{table} from materialized view {view.database}.{view.name}",
        database=view.database,
    )
