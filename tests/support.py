"""Helpers for tests: declarations as YAML, planned and applied against a real engine."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

from olapctl.clickhouse.connect import Target
from olapctl.engine.executor import apply_plan
from olapctl.engine.planning import changes, make_plan
from olapctl.manifests import load_declarations
from olapctl.plan.operations import Op
from olapctl.plan.planfile import Plan
from olapctl.schema.model import Snapshot


class Env:
    """Declarations written as YAML files in a temp dir, planned and applied against `target`."""

    def __init__(self, target: Target, root: Path) -> None:
        self.target = target
        self.root = root
        self.db = target.database

    def declare(self, yaml_text: str, name: str = "decl.yaml") -> Snapshot:
        path = self.root / name
        path.write_text(textwrap.dedent(yaml_text))
        return load_declarations([self.root], self.db)

    def ops(self, declarations: Snapshot) -> list[Op]:
        return changes(self.target, declarations).operations

    def plan(self, declarations: Snapshot) -> Plan:
        return make_plan(self.target, declarations)

    def sync(self, yaml_text: str, allow_destructive: bool = True) -> Plan:
        """Declare, plan and apply (verified); returns the plan."""
        decl = self.declare(yaml_text)
        plan = self.plan(decl)
        apply_plan(self.target, plan, declarations=decl, allow_destructive=allow_destructive)
        return plan

    def sql(self, query: str) -> list[tuple[Any, ...]]:
        """Rows of a query run in the test's database."""
        self.target.client.database = self.db
        return [tuple(r) for r in self.target.client.query(query).result_rows]

    def run(self, statement: str) -> None:
        self.target.command(statement, database=self.db)


def table_yaml(name: str, columns: str, extra: str = "") -> str:
    """An OlapTable manifest; `columns` and `extra` are YAML lines of the spec."""
    body = textwrap.indent(textwrap.dedent(columns).strip(), "    ")
    more = textwrap.indent(textwrap.dedent(extra).strip(), "  ") if extra else ""
    head = f"apiVersion: olapctl.dev/v1alpha1\nkind: OlapTable\nmetadata:\n  name: {name}\n"
    return f"{head}spec:\n  columns:\n{body}\n{more}\n"
