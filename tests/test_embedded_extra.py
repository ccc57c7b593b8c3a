"""The embedded engine (chdb, ~550 MB) is the `embedded` extra: without it a chdb:// URL is a one-line error naming
the extra, and neither `import olapctl` nor an http(s) URL ever imports chdb. Each case runs in a subprocess whose
`import chdb` fails as it does where the extra is not installed (sys.modules['chdb'] = None)."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

from packaging.requirements import Requirement

from tests.support import table_yaml

ROOT = Path(__file__).resolve().parent.parent
WITHOUT_CHDB = "import sys; sys.modules['chdb'] = None; "
RUN_CLI = WITHOUT_CHDB + "from olapctl.cli import main; sys.exit(main(sys.argv[1:]))"


def run(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=120)


def two_tables(directory: Path) -> Path:
    directory.mkdir()
    for name in ("events", "sessions"):
        (directory / f"{name}.yaml").write_text(
            table_yaml(name, "- {name: id, type: String}", "database: analytics\norderBy: [id]")
        )
    return directory


def test_chdb_url_without_the_extra_names_it(tmp_path: Path) -> None:
    r = run(RUN_CLI, "diff", "-f", str(two_tables(tmp_path / "tables")), "--url", f"chdb://{tmp_path / 'db'}")
    assert r.returncode == 1, r.stderr
    assert r.stderr.strip() == (
        f"olapctl: error: chdb://{tmp_path / 'db'} needs the embedded engine: pip install 'olapctl[embedded]'"
    )
    assert "Traceback" not in r.stderr and not r.stdout


def test_http_url_and_the_imports_never_load_chdb(tmp_path: Path) -> None:
    r = run(WITHOUT_CHDB + "import olapctl, olapctl.cli, olapctl.clickhouse.connect, olapctl.k8s.runner")
    assert r.returncode == 0, r.stderr
    # nothing listens on port 1 of loopback: the command gets as far as connecting, with chdb unimportable
    r = run(RUN_CLI, "diff", "-f", str(two_tables(tmp_path / "tables")), "--url", "http://127.0.0.1:1/analytics")
    assert r.returncode == 1, r.stderr
    assert "cannot connect to http://127.0.0.1:1/analytics" in r.stderr
    assert "embedded" not in r.stderr and "Traceback" not in r.stderr


def test_chdb_is_the_embedded_extra_not_a_dependency() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    names = {Requirement(r).name for r in project["dependencies"]}
    assert "chdb" not in names and "clickhouse-connect" in names
    extras = project["optional-dependencies"]
    assert [Requirement(r).name for r in extras["embedded"]] == ["chdb"]
    assert "olapctl[embedded]" in extras["test"]  # the tests run on the embedded engine
