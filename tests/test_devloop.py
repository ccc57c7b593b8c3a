"""`olapctl dev` on file events: each save re-reads the files that changed and applies only the objects whose
declaration changed; the real engine (chdb) in the same process, the loop in a thread."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from olapctl import devloop
from olapctl.clickhouse.connect import Target
from tests.support import table_yaml


class Loop:
    def __init__(self, target: Target, root: Path) -> None:
        self.target, self.root, self.lines = target, root, list[str]()
        self.stop = threading.Event()
        self.thread = threading.Thread(target=devloop.run, args=(target, [root], self.lines.append, self.stop))

    def said(self, needle: str, after: int = 0, timeout: float = 20) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = [line for line in self.lines[after:] if needle in line]
            if found:
                return found[0]
            time.sleep(0.01)
        raise AssertionError(f"{needle!r} not said; said: {self.lines[after:]}")

    def columns(self, table: str) -> list[str]:
        rows = self.target.query(
            "SELECT name FROM system.columns WHERE database = {d:String} AND table = {t:String} ORDER BY position",
            {"d": self.target.database, "t": table},
        )
        return [str(r[0]) for r in rows]

    def tables(self) -> set[str]:
        query = "SELECT name FROM system.tables WHERE database = {d:String} AND name != 'olapctl_migrations'"
        rows = self.target.query(query, {"d": self.target.database})
        return {str(r[0]) for r in rows}


@pytest.fixture
def loop(target: Target, tmp_path: Path) -> Iterator[Loop]:
    root = tmp_path / "schema"
    root.mkdir()
    (root / "events.yaml").write_text(table_yaml("events", "- {name: id, type: UInt64}", "orderBy: [id]"))
    (root / "users.yaml").write_text(table_yaml("users", "- {name: id, type: UInt64}", "orderBy: [id]"))
    running = Loop(target, root)
    running.thread.start()
    running.said("applied")
    yield running
    running.stop.set()
    running.thread.join(10)
    assert not running.thread.is_alive()


def test_a_save_applies_only_the_objects_whose_declaration_changed(loop: Loop) -> None:
    assert loop.tables() == {"events", "users"}
    loop.target.command(f"ALTER TABLE `{loop.target.database}`.events ADD COLUMN by_hand String")  # not declared
    mark = len(loop.lines)
    users = table_yaml("users", "- {name: id, type: UInt64}\n- {name: email, type: String}", "orderBy: [id]")
    (loop.root / "users.yaml").write_text(users)
    said = loop.said("applied", mark)
    assert loop.columns("users") == ["id", "email"]
    assert loop.columns("events") == ["id", "by_hand"]  # events.yaml did not change: not re-planned
    assert "events" not in "\n".join(loop.lines[mark:]) and said == "applied"
    mark = len(loop.lines)
    (loop.root / "events.yaml").write_text((loop.root / "events.yaml").read_text() + "\n")  # saved, same objects
    time.sleep(0.3)
    assert loop.lines[mark:] == []
    events = table_yaml("events", "- {name: id, type: UInt64}\n- {name: kind, type: String}", "orderBy: [id]")
    (loop.root / "events.yaml").write_text(events)
    loop.said("applied", mark)
    assert loop.columns("events") == ["id", "kind"]  # its own change re-plans it whole, as declared


def test_a_removed_file_drops_its_table_and_a_bad_file_stops_nothing_else(loop: Loop) -> None:
    mark = len(loop.lines)
    (loop.root / "users.yaml").unlink()
    loop.said("applied", mark)
    assert loop.tables() == {"events"}
    mark = len(loop.lines)
    (loop.root / "bad.yaml").write_text("kind: OlapTable\nspec: [")
    assert "bad.yaml: not valid YAML" in loop.said("error:", mark)
    (loop.root / "more.yaml").write_text(table_yaml("more", "- {name: id, type: UInt64}", "orderBy: [id]"))
    loop.said("applied", mark)
    assert loop.tables() == {"events", "more"}


def test_an_object_whose_apply_failed_is_tried_again_with_the_next_save(loop: Loop) -> None:
    mark = len(loop.lines)
    view = (
        "apiVersion: olapctl.dev/v1alpha1\nkind: View\nmetadata: {name: recent}\n"
        "spec: {select: 'SELECT id FROM orders'}\n"
    )
    (loop.root / "recent.yaml").write_text(view)  # reads a table nobody declared yet
    assert "orders" in loop.said("error:", mark)
    mark = len(loop.lines)
    (loop.root / "orders.yaml").write_text(table_yaml("orders", "- {name: id, type: UInt64}", "orderBy: [id]"))
    loop.said("applied", mark)
    assert {"orders", "recent"} <= loop.tables()
