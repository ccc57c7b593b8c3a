"""Fixtures over the real ClickHouse engine (chdb). chdb allows one data path per process, so the whole test
session shares one path and every test gets databases of its own."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest

from olapctl.clickhouse.connect import Target, connect
from tests.support import Env

_ids = itertools.count()


@pytest.fixture
def target(chdb_path: Path) -> Iterator[Target]:
    """A target whose default database is new and empty; every database the test made is dropped after."""
    db = f"t{next(_ids)}"
    t = connect(f"chdb://{chdb_path}?database={db}")
    before = {r[0] for r in t.query("SELECT name FROM system.databases")}
    yield t
    for (name,) in t.query("SELECT name FROM system.databases"):
        if name not in before or name == db:
            t.command(f"DROP DATABASE IF EXISTS `{name}` SYNC")


@pytest.fixture
def env(target: Target, tmp_path: Path) -> Env:
    return Env(target, tmp_path)
