"""A helm binary for the chart tests, built from source through the Go module proxy (like
``e2e/build_controlplane.sh`` does for kube-apiserver) and cached outside the repository, under
``${XDG_CACHE_HOME:-~/.cache}/olapctl/helm/<version>/helm``.

Only the package registries are reachable, so helm is not downloaded from get.helm.sh: ``go install
helm.sh/helm/v3/cmd/helm@<version>`` fetches the module and its dependencies from the proxy and builds it with
the same ldflags as helm's Makefile (version, and the Kubernetes version `helm lint`/`template` assume). The first
build takes a few minutes; afterwards :func:`helm_binary` only checks the cached file.

``OLAPCTL_HELM=/path/to/helm`` uses that binary instead (no build, no version check).

Command line::

    python -m e2e.helm          # build (or find cached) and print the path
"""

from __future__ import annotations

import fcntl
import functools
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

# helm.sh/helm/v3 has no replace directives, so `go install module@version` builds it as released.
HELM_VERSION = os.environ.get("OLAPCTL_HELM_VERSION", "v3.22.0")
HELM_MODULE = "helm.sh/helm/v3"


class HelmBuildError(RuntimeError):
    """helm could not be built."""


def cache_dir() -> Path:
    root = os.environ.get("OLAPCTL_HELM_CACHE")
    if root:
        return Path(root) / HELM_VERSION
    xdg = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(xdg) / "olapctl" / "helm" / HELM_VERSION


def _go() -> str:
    go = os.environ.get("GO") or shutil.which("go") or "/usr/local/go/bin/go"
    if not os.access(go, os.X_OK):
        raise HelmBuildError("no go toolchain found (set GO=...)")
    return go


def _works(path: Path) -> bool:
    if not os.access(path, os.X_OK):
        return False
    try:
        out = subprocess.run([str(path), "version", "--short"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return out.returncode == 0 and out.stdout.strip().startswith(HELM_VERSION)


def _log(msg: str) -> None:
    print(f"[e2e.helm {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def _build(dest: Path) -> None:
    go = _go()
    env = {
        **os.environ,
        "GOFLAGS": "-mod=mod -buildvcs=false",
        "CGO_ENABLED": "0",
        "GOTOOLCHAIN": "local",
        "GOBIN": str(dest / "gobin"),
    }
    t0 = time.monotonic()
    _log(f"downloading {HELM_MODULE}@{HELM_VERSION} ({subprocess.check_output([go, 'version'], text=True).strip()})")
    info = json.loads(
        subprocess.run(
            [go, "mod", "download", "-json", f"{HELM_MODULE}@{HELM_VERSION}"],
            env=env,
            capture_output=True,
            text=True,
            check=True,
            timeout=600,
        ).stdout
    )
    # The Kubernetes version helm assumes (Capabilities.KubeVersion, deprecation lint) comes from its client-go,
    # as in helm's Makefile: client-go v0.X.Y -> Kubernetes 1.X.
    client_go = ""
    for line in Path(info["GoMod"]).read_text().splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[0] == "k8s.io/client-go":
            client_go = parts[1]
    k8s_minor = client_go.split(".")[1] if client_go.count(".") >= 2 else "20"
    ldflags = ["-s", "-w", f"-X {HELM_MODULE}/internal/version.version={HELM_VERSION}"]
    ldflags += ["-X helm.sh/helm/v3/internal/version.gitTreeState=clean"]
    for pkg in (f"{HELM_MODULE}/pkg/lint/rules", f"{HELM_MODULE}/pkg/chartutil"):
        ldflags += [f"-X {pkg}.k8sVersionMajor=1", f"-X {pkg}.k8sVersionMinor={k8s_minor}"]
    _log(f"building helm {HELM_VERSION} (client-go {client_go or '?'}); the first build takes a few minutes")
    result = subprocess.run(
        [go, "install", "-trimpath", "-ldflags", " ".join(ldflags), f"{HELM_MODULE}/cmd/helm@{HELM_VERSION}"],
        env=env,
        check=False,
        timeout=3600,
    )
    if result.returncode != 0:
        raise HelmBuildError(f"go install {HELM_MODULE}/cmd/helm@{HELM_VERSION} failed ({result.returncode})")
    os.replace(dest / "gobin" / "helm", dest / "helm")
    shutil.rmtree(dest / "gobin", ignore_errors=True)
    seconds = time.monotonic() - t0
    (dest / "VERSIONS").write_text(
        f"helm={HELM_VERSION}\nclient-go={client_go}\n"
        f"go={subprocess.check_output([go, 'env', 'GOVERSION'], text=True).strip()}\n"
        f"built={time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())}\nbuild_seconds={seconds:.0f}\n"
    )
    _log(f"helm {HELM_VERSION} built in {seconds:.0f}s: {dest / 'helm'}")


@functools.cache
def helm_binary() -> Path:
    """The cached helm binary, built first if missing (concurrent builds are serialised by a file lock)."""
    override = os.environ.get("OLAPCTL_HELM")
    if override:
        return Path(override)
    dest = cache_dir()
    helm = dest / "helm"
    if _works(helm):
        return helm
    dest.mkdir(parents=True, exist_ok=True)
    with (dest / ".build.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not _works(helm):
            _build(dest)
            if not _works(helm):
                raise HelmBuildError(f"built {helm} but `helm version` does not report {HELM_VERSION}")
    return helm


if __name__ == "__main__":
    print(helm_binary())
