"""Published schemas (tests/corpus/*.sql, each citing its source and commit): no false drift, faithful creation,
`olapctl pull` round trip, rows untouched by a no-op plan. See tests/corpus_check.py for the checks."""

from __future__ import annotations

from pathlib import Path

import pytest

from olapctl.clickhouse.connect import Target
from tests.corpus_check import CORPUS, check_schema, corpus_files


def test_the_corpus_is_cited_and_large_enough() -> None:
    files = corpus_files()
    assert len(files) >= 30
    for path in files:
        head = path.read_text().splitlines()[:3]
        assert head[0].startswith("-- source: https://github.com/"), path.name
        assert any(len(part) == 40 for part in head[0].split("/")), f"{path.name}: no commit in its source line"


@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: p.stem)
def test_published_schema_round_trips(target: Target, path: Path) -> None:
    outcome = check_schema(target, path, f"{target.database}_src", f"{target.database}_copy")
    assert outcome.objects > 0
    assert not outcome.failures, f"{CORPUS.name}/{path.name}:\n" + "\n".join(outcome.failures)
