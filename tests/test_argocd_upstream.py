"""The Argo CD health checks in Argo CD's upstream form (resource_customizations/olapctl.dev/KIND/health_test.yaml
and testdata/), run on gopher-lua the way Argo CD's util/lua runs them (tools/argocd-health, built with the Go module
proxy): every captured case gets exactly its status and message, as a built-in script and as an argocd-cm one."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from argocd.cases import CASES

ROOT = Path(__file__).resolve().parent.parent
TREE = ROOT / "argocd" / "resource_customizations"


@pytest.fixture(scope="module")
def runner() -> Path:
    cache = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "olapctl" / "argocd-health"
    binary = cache / "argocd-health"
    go = shutil.which("go") or "/usr/local/go/bin/go"
    built = subprocess.run(
        [go, "build", "-o", str(binary), "."],
        cwd=ROOT / "tools" / "argocd-health",
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert built.returncode == 0, built.stderr
    return binary


def test_every_case_gets_exactly_its_health_on_gopher_lua(runner: Path) -> None:
    r = subprocess.run([str(runner), str(TREE)], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.splitlines()[-1] == f"{2 * len(CASES)} case(s) run, 0 failed"
    listed = [
        t["inputPath"]
        for f in TREE.glob("olapctl.dev/*/health_test.yaml")
        for t in yaml.safe_load(f.read_text())["tests"]
    ]
    assert sorted(Path(p).stem for p in listed) == sorted(CASES)


def test_a_wrong_expectation_fails(runner: Path, tmp_path: Path) -> None:
    copy = tmp_path / "resource_customizations"
    shutil.copytree(TREE, copy)
    tests_file = copy / "olapctl.dev" / "MigrationPlan" / "health_test.yaml"
    doc = yaml.safe_load(tests_file.read_text())
    doc["tests"][0]["healthStatus"]["message"] += " (edited)"
    tests_file.write_text(yaml.safe_dump(doc))
    r = subprocess.run([str(runner), str(copy)], capture_output=True, text=True, timeout=120)
    assert r.returncode == 1
    assert r.stdout.count("FAIL ") == 2 and "(edited)" in r.stdout  # built-in and argocd-cm
