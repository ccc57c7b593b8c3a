"""A real kube-apiserver + etcd on loopback, for end-to-end tests.

The binaries are built from source through the Go module proxy by
``e2e/build_controlplane.sh`` and cached outside the repository, under
``${XDG_CACHE_HOME:-~/.cache}/olapctl/controlplane/<k8s-version>/bin``.

Processes are started by :func:`start` and stopped by :meth:`ControlPlane.stop`
by process id (never by name).  There is no controller-manager, scheduler or
kubelet: objects are stored and validated (CRDs, CEL rules, RBAC, admission),
but nothing reconciles Deployments/StatefulSets into Pods.

Command line::

    python -m e2e.controlplane up [--workdir DIR]   # prints `export KUBECONFIG=...`
    python -m e2e.controlplane build                # only build/cache the binaries
"""

from __future__ import annotations

import argparse
import base64
import datetime
import ipaddress
import json
import os
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

# Must match the default in build_controlplane.sh (both honour the env var).
K8S_VERSION = os.environ.get("OLAPCTL_K8S_VERSION", "v1.35.4")
BUILD_SCRIPT = Path(__file__).resolve().with_name("build_controlplane.sh")
READY_TIMEOUT = 60.0
SERVICE_CIDR = "10.0.0.0/24"
SERVICE_IP = "10.0.0.1"
ADMIN_USER = "olapctl-admin"
_BINARIES = ("kube-apiserver", "kubectl", "etcd")


class ControlPlaneError(RuntimeError):
    """The control plane could not be built or started."""


class KubectlError(subprocess.CalledProcessError):
    """A failed kubectl call; unlike the base class, its message includes stderr."""

    def __str__(self) -> str:
        stderr = self.stderr if isinstance(self.stderr, str) else ""
        return f"{super().__str__()}\nstderr:\n{stderr.strip()}"


def cache_dir() -> Path:
    """Where build_controlplane.sh puts the binaries for K8S_VERSION."""
    root = os.environ.get("OLAPCTL_CP_CACHE")
    if root:
        return Path(root) / K8S_VERSION
    xdg = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(xdg) / "olapctl" / "controlplane" / K8S_VERSION


def binaries() -> dict[str, Path]:
    """Paths of kube-apiserver, kubectl and etcd, building them first if needed."""
    bindir = cache_dir() / "bin"
    paths = {name: bindir / name for name in _BINARIES}
    if not all(os.access(p, os.X_OK) for p in paths.values()):
        env = dict(os.environ, OLAPCTL_K8S_VERSION=K8S_VERSION)
        result = subprocess.run(["bash", str(BUILD_SCRIPT)], env=env, check=False)
        if result.returncode != 0:
            raise ControlPlaneError(f"{BUILD_SCRIPT} failed with exit code {result.returncode}")
        missing = [str(p) for p in paths.values() if not os.access(p, os.X_OK)]
        if missing:
            raise ControlPlaneError(f"build finished but missing: {missing}")
    return paths


@dataclass
class ControlPlane:
    url: str
    kubeconfig: Path
    workdir: Path
    token: str = field(repr=False, default="")
    ca_file: Path | None = None
    etcd_url: str = ""
    etcd_pid: int = 0
    apiserver_pid: int = 0
    kubectl_path: Path = Path("kubectl")
    startup_seconds: float = 0.0
    _procs: dict[int, subprocess.Popen[bytes]] = field(default_factory=dict, repr=False, compare=False)
    _apiserver_cmd: list[str] = field(default_factory=list, repr=False, compare=False)

    def kubectl(self, *args: str, input: str | None = None, check: bool = True) -> subprocess.CompletedProcess[str]:
        """Run kubectl against this control plane; output is captured as text."""
        cmd = [str(self.kubectl_path), "--kubeconfig", str(self.kubeconfig), *args]
        result = subprocess.run(
            cmd,
            input=input,
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
        if check and result.returncode != 0:
            raise KubectlError(result.returncode, cmd, result.stdout, result.stderr)
        return result

    def stop(self, keep_workdir: bool = False) -> None:
        """Stop kube-apiserver, then etcd (by pid), wait for both, remove workdir."""
        for pid in (self.apiserver_pid, self.etcd_pid):
            if pid:
                _terminate(pid, self._procs.get(pid))
        self.apiserver_pid = self.etcd_pid = 0
        self._procs.clear()
        if not keep_workdir:
            shutil.rmtree(self.workdir, ignore_errors=True)

    def restart_apiserver(self, down_seconds: float = 3.0, timeout: float = 60.0) -> None:
        """Kill kube-apiserver (SIGKILL, by pid: a crash), keep it down `down_seconds`, start it again with the same
        command (same port, certificates and etcd), and wait for /readyz: a restart as clients see it."""
        proc = self._procs.pop(self.apiserver_pid, None)
        os.kill(self.apiserver_pid, signal.SIGKILL)
        if proc is not None:
            proc.wait(timeout=30)
        time.sleep(down_seconds)
        log = self.workdir / "logs" / "kube-apiserver.log"
        api = _spawn(self._apiserver_cmd, log)
        self.apiserver_pid = api.pid
        self._procs[api.pid] = api
        self._wait_ready(api, log, timeout)

    def _wait_ready(self, api: subprocess.Popen[bytes], log: Path, timeout: float) -> None:
        """Until kube-apiserver's /readyz answers (or fail with its log)."""
        ctx = ssl.create_default_context(cafile=str(self.ca_file))
        req = urllib.request.Request(f"{self.url}/readyz", headers={"Authorization": f"Bearer {self.token}"})
        _poll("kube-apiserver", req, api, log, timeout, context=ctx)

    def log_tail(self, name: str = "kube-apiserver", lines: int = 40) -> str:
        return _tail(self.workdir / "logs" / f"{name}.log", lines)


# --------------------------------------------------------------------------
# processes


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie child we have not reaped yet is as good as dead.
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True
    return state != "Z"


def _terminate(pid: int, proc: subprocess.Popen[bytes] | None, timeout: float = 15.0) -> None:
    """SIGTERM pid, wait up to `timeout`, then SIGKILL; reap it if it is ours."""
    for sig, wait in ((signal.SIGTERM, timeout), (signal.SIGKILL, 5.0)):
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            break
        if proc is not None:
            try:
                proc.wait(timeout=wait)
                return
            except subprocess.TimeoutExpired:
                continue
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline and _pid_alive(pid):
            time.sleep(0.05)
        if not _pid_alive(pid):
            break
    if proc is not None:
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass


def _unwrapped(args: object) -> list[str]:
    """The command _spawn was given, without the setpriv wrapper it may have added."""
    argv = [str(a) for a in args] if isinstance(args, (list, tuple)) else [str(args)]
    return argv[argv.index("--") + 1 :] if argv and argv[0].endswith("setpriv") else argv


def _spawn(cmd: Sequence[str], log: Path) -> subprocess.Popen[bytes]:
    log.parent.mkdir(parents=True, exist_ok=True)
    argv = list(cmd)
    # No orphans if we are killed with -9: the kernel SIGKILLs the child when
    # the thread that forked it dies (so only from the main thread).  KILL, not
    # TERM: etcd and kube-apiserver both in graceful shutdown at once can hang.
    setpriv = shutil.which("setpriv")
    if setpriv and threading.current_thread() is threading.main_thread():
        argv = [setpriv, "--pdeathsig", "KILL", "--", *argv]
    with log.open("ab") as out:
        # Own session: a Ctrl-C in the terminal reaches only us, and we stop
        # the children in order.
        return subprocess.Popen(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def _tail(path: Path, lines: int) -> str:
    try:
        text = path.read_text(errors="replace")
    except OSError as exc:
        return f"<cannot read {path}: {exc}>"
    return "\n".join(text.splitlines()[-lines:])


def _free_ports(n: int) -> list[int]:
    """n distinct free TCP ports on 127.0.0.1 (held open together to avoid dups)."""
    socks: list[socket.socket] = []
    try:
        for _ in range(n):
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.bind(("127.0.0.1", 0))
            socks.append(s)
        return [int(s.getsockname()[1]) for s in socks]
    finally:
        for s in socks:
            s.close()


def _poll(
    check: str,
    probe: urllib.request.Request | str,
    proc: subprocess.Popen[bytes],
    log: Path,
    timeout: float,
    context: ssl.SSLContext | None = None,
) -> None:
    """Poll an HTTP endpoint until it answers 200 with body 'ok'/health true."""
    deadline = time.monotonic() + timeout
    last = ""
    while True:
        if proc.poll() is not None:
            raise ControlPlaneError(
                f"{check} exited with code {proc.returncode} before becoming ready; "
                f"last lines of {log}:\n{_tail(log, 40)}"
            )
        try:
            with urllib.request.urlopen(probe, timeout=2, context=context) as resp:
                body = resp.read().decode(errors="replace")
                if resp.status == 200 and (body.strip() == "ok" or '"health":"true"' in body.replace(" ", "")):
                    return
                last = f"HTTP {resp.status}: {body[:200]}"
        except urllib.error.HTTPError as exc:
            body = exc.read().decode(errors="replace")
            failing = [line for line in body.splitlines() if line.startswith("[-]")]
            last = f"HTTP {exc.code}: " + ("; ".join(failing) or body[-300:])
        except (OSError, ssl.SSLError) as exc:
            last = repr(exc)
        if time.monotonic() > deadline:
            raise ControlPlaneError(
                f"{check} not ready after {timeout:.0f}s (last probe: {last}); last lines of {log}:\n{_tail(log, 40)}"
            )
        time.sleep(0.2)


# --------------------------------------------------------------------------
# certificates


def _key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


def _write_key(path: Path, key: ec.EllipticCurvePrivateKey) -> None:
    path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    path.chmod(0o600)


def _pem(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


def _cert(
    subject: x509.Name,
    key: ec.EllipticCurvePrivateKey,
    issuer: tuple[x509.Certificate, ec.EllipticCurvePrivateKey] | None,
    *,
    ca: bool = False,
    server_sans: Sequence[x509.GeneralName] = (),
    client: bool = False,
) -> x509.Certificate:
    now = datetime.datetime.now(datetime.UTC)
    issuer_name, signing_key = (issuer[0].subject, issuer[1]) if issuer else (subject, key)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=7))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    if ca:
        builder = builder.add_extension(
            x509.KeyUsage(
                digital_signature=True,
                key_cert_sign=True,
                crl_sign=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        ).add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
    else:
        builder = builder.add_extension(
            x509.KeyUsage(
                digital_signature=True,
                key_encipherment=False,
                key_cert_sign=False,
                crl_sign=False,
                content_commitment=False,
                data_encipherment=False,
                key_agreement=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        usages = [ExtendedKeyUsageOID.CLIENT_AUTH] if client else []
        if server_sans:
            usages.append(ExtendedKeyUsageOID.SERVER_AUTH)
            builder = builder.add_extension(x509.SubjectAlternativeName(list(server_sans)), critical=False)
        builder = builder.add_extension(x509.ExtendedKeyUsage(usages), critical=False)
    return builder.sign(signing_key, hashes.SHA256())


@dataclass
class _Pki:
    ca: Path
    serving_cert: Path
    serving_key: Path
    admin_cert: bytes
    admin_key: bytes
    sa_key: Path
    sa_pub: Path


def _make_pki(pki: Path) -> _Pki:
    pki.mkdir(parents=True, exist_ok=True)
    ca_key = _key()
    ca_cert = _cert(
        x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "olapctl-e2e-ca")]),
        ca_key,
        None,
        ca=True,
    )
    (pki / "ca.crt").write_bytes(_pem(ca_cert))

    srv_key = _key()
    sans: list[x509.GeneralName] = [
        x509.DNSName(n)
        for n in (
            "localhost",
            "kubernetes",
            "kubernetes.default",
            "kubernetes.default.svc",
            "kubernetes.default.svc.cluster.local",
        )
    ]
    sans += [x509.IPAddress(ipaddress.ip_address(a)) for a in ("127.0.0.1", SERVICE_IP)]
    srv_cert = _cert(
        x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "kube-apiserver")]),
        srv_key,
        (ca_cert, ca_key),
        server_sans=sans,
    )
    (pki / "apiserver.crt").write_bytes(_pem(srv_cert))
    _write_key(pki / "apiserver.key", srv_key)

    adm_key = _key()
    adm_cert = _cert(
        x509.Name(
            [
                x509.NameAttribute(NameOID.ORGANIZATION_NAME, "system:masters"),
                x509.NameAttribute(NameOID.COMMON_NAME, ADMIN_USER),
            ]
        ),
        adm_key,
        (ca_cert, ca_key),
        client=True,
    )
    adm_key_pem = adm_key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )

    sa_key = _key()
    _write_key(pki / "sa.key", sa_key)
    (pki / "sa.pub").write_bytes(
        sa_key.public_key().public_bytes(
            serialization.Encoding.PEM,
            serialization.PublicFormat.SubjectPublicKeyInfo,
        )
    )
    return _Pki(
        ca=pki / "ca.crt",
        serving_cert=pki / "apiserver.crt",
        serving_key=pki / "apiserver.key",
        admin_cert=_pem(adm_cert),
        admin_key=adm_key_pem,
        sa_key=pki / "sa.key",
        sa_pub=pki / "sa.pub",
    )


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def _write_kubeconfig(path: Path, url: str, pki: _Pki) -> None:
    # JSON is valid YAML, and kubectl / the kubernetes client read it as such.
    config = {
        "apiVersion": "v1",
        "kind": "Config",
        "clusters": [
            {
                "name": "olapctl-e2e",
                "cluster": {
                    "server": url,
                    "certificate-authority-data": _b64(pki.ca.read_bytes()),
                },
            }
        ],
        "users": [
            {
                "name": ADMIN_USER,
                "user": {
                    "client-certificate-data": _b64(pki.admin_cert),
                    "client-key-data": _b64(pki.admin_key),
                },
            }
        ],
        "contexts": [
            {
                "name": "olapctl-e2e",
                "context": {
                    "cluster": "olapctl-e2e",
                    "user": ADMIN_USER,
                    "namespace": "default",
                },
            }
        ],
        "current-context": "olapctl-e2e",
        "preferences": {},
    }
    path.write_text(json.dumps(config, indent=2) + "\n")
    path.chmod(0o600)


# --------------------------------------------------------------------------
# start


def start(
    workdir: Path,
    timeout: float = READY_TIMEOUT,
    extra_apiserver_args: Sequence[str] = (),
) -> ControlPlane:
    """Start etcd and kube-apiserver on free loopback ports; wait for /readyz.

    Raises ControlPlaneError, with the last lines of the failing process's log,
    if either does not become ready within `timeout` seconds; the processes are
    then stopped and the workdir (with its logs) is kept.
    """
    bins = binaries()
    t0 = time.monotonic()
    workdir = workdir.resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    logs = workdir / "logs"
    logs.mkdir(exist_ok=True)
    pki = _make_pki(workdir / "pki")
    token = secrets.token_hex(24)
    tokens = workdir / "pki" / "tokens.csv"
    tokens.write_text(f'{token},{ADMIN_USER},{ADMIN_USER},"system:masters"\n')
    tokens.chmod(0o600)

    etcd_port, peer_port, api_port = _free_ports(3)
    etcd_url = f"http://127.0.0.1:{etcd_port}"
    peer_url = f"http://127.0.0.1:{peer_port}"
    url = f"https://127.0.0.1:{api_port}"
    kubeconfig = workdir / "kubeconfig"
    _write_kubeconfig(kubeconfig, url, pki)

    cp = ControlPlane(
        url=url,
        kubeconfig=kubeconfig,
        workdir=workdir,
        token=token,
        ca_file=pki.ca,
        etcd_url=etcd_url,
        kubectl_path=bins["kubectl"],
    )
    try:
        etcd_log = logs / "etcd.log"
        etcd = _spawn(
            [
                str(bins["etcd"]),
                "--name=olapctl-e2e",
                f"--data-dir={workdir / 'etcd'}",
                f"--listen-client-urls={etcd_url}",
                f"--advertise-client-urls={etcd_url}",
                f"--listen-peer-urls={peer_url}",
                f"--initial-advertise-peer-urls={peer_url}",
                f"--initial-cluster=olapctl-e2e={peer_url}",
                "--initial-cluster-state=new",
                "--unsafe-no-fsync=true",
                "--log-level=warn",
            ],
            etcd_log,
        )
        cp.etcd_pid = etcd.pid
        cp._procs[etcd.pid] = etcd
        _poll("etcd", f"{etcd_url}/health", etcd, etcd_log, timeout)

        api_log = logs / "kube-apiserver.log"
        api = _spawn(
            [
                str(bins["kube-apiserver"]),
                f"--etcd-servers={etcd_url}",
                "--bind-address=127.0.0.1",
                "--advertise-address=127.0.0.1",
                f"--secure-port={api_port}",
                f"--cert-dir={workdir / 'pki'}",
                f"--tls-cert-file={pki.serving_cert}",
                f"--tls-private-key-file={pki.serving_key}",
                f"--client-ca-file={pki.ca}",
                f"--token-auth-file={tokens}",
                "--authorization-mode=RBAC",
                "--anonymous-auth=true",  # /readyz, /healthz, /livez only (RBAC)
                "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
                f"--service-account-key-file={pki.sa_pub}",
                f"--service-account-signing-key-file={pki.sa_key}",
                f"--service-cluster-ip-range={SERVICE_CIDR}",
                "--allow-privileged=true",
                # No controller-manager creates "default" service accounts, so
                # (like envtest) do not require them for Pods.
                "--disable-admission-plugins=ServiceAccount",
                "--enable-priority-and-fairness=false",
                # Loopback endpoints for the `kubernetes` Service are invalid.
                "--endpoint-reconciler-type=none",
                "--profiling=false",
                "--v=1",
                *extra_apiserver_args,
            ],
            api_log,
        )
        cp.apiserver_pid = api.pid
        cp._procs[api.pid] = api
        cp._apiserver_cmd = _unwrapped(api.args)
        cp._wait_ready(api, api_log, max(1.0, timeout - (time.monotonic() - t0)))
    except BaseException:
        cp.stop(keep_workdir=True)
        raise
    cp.startup_seconds = time.monotonic() - t0
    return cp


# --------------------------------------------------------------------------
# CLI


def _up(workdir: Path | None, out: IO[str]) -> int:
    stop = threading.Event()

    def _handler(signum: int, _frame: object) -> None:
        stop.set()

    signal.signal(signal.SIGINT, _handler)
    signal.signal(signal.SIGTERM, _handler)
    wd = workdir or Path(tempfile.mkdtemp(prefix="olapctl-cp-"))
    t0 = time.monotonic()
    cp = start(wd)
    try:
        print(
            f"# control plane ready in {time.monotonic() - t0:.1f}s: {cp.url}\n"
            f"# etcd pid {cp.etcd_pid} ({cp.etcd_url}), "
            f"kube-apiserver pid {cp.apiserver_pid}, logs in {wd / 'logs'}\n"
            f"# Ctrl-C (or SIGTERM pid {os.getpid()}) stops it and removes {wd}\n"
            f"export KUBECONFIG={cp.kubeconfig}\n"
            f'export PATH="{cp.kubectl_path.parent}:$PATH"',
            file=out,
            flush=True,
        )
        while not stop.is_set():
            for pid, name in (
                (cp.apiserver_pid, "kube-apiserver"),
                (cp.etcd_pid, "etcd"),
            ):
                proc = cp._procs.get(pid)
                if proc is not None and proc.poll() is not None:
                    print(
                        f"# {name} exited ({proc.returncode}):\n{cp.log_tail(name)}",
                        file=sys.stderr,
                    )
                    return 1
            stop.wait(1.0)
        return 0
    finally:
        cp.stop()
        print("# control plane stopped", file=out, flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m e2e.controlplane")
    sub = parser.add_subparsers(dest="cmd", required=True)
    up = sub.add_parser("up", help="start etcd + kube-apiserver until SIGINT/SIGTERM")
    up.add_argument("--workdir", type=Path, help="default: a new temp dir")
    sub.add_parser("build", help="build (or find cached) binaries and print paths")
    args = parser.parse_args(argv)
    if args.cmd == "build":
        for name, path in binaries().items():
            print(f"{name}={path}")
        return 0
    workdir: Path | None = args.workdir
    return _up(workdir, sys.stdout)


if __name__ == "__main__":
    sys.exit(main())
