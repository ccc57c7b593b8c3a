"""A plan for reviewers: the data check that makes an operation destructive is in its row, and the overall risk."""

from __future__ import annotations

from olapctl.plan import operations as o
from olapctl.plan.review import as_markdown, review
from olapctl.schema.model import Column


def test_a_data_check_makes_the_row_and_the_plan_destructive() -> None:
    before = Column.model_validate({"name": "qty", "type": "String"})
    narrow = o.ModifyTableColumn(
        database="shop",
        table="orders",
        before_column=before,
        after_column=before.model_copy(update={"data_type": "Int32"}),
    )
    add = o.AddTableColumn(
        database="shop", table="orders", column=Column.model_validate({"name": "x", "type": "UInt8"})
    )
    doc = review([add, narrow], {1: "3 rows of shop.orders.qty do not fit Int32"}, name="p")
    assert doc["risk"] == "destructive"
    assert [(op["risk"], op["check"]) for op in doc["operations"]] == [
        ("safe", None),
        ("destructive", "3 rows of shop.orders.qty do not fit Int32"),
    ]
    text = as_markdown(doc)
    assert "| 2 | ModifyTableColumn | `shop.orders` | **destructive** |" in text
    assert text.splitlines()[0] == "### olapctl: plan `p`: 2 operation(s), risk **destructive**"
    assert "| 3 rows of shop.orders.qty do not fit Int32 |" in text
    assert "ALTER TABLE `shop`.`orders` MODIFY COLUMN `qty` Int32;" in text
    assert as_markdown(review([], {})) == "### olapctl: pending changes: no changes\n"


def test_every_operation_type_renders_simulates_describes_and_declares_its_risk() -> None:
    """No operation type olapctl can plan or read is unknown to any of the four: a new one must say all four."""
    from olapctl.clickhouse.render import statements
    from olapctl.plan.describe import describe
    from olapctl.plan.simulate import simulate
    from olapctl.schema.model import Constraint, Index, MaterializedView, OlapTable, Projection, Snapshot, View

    col = Column.model_validate({"name": "c", "type": "String"})
    table = OlapTable.model_validate({"name": "t", "database": "d", "columns": [{"name": "id", "type": "UInt64"}]})
    other = table.model_copy(update={"name": "u"})
    mv = MaterializedView.model_validate({"name": "m", "database": "d", "select": "SELECT 1", "to": {"table": "t"}})
    t = {"database": "d", "table": "t"}
    ops: list[o.Op] = [
        o.CreateTable(table=table.model_copy(update={"name": "n"})),
        o.DropTable(**t),
        o.AddTableColumn(**t, column=col),
        o.DropTableColumn(**t, column_name="id"),
        o.ModifyTableColumn(**t, before_column=table.columns[0], after_column=col.model_copy(update={"name": "id"})),
        o.RenameTableColumn(**t, before_column_name="id", after_column_name="key"),
        o.ModifyTableSettings(**t, after_settings={"ttl_only_drop_parts": "1"}),
        o.ModifyTableComment(**t, after="x"),
        o.AddTableConstraint(**t, constraint=Constraint(name="k", expression="1")),
        o.DropTableConstraint(**t, constraint_name="k"),
        o.ModifyTableTtl(**t, after="now()"),
        o.AddTableIndex(**t, index=Index(name="i", expression="id", type="minmax")),
        o.DropTableIndex(**t, index_name="i"),
        o.AddTableProjection(**t, projection=Projection(name="p", query="SELECT id ORDER BY id")),
        o.DropTableProjection(**t, projection_name="p"),
        o.ModifySampleBy(**t, expression="id"),
        o.RemoveSampleBy(**t),
        o.CreateMaterializedView(view=mv),
        o.DropMaterializedView(database="d", name="m"),
        o.CreateView(view=View(name="v", database="d", select="SELECT 1")),
        o.DropView(database="d", name="v"),
        o.RawSql(sql=["OPTIMIZE TABLE d.t"], database="d"),
        o.ExchangeTables(**t, other="u"),
    ]
    assert {type(op) for op in ops} == set(o.OPERATION_TYPES)
    state = Snapshot(tables={"d.t": table, "d.u": other}, materialized_views={"d.m": mv})
    for op in ops:
        assert statements(op), op.kind
        simulate([op], state)
        assert describe([op]), op.kind
        assert o.risk(op) in o.RISK_ORDER, op.kind
