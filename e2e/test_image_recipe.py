"""No container engine runs here, so the image recipe is proven by replaying it: the Dockerfile's wheel build and
docker/install.sh (the runtime dependencies from requirements.lock, with hashes) into a fresh virtualenv, then the
installed `olapctl operator` entrypoint started against the real API server, answering its liveness probe and
reconciling a dev table. The image holds no embedded engine (chdb, the `embedded` extra) and no ClickHouse server
runs here, so that last step adds the extra to the virtualenv first."""

from __future__ import annotations

import importlib.metadata
import os
import re
import shutil
import signal
import subprocess
import sys
import tomllib
import venv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from e2e.controlplane import ControlPlane
from e2e.scenario import ROOT, Namespace, free_port, http_get, manifest, wait_for

DOCKERFILE = (ROOT / "Dockerfile").read_text()
INSTALL_SH = (ROOT / "docker" / "install.sh").read_text()
LOCK = ROOT / "requirements.lock"


def locked() -> dict[str, tuple[str, list[str]]]:
    """requirements.lock as {normalized name: (version, hashes)}; every requirement must be `name==version` with
    at least one `--hash=sha256:...` and nothing else (no URL, no range, no marker, no option but --hash)."""
    pins: dict[str, tuple[str, list[str]]] = {}
    logical = re.sub(r"\\\n", " ", LOCK.read_text())  # join backslash continuations
    for line in logical.splitlines():
        line = line.split(" #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        m = re.fullmatch(r"([A-Za-z0-9][A-Za-z0-9._-]*)==([A-Za-z0-9.!+_-]+)((?:\s+--hash=sha256:[0-9a-f]{64})+)", line)
        assert m, f"requirements.lock: not an exact pin with hashes: {line[:120]}"
        name = canonicalize_name(m.group(1))
        assert name not in pins, f"requirements.lock: {name} pinned twice"
        pins[name] = (m.group(2), re.findall(r"sha256:([0-9a-f]{64})", m.group(3)))
    return pins


@dataclass
class ImageEnv:
    """The recipe's virtualenv, and what it held right after the recipe ran (before any test adds to it)."""

    root: Path
    python: Path
    freeze: str
    requires: dict[str, tuple[str, list[str]]]  # normalized name -> (version, Requires-Dist)


@pytest.fixture(scope="module")
def image_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ImageEnv]:
    """The Dockerfile's two stages replayed: `python -m build --wheel`, then docker/install.sh with the lock."""
    work = tmp_path_factory.mktemp("image")
    wheels = work / "wheels"
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(wheels), str(ROOT)],
        check=True,
        capture_output=True,
        cwd=work,
    )
    venv.create(work / "venv", with_pip=True)
    python = work / "venv" / "bin" / "python"
    r = subprocess.run(
        ["sh", str(ROOT / "docker" / "install.sh"), str(python), str(wheels), str(LOCK)], capture_output=True, text=True
    )
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    freeze = subprocess.run([str(python), "-m", "pip", "list", "--format=freeze"], capture_output=True, text=True)
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], capture_output=True, text=True
    ).stdout.strip()
    requires = {
        str(canonicalize_name(d.metadata["Name"])): (d.version, list(d.requires or []))
        for d in importlib.metadata.distributions(path=[site])
    }
    yield ImageEnv(work / "venv", python, freeze.stdout, requires)
    shutil.rmtree(work / "venv", ignore_errors=True)  # about 1 GB once the embedded extra is added


def test_lock_pins_every_requirement_exactly_with_hashes() -> None:
    pins = locked()
    assert pins and all(hashes for _, hashes in pins.values())
    header = LOCK.read_text().split("\n", 6)[:5]
    assert any("docker/lock.sh" in line for line in header)  # how to regenerate it
    assert "chdb" not in pins and "pytest" not in pins  # runtime dependencies only: no embedded engine, no tests


def test_recipe_installs_the_lock_with_hashes_then_the_wheel_without_resolving() -> None:
    assert "COPY requirements.lock /wheels/requirements.lock" in DOCKERFILE
    assert "olapctl-install /usr/local/bin/python /wheels /wheels/requirements.lock" in DOCKERFILE
    steps = [line.strip() for line in INSTALL_SH.splitlines() if re.match(r"\s*pip install", line)]
    assert steps == [
        'pip install --require-hashes --no-deps --only-binary=:all: -r "$lock"',
        'pip install --no-deps "$wheels"/olapctl-*.whl',
    ]
    assert re.search(r"^pip check", INSTALL_SH, re.MULTILINE)


def test_lock_is_exactly_the_runtime_dependencies_of_pyproject(image_env: ImageEnv) -> None:
    """Walk pyproject.toml's `dependencies` (no extras) through the installed metadata, extras and markers
    evaluated for this Python (3.11 on Linux, as the image): the names reached are the lock's names, no more, no
    fewer, and each is installed at its locked version."""
    pins = locked()
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    todo = [(Requirement(r), "") for r in project["dependencies"]]
    reached: set[str] = set()
    reached_extras: set[tuple[str, str]] = set()
    while todo:
        req, extra = todo.pop()
        if req.marker is not None and not req.marker.evaluate({"extra": extra}):
            continue
        name = canonicalize_name(req.name)
        assert name in image_env.requires, f"{name} (from {req}) is not installed by the recipe"
        version, requires = image_env.requires[name]
        assert version in req.specifier, f"{name} {version} does not satisfy {req}"
        for wanted in ("", *sorted(req.extras)):
            if (name, wanted) in reached_extras:
                continue
            reached_extras.add((name, wanted))
            todo.extend((Requirement(r), wanted) for r in requires)
        reached.add(name)
    assert reached == set(pins), f"missing from the lock: {reached - set(pins)}; not needed: {set(pins) - reached}"
    assert {n: image_env.requires[n][0] for n in reached} == {n: v for n, (v, _) in pins.items()}


def test_dockerfile_is_multi_stage_pinned_non_root_with_the_operator_entrypoint() -> None:
    bases = re.findall(r"^FROM (\S+)", DOCKERFILE, re.MULTILINE)
    assert len(bases) == 2 and all(re.fullmatch(r"python:3\.11\.\d+-slim-bookworm", b) for b in bases)
    assert re.search(r"^USER 10001:10001$", DOCKERFILE, re.MULTILINE)
    assert 'ENTRYPOINT ["olapctl", "operator"]' in DOCKERFILE
    assert "olapctl-install /usr/local/bin/python /wheels" in DOCKERFILE  # the script the test below replays
    assert "[test]" not in DOCKERFILE  # runtime dependencies only


def test_recipe_installs_and_starts_the_operator(cluster: ControlPlane, image_env: ImageEnv, tmp_path: Path) -> None:
    installed = image_env.freeze
    assert "olapctl==" in installed and "pytest" not in installed and "ruff" not in installed
    assert not re.search(r"^chdb", installed, re.MULTILINE | re.IGNORECASE)  # the image has no embedded engine

    # what the image says to a chdb:// URL: the extra to install, as a one-line error
    decl = tmp_path / "tables"
    decl.mkdir()
    olapctl = str(image_env.root / "bin" / "olapctl")
    r = subprocess.run(
        [olapctl, "diff", "-f", str(decl), "--url", f"chdb://{tmp_path / 'nochdb'}"], capture_output=True, text=True
    )
    assert r.returncode == 1 and "pip install 'olapctl[embedded]'" in r.stderr and "Traceback" not in r.stderr

    # no ClickHouse server here: add the embedded extra (the version these tests run on) to reconcile a table
    subprocess.run(
        [
            str(image_env.python),
            "-m",
            "pip",
            "install",
            "-q",
            "--disable-pip-version-check",
            f"chdb=={importlib.metadata.version('chdb')}",
        ],
        check=True,
        capture_output=True,
    )
    ns = Namespace.create(cluster, "img", tmp_path / "chdb", "dev")
    port = free_port()
    entrypoint = [olapctl, "operator"]
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
