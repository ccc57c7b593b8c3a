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
