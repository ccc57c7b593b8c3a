"""docs/walkthrough.md is generated from a real run of its commands against the real API server (the chart
installed with helm, the operator running embedded on the session's ClickHouse), so the output it shows is what
the commands print, not typed by hand. The test fails when the committed document no longer matches a fresh run;
`OLAPCTL_WRITE_DOCS=1 pytest e2e/test_walkthrough.py` rewrites it."""

from __future__ import annotations

import contextlib
import functools
import io
import os
import re
import shlex
import subprocess
import time
from pathlib import Path

from e2e.controlplane import ControlPlane
from e2e.helm import helm_binary
from e2e.scenario import ROOT, condition, wait_for
from olapctl import cli
from olapctl.k8s.reconcile import Config

DOC = ROOT / "docs" / "walkthrough.md"
DEV, PROD = "analytics-dev", "analytics-prod"

ADD_COLUMN = """apiVersion: olapctl.dev/v1alpha1
kind: OlapTable
metadata:
  name: daily-counts
spec:
  columns:
    - {name: day, type: Date}
    - {name: events, type: UInt64}
    - {name: source, type: LowCardinality(String), default: "'web'"}
  engine: {type: SummingMergeTree}
  orderBy: [day]
"""


class Walkthrough:
    def __init__(self, cp: ControlPlane, chdb_url: str, workdir: Path) -> None:
        self.cp, self.chdb_url, self.workdir = cp, chdb_url, workdir
        for shared in ("examples", "charts"):  # the commands use the repository's paths, as a user's would
            (workdir / shared).symlink_to(ROOT / shared)
        self.parts: list[str] = []
        tools = f"{cp.kubectl_path.parent}:{helm_binary().parent}"
        self.env = {**os.environ, "KUBECONFIG": str(cp.kubeconfig), "PATH": f"{tools}:{os.environ['PATH']}",
                    "CLICKHOUSE_URL": chdb_url}  # fmt: skip

    def say(self, text: str) -> None:
        self.parts.append(text.strip() + "\n")

    def run(self, command: str, stdin: str | None = None) -> str:
        """Run a shell command as a user would; olapctl commands run in this process (the embedded engine admits
        one process per data path, and this one holds it)."""
        argv = shlex.split(command)
        if argv[0] == "olapctl":
            out, err = io.StringIO(), io.StringIO()
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), contextlib.chdir(self.workdir):
                os.environ["CLICKHOUSE_URL"] = self.chdb_url
                code = cli.main([os.path.expandvars(a) for a in argv[1:]])
            text, ok = out.getvalue() + err.getvalue(), code == 0
        else:
            done = subprocess.run(command, shell=True, capture_output=True, text=True, env=self.env, input=stdin,
                                  cwd=self.workdir, timeout=120)  # fmt: skip
            text, ok = done.stdout + done.stderr, done.returncode == 0
        assert ok, f"{command}: {text}"
        shown = f"$ {command}" if stdin is None else f"$ {command} <<'EOF'\n{stdin}EOF"
        self.parts.append(f"```console\n{shown}\n{text.rstrip()}\n```\n")
        return text

    def kubectl_json_field(self, ns: str, what: str, path: str) -> str:
        cmd = ["kubectl", "get", "-n", ns, *what.split(), "-o", f"jsonpath={path}"]
        return subprocess.run(cmd, capture_output=True, text=True, env=self.env).stdout

    def document(self) -> str:
        return "\n".join(self.parts)


VOLATILE = [
    (re.compile(r"(?m)^(\S+(?:\s{2,}\S+)*?)\s{2,}\d+[smhd](\d+[smh])?\s*$"), r"\1   <age>"),  # AGE columns
    (re.compile(r"LAST DEPLOYED: .*"), "LAST DEPLOYED: <time>"),
    (re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"), "<time>"),
    (re.compile(r"ok in \d+ ms"), "ok in <n> ms"),
    (re.compile(r"^\d+[smh]\s", re.MULTILINE), "<age> "),  # LAST SEEN of events
    (re.compile(r"plan-[0-9a-f]{12}"), "plan-<hash>"),
]


def normalized(text: str) -> str:
    for pattern, replacement in VOLATILE:
        text = pattern.sub(replacement, text)
    return re.sub(r"[ \t]+\n", "\n", text)


def test_walkthrough_is_what_the_commands_print(
    cluster: ControlPlane, embedded_operator: Config, chdb_path: Path, tmp_path: Path
) -> None:
    w = Walkthrough(cluster, f"chdb://{chdb_path}", tmp_path)
    helm = helm_binary()
    w.say("""
# olapctl walkthrough: from install to a reviewed prod plan

Every command below ran against a real Kubernetes API server and a real ClickHouse engine when this page was
generated (`e2e/test_walkthrough.py`); the output is what they printed, with ages and timestamps elided. ClickHouse
here is the embedded engine (`chdb://`); with a ClickHouse server, put its `http(s)://` URL in the Secrets instead.

## 1. Install the CRDs and the operator

The chart installs the four CRDs, a ServiceAccount with a least-privilege ClusterRole, a leader-election Role and
the Deployment running `olapctl operator`.
""")
    w.run("helm install olapctl charts/olapctl --namespace olapctl-system --create-namespace")
    w.run(
        "kubectl get crd olaptables.olapctl.dev materializedviews.olapctl.dev views.olapctl.dev "
        "migrationplans.olapctl.dev"
    )
    w.say("""
## 2. Point namespaces at ClickHouse

Each namespace names its ClickHouse in a Secret `olapctl-clickhouse` (keys `url`, optional `username`,
`password`, `database`). A namespace is in **dev** mode when labelled `olapctl.dev/mode=dev`; any other namespace is
**prod**: declarations there are never applied without a reviewed plan.
""")
    for ns in (DEV, PROD):
        w.run(f"kubectl create namespace {ns}")
        w.run(f'kubectl create secret generic olapctl-clickhouse -n {ns} --from-literal=url="$CLICKHOUSE_URL" '
              f"--from-literal=database={ns.replace('-', '_')}")  # fmt: skip
    w.run(f"kubectl label namespace {DEV} olapctl.dev/mode=dev")
    w.say("""
## 3. Dev: declare, and the tables appear

In dev, every `kubectl apply` is planned and applied at once; the status and an Event tell what changed.
""")
    w.run(f"kubectl apply -n {DEV} -f examples/tables/")
    for kind, name in (("olt", "events"), ("olt", "daily-counts"), ("olmv", "events-per-day")):
        wait_for(functools.partial(_synced, w, DEV, kind, name), f"{kind}/{name} Synced")
    w.run(f"kubectl get olapctl -n {DEV}")
    w.say("Add a column to `daily-counts`: the change is applied within a second, and the Event says what it did.")
    w.run(f"kubectl apply -n {DEV} -f -", stdin=ADD_COLUMN)

    def column_added() -> bool:
        obj = _get(w, DEV, "olt", "daily-counts")
        status = obj.get("status")
        return (
            isinstance(status, dict)
            and status.get("observedGeneration") == 2
            and (condition(obj, "Synced").get("status") == "True")
        )

    wait_for(column_added, "the added column")
    w.run(f"kubectl get events -n {DEV} --field-selector involvedObject.name=daily-counts,reason=Applied "
          "--sort-by=.metadata.creationTimestamp -o custom-columns=REASON:.reason,MESSAGE:.message")  # fmt: skip
    w.say("""
## 4. Prod: a reviewed plan

In prod the same declarations only report what a plan would have to do.
""")
    w.run(f"kubectl apply -n {PROD} -f examples/tables/")
    wait_for(lambda: condition(_get(w, PROD, "olt", "events"), "Synced").get("reason") == "PendingPlan", "pending")
    wait_for(
        lambda: condition(_get(w, PROD, "olt", "daily-counts"), "Synced").get("reason") == "PendingPlan", "pending"
    )
    w.run(f"kubectl get olt -n {PROD}")
    w.say("""
A reviewer generates the plan from the cluster's declarations against the live database, reads it, and commits it
(with Argo CD, the commit is the deploy; see `examples/gitops/`).
""")
    w.run(f'olapctl plan --from-cluster -n {PROD} --url "$CLICKHOUSE_URL?database=analytics_prod" '
          "-o first-release.yaml --name first-release")  # fmt: skip
    w.run(f"kubectl apply -n {PROD} -f first-release.yaml")
    wait_for(
        lambda: w.kubectl_json_field(PROD, "mplan first-release", "{.status.phase}") == "AwaitingApproval", "await"
    )
    w.run(f"kubectl get migrationplans -n {PROD}")
    w.say("Nothing has been applied. Approval (a merged `approved: true`, or the command) starts it:")
    w.run(f"olapctl approve first-release -n {PROD}")
    wait_for(lambda: w.kubectl_json_field(PROD, "mplan first-release", "{.status.phase}") == "Succeeded", "succeeded")
    wait_for(lambda: condition(_get(w, PROD, "olt", "events"), "Synced").get("status") == "True", "synced")
    time.sleep(0.5)
    w.run(f"kubectl get migrationplans,olaptables -n {PROD}")
    w.say("""
If the live database had changed since the plan was made, the plan would wait in `Drifted`, nothing applied, with
what changed in its status (`column hotfix: expected absent, live UInt8`); it applies once the live database matches
its snapshot again, or a newer plan made from the live database supersedes it (`Superseded`). If the declarations
had changed, it would stop in `Failed` (`StalePlan`). An approved plan's operations cannot be edited: the API server
refuses it. See `docs/security.md` for what the operator may touch.
""")
    generated = w.document()
    if os.environ.get("OLAPCTL_WRITE_DOCS"):
        DOC.parent.mkdir(exist_ok=True)
        DOC.write_text(generated)
    assert DOC.exists(), "docs/walkthrough.md is missing: run OLAPCTL_WRITE_DOCS=1 pytest e2e/test_walkthrough.py"
    assert normalized(DOC.read_text()) == normalized(generated), (
        "docs/walkthrough.md is stale: run OLAPCTL_WRITE_DOCS=1 pytest e2e/test_walkthrough.py"
    )
    subprocess.run([str(helm), "uninstall", "olapctl", "--namespace", "olapctl-system"], env=w.env, check=False,
                   capture_output=True)  # fmt: skip


def _synced(w: Walkthrough, ns: str, kind: str, name: str) -> bool:
    return condition(_get(w, ns, kind, name), "Synced").get("status") == "True"


def _get(w: Walkthrough, ns: str, kind: str, name: str) -> dict[str, object]:
    import json

    out = subprocess.run(
        ["kubectl", "get", "-n", ns, kind, name, "-o", "json"], capture_output=True, text=True, env=w.env
    )
    return dict(json.loads(out.stdout)) if out.returncode == 0 else {}
