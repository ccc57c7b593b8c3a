"""A plan or a diff for reviewers: each operation with its risk, the data check that makes it destructive, its
statements; as JSON (for CI) or Markdown (for a pull-request comment). Pure: the findings come from
engine/assess.py."""

from __future__ import annotations

import json
from typing import Any

from olapctl.clickhouse.render import statements
from olapctl.plan import operations as o
from olapctl.plan.describe import describe


def review(
    ops: list[o.Op],
    findings: dict[int, str],
    *,
    name: str | None = None,
    notes: list[str] | None = None,
    problems: list[str] | None = None,
) -> dict[str, Any]:
    """The JSON form: `findings` maps an operation's index to what the data makes of it (destructive)."""
    operations = [
        {
            "index": i + 1,
            "operation": op.kind,
            "object": op.subject() or None,
            "risk": "destructive" if i in findings else o.risk(op),
            "check": findings.get(i),
            "change": describe([op]),
            "sql": statements(op),
        }
        for i, op in enumerate(ops)
    ]
    doc: dict[str, Any] = {
        "risk": "destructive" if findings else o.plan_risk(ops),
        "operations": operations,
        "notes": list(notes or []),
        "problems": list(problems or []),
    }
    if name is not None:
        doc = {"plan": name, **doc}
    return doc


def as_json(doc: dict[str, Any]) -> str:
    return json.dumps(doc, indent=2, ensure_ascii=False)


def _cell(text: str | None) -> str:
    return (text or "").replace("|", "\\|").replace("\n", "<br>")


def as_markdown(doc: dict[str, Any]) -> str:
    """A pull-request comment: a heading with the overall risk, one table row per operation, the SQL folded."""
    ops = doc["operations"]
    what = f"plan `{doc['plan']}`" if doc.get("plan") else "pending changes"
    if not ops and not doc["problems"]:
        lines = [f"### olapctl: {what}: no changes"]
    else:
        lines = [f"### olapctl: {what}: {len(ops)} operation(s), risk **{doc['risk']}**", ""]
    if ops:
        lines += ["| # | operation | object | risk | change | data check |", "|---|---|---|---|---|---|"]
        for op in ops:
            risk = f"**{op['risk']}**" if op["risk"] != "safe" else "safe"
            cells = [str(op["index"]), op["operation"], f"`{op['object']}`" if op["object"] else "", risk]
            lines.append("| " + " | ".join([*cells, _cell(op["change"]), _cell(op["check"])]) + " |")
    for title, key in (("Kept rather than done", "notes"), ("Not working", "problems")):
        if doc[key]:
            lines += ["", f"**{title}**", "", *(f"- {_cell(line)}" for line in doc[key])]
    if ops:
        sql = "\n".join(f"-- {op['index']}. {op['operation']}\n" + ";\n".join(op["sql"]) + ";" for op in ops)
        lines += ["", "<details><summary>SQL</summary>", "", "```sql", sql, "```", "", "</details>"]
    return "\n".join(lines) + "\n"
