"""Footprint of the embedded engine (chdb, the `embedded` extra): the CLI's start-up for each URL kind and, with
--venvs, the installed size of the operator image's Python environment without and with chdb.

    python bench/footprint.py                 # start-up only (a few seconds)
    python bench/footprint.py --venvs         # also the two virtualenvs (downloads from PyPI unless cached; ~2 min)

Start-up is `olapctl diff -f DIR` on two tables, run --runs times (the median is printed), in fresh processes:
- chdb://  a data path of its own (one warm-up run first creates it), the two tables pending: exit 2;
- http://  nothing listens on 127.0.0.1:1, so it is the start-up to the connection error: exit 1;
and `python -X importtime -c 'import olapctl.cli'` (the sum of its self times) and the wall time of that import.

--venvs replays the image's install step (docker/install.sh: requirements.lock with --require-hashes, then the wheel
with --no-deps) into a fresh virtualenv and measures it with `du -sm`, then adds chdb at the version installed here
(`pip install chdb==X`) and measures again. An empty virtualenv is measured too (pip and setuptools).
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import venv
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TABLE = """apiVersion: olapctl.dev/v1alpha1
kind: OlapTable
metadata:
  name: {name}
spec:
  database: analytics
  columns:
    - {{name: id, type: String}}
    - {{name: ts, type: DateTime}}
  orderBy: [id]
"""


def olapctl_command() -> list[str]:
    script = Path(sys.executable).parent / "olapctl"
    return [str(script)] if script.exists() else [sys.executable, "-m", "olapctl.cli"]


def timed(cmd: list[str], expect: int, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
        times.append(time.perf_counter() - start)
        if r.returncode != expect:
            raise SystemExit(f"{' '.join(cmd)}: exit {r.returncode}, expected {expect}\n{r.stderr[-2000:]}")
    return times


def importtime_total(module: str) -> float:
    """Seconds: the sum of the self times that `python -X importtime` reports for importing `module`."""
    r = subprocess.run([sys.executable, "-X", "importtime", "-c", f"import {module}"], capture_output=True, text=True)
    r.check_returncode()
    total_us = 0
    for line in r.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            self_us = line.split(":", 1)[1].split("|")[0].strip()
            if self_us.isdigit():
                total_us += int(self_us)
    return total_us / 1e6


def startup(runs: int, work: Path) -> dict[str, Any]:
    tables = work / "tables"
    tables.mkdir()
    for name in ("events", "sessions"):
        (tables / f"{name}.yaml").write_text(TABLE.format(name=name))
    diff = [*olapctl_command(), "diff", "-f", str(tables), "--url"]
    out: dict[str, Any] = {"runs": runs, "command": " ".join(diff[:-1])}
    try:
        out["chdb_version"] = importlib.metadata.version("chdb")
    except importlib.metadata.PackageNotFoundError:
        out["chdb_version"] = None
    if out["chdb_version"]:
        chdb_url = f"chdb://{work / 'db'}"
        timed([*diff, chdb_url], 2, 1)  # warm-up: creates the data path
        out["diff_chdb_s"] = timed([*diff, chdb_url], 2, runs)
    out["diff_http_refused_s"] = timed([*diff, "http://127.0.0.1:1/analytics"], 1, runs)
    out["import_olapctl_cli_s"] = timed([sys.executable, "-c", "import olapctl.cli"], 0, runs)
    out["importtime_olapctl_cli_s"] = [importtime_total("olapctl.cli") for _ in range(runs)]
    if out["chdb_version"]:
        out["importtime_chdb_s"] = [importtime_total("chdb") for _ in range(runs)]
    return out


def du_mb(path: Path) -> int:
    return int(subprocess.run(["du", "-sm", str(path)], capture_output=True, text=True, check=True).stdout.split()[0])


def venv_sizes(work: Path) -> dict[str, Any]:
    wheels = work / "wheels"
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(wheels), str(ROOT)],
        check=True,
        capture_output=True,
        cwd=work,
    )
    venv.create(work / "empty", with_pip=True)
    out: dict[str, Any] = {"empty_venv_mb": du_mb(work / "empty")}
    env = work / "operator"
    venv.create(env, with_pip=True)
    python = env / "bin" / "python"
    subprocess.run(
        ["sh", str(ROOT / "docker" / "install.sh"), str(python), str(wheels), str(ROOT / "requirements.lock")],
        check=True,
        capture_output=True,
    )
    out["operator_venv_mb"] = du_mb(env)
    chdb = f"chdb=={importlib.metadata.version('chdb')}"
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", chdb],
        check=True,
        capture_output=True,
    )
    out["operator_venv_with_chdb_mb"] = du_mb(env)
    out["chdb"] = chdb
    out["packages_with_chdb"] = subprocess.run(
        [str(python), "-m", "pip", "list", "--format=freeze"], capture_output=True, text=True, check=True
    ).stdout.split()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=5, help="runs of each start-up timing; the median is printed")
    ap.add_argument("--venvs", action="store_true", help="also measure the two virtualenvs (downloads)")
    ap.add_argument("--output", help="also write the figures as JSON to this path")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="olapctl-footprint-"))
    try:
        figures: dict[str, Any] = {"python": sys.version.split()[0], "startup": startup(args.runs, work)}
        if args.venvs:
            figures["venvs"] = venv_sizes(work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    s = figures["startup"]
    med = statistics.median
    print(f"start-up, median of {s['runs']} runs (Python {figures['python']}, chdb {s['chdb_version']}):")
    if "diff_chdb_s" in s:
        print(f"  olapctl diff, 2 tables, chdb:// URL            {med(s['diff_chdb_s']):6.2f} s")
    print(f"  olapctl diff, 2 tables, http:// (refused)      {med(s['diff_http_refused_s']):6.2f} s")
    print(f"  python -c 'import olapctl.cli' (wall)          {med(s['import_olapctl_cli_s']):6.2f} s")
    print(f"  -X importtime import olapctl.cli (sum of self) {med(s['importtime_olapctl_cli_s']):6.2f} s")
    if "importtime_chdb_s" in s:
        print(f"  -X importtime import chdb (sum of self)        {med(s['importtime_chdb_s']):6.2f} s")
    if "venvs" in figures:
        v = figures["venvs"]
        print("installed size (du -sm):")
        print(f"  empty virtualenv (pip, setuptools)             {v['empty_venv_mb']:6d} MB")
        print(f"  operator image environment (requirements.lock) {v['operator_venv_mb']:6d} MB")
        print(f"  the same plus the embedded extra ({v['chdb']}) {v['operator_venv_with_chdb_mb']:6d} MB")
    if args.output:
        Path(args.output).write_text(json.dumps(figures, indent=2) + "\n")


if __name__ == "__main__":
    main()
