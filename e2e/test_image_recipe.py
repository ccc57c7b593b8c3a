"""No container engine runs here, so the image recipe is proven by replaying it: the Dockerfile's wheel build and
docker/install.sh into a fresh virtualenv, then the installed `olapctl operator` entrypoint started against the
real API server, answering its liveness probe and reconciling a dev table."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import venv
from pathlib import Path

from e2e.controlplane import ControlPlane
from e2e.scenario import ROOT, Namespace, free_port, http_get, manifest, wait_for

DOCKERFILE = (ROOT / "Dockerfile").read_text()


def test_dockerfile_is_multi_stage_pinned_non_root_with_the_operator_entrypoint() -> None:
    bases = re.findall(r"^FROM (\S+)", DOCKERFILE, re.MULTILINE)
    assert len(bases) == 2 and all(re.fullmatch(r"python:3\.11\.\d+-slim-bookworm", b) for b in bases)
    assert re.search(r"^USER 10001:10001$", DOCKERFILE, re.MULTILINE)
    assert 'ENTRYPOINT ["olapctl", "operator"]' in DOCKERFILE
    assert "olapctl-install /usr/local/bin/python /wheels" in DOCKERFILE  # the script the test below replays
    assert "[test]" not in DOCKERFILE  # runtime dependencies only


def test_recipe_installs_and_starts_the_operator(cluster: ControlPlane, tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(wheels), str(ROOT)],
        check=True,
        capture_output=True,
        cwd=tmp_path,
    )
    venv.create(tmp_path / "venv", with_pip=True)
    python = tmp_path / "venv" / "bin" / "python"
    subprocess.run(
        ["sh", str(ROOT / "docker" / "install.sh"), str(python), str(wheels)], check=True, capture_output=True
    )
    installed = subprocess.run(
        [str(python), "-m", "pip", "list", "--format=freeze"], capture_output=True, text=True
    ).stdout
    assert "olapctl==" in installed and "pytest" not in installed and "ruff" not in installed

    ns = Namespace.create(cluster, "img", tmp_path / "chdb", "dev")
    port = free_port()
    entrypoint = [str(tmp_path / "venv" / "bin" / "olapctl"), "operator"]
    args = [
        "--liveness",
        f"http://127.0.0.1:{port}/healthz",
        "--namespace",
        ns.name,
        "--default-target",
        ns.url,
        "--lease-namespace",
        ns.name,
    ]
    log = (tmp_path / "operator.log").open("wb")
    proc = subprocess.Popen(
        [*entrypoint, *args],
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=tmp_path,
        env={**os.environ, "HOME": str(tmp_path)},
    )
    try:
        wait_for(lambda: http_get(f"http://127.0.0.1:{port}/healthz")[0] == 200, "the liveness endpoint", timeout=60)
        ns.apply(manifest("OlapTable", "events", "  columns:\n    - {name: id, type: String}\n  orderBy: [id]\n"))
        ns.wait_synced("olaptable", "events", 1)
    finally:
        os.kill(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
        log.close()
    assert proc.returncode == 0, (tmp_path / "operator.log").read_text()[-2000:]
