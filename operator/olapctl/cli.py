"""olapctl command line. Exit codes: 0 success / in sync, 2 changes pending (diff) or plan refused, 1 other errors."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from clickhouse_connect.driver.exceptions import ClickHouseError

from olapctl.clickhouse.connect import Target, TargetError, connect
from olapctl.clickhouse.introspect import inferred_columns, introspect
from olapctl.clickhouse.normalize import SpecError
from olapctl.engine.assess import assess
from olapctl.engine.executor import ApplyFailed, ApplyRefused, VerificationFailed, apply_plan
from olapctl.engine.planning import canonical_plan, changes, make_plan
from olapctl.manifests import ManifestError, load_declarations
from olapctl.plan.describe import describe
from olapctl.plan.operations import plan_risk
from olapctl.plan.planfile import PlanError, dump_yaml, load_plan, read_moose_dir, write_moose_dir
from olapctl.plan.review import as_json, as_markdown, review
from olapctl.pull import pulled

EXIT_OK, EXIT_ERROR, EXIT_PENDING = 0, 1, 2


def _url(args: argparse.Namespace) -> str:
    url = args.url or os.environ.get("OLAPCTL_URL")
    if not url:
        raise TargetError("no target: pass --url or set OLAPCTL_URL")
    return str(url)


def _out(text: str) -> None:
    print(text, flush=True)


def cmd_plan(args: argparse.Namespace, target: Target) -> int:
    if args.from_cluster == bool(args.file):
        raise ManifestError("plan: give declarations with -f PATH... or --from-cluster -n NAMESPACE (one of them)")
    if args.from_cluster:
        from olapctl.k8s.reconcile import plan_for_cluster

        plan = plan_for_cluster(target, args.namespace, args.name)
        plan.namespace = args.namespace
    else:
        plan = make_plan(target, load_declarations(args.file, target.database), args.name)
    if args.format != "text" and not args.output:
        raise ManifestError(f"plan: --format {args.format} prints the summary on stdout; write the plan with -o FILE")
    text = dump_yaml(plan.manifest())
    if args.output:
        Path(args.output).write_text(text)
        findings = {f.index: f.reason for f in assess(target, plan.operations)}
        if args.format != "text":
            doc = review(plan.operations, findings, name=plan.name, notes=plan.notes, problems=plan.problems)
            sys.stdout.write(as_json(doc) + "\n" if args.format == "json" else as_markdown(doc))
        else:
            summary = "\n".join(
                [describe(plan.operations, with_risk=True, findings=findings), *plan.notes, *plan.problems]
            ).strip()
            risk = "destructive" if findings else plan_risk(plan.operations)
            print(
                f"wrote {args.output}: {len(plan.operations)} operation(s), risk {risk}\n{summary or 'no changes'}",
                file=sys.stderr,
            )
    else:
        sys.stdout.write(text)
    if args.save:
        written = write_moose_dir(plan, Path(args.save), target.database)
        said = [f"  {line}" for line in written.substitutions + written.approximations]
        print(
            f"wrote {args.save}: MooseStack's {', '.join(written.files)}"
            + ("; what MooseStack cannot hold:\n" + "\n".join(said) if said else ""),
            file=sys.stderr,
        )
    return EXIT_OK


def cmd_diff(args: argparse.Namespace, target: Target) -> int:
    found = changes(target, load_declarations(args.file, target.database))
    if args.format != "text":
        findings = {f.index: f.reason for f in assess(target, found.operations)}
        doc = review(found.operations, findings, notes=found.notes, problems=found.problems())
        sys.stdout.write(as_json(doc) + "\n" if args.format == "json" else as_markdown(doc))
        return EXIT_OK if found.in_sync() else EXIT_PENDING
    for note in found.notes + found.problems():
        _out(note)
    if found.in_sync():
        _out("in sync: no changes")
        return EXIT_OK
    findings = {f.index: f.reason for f in assess(target, found.operations)}
    _out(describe(found.operations, with_risk=True, findings=findings))
    return EXIT_PENDING


def cmd_pull(args: argparse.Namespace, target: Target) -> int:
    databases = list(dict.fromkeys(args.database or [target.database]))
    for db in databases:
        if not target.allows(db):
            raise TargetError(f"pull: database {db} is outside what the target allows ({target.allowed_databases()})")
    found = {str(r[0]) for r in target.query("SELECT name FROM system.databases")}
    missing = [db for db in databases if db not in found]
    if missing:
        raise TargetError(f"pull: no such database: {', '.join(missing)}")
    live = introspect(target, databases)
    out = Path(args.output)
    files = pulled(live, target.database, inferred_columns(target, live))
    for relative, text in files:
        path = out / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    counts = (
        f"{len(live.tables)} table(s), {len(live.materialized_views)} materialized view(s), {len(live.views)} view(s)"
    )
    _out(f"pulled {counts} of {', '.join(databases)} into {out}")
    left = target.query(  # what is not a declaration: said, not silently skipped
        "SELECT engine, count() FROM system.tables WHERE database IN {d:Array(String)} "
        "AND engine IN ('Dictionary', 'LiveView', 'WindowView') GROUP BY engine ORDER BY engine",
        {"d": databases},
    )
    if left:
        _out("left out (not declarations): " + ", ".join(f"{n} {engine}" for engine, n in left))
    return EXIT_OK


def cmd_apply(args: argparse.Namespace, target: Target) -> int:
    path = Path(args.plan)
    plan = canonical_plan(read_moose_dir(path, target.database), target) if path.is_dir() else load_plan(path)
    for note in plan.notes:
        _out(note)
    declarations = load_declarations(args.file, target.database) if args.file else None
    result = apply_plan(
        target,
        plan,
        declarations=declarations,
        allow_destructive=args.allow_destructive,
        progress=lambda step: _out(str(step)),
    )
    done = len(result.applied)
    _out(
        f"plan {plan.name}: {done} operation(s) applied"
        + (f" (resumed at {result.resumed_at + 1})" if result.resumed_at else "")
        + f", {result.total} in all; live state verified"
    )
    return EXIT_OK


def cmd_dev(args: argparse.Namespace, target: Target) -> int:
    """Watch the files; apply every change at once (destructive ones too, as in `moose dev`)."""
    from olapctl import devloop

    _out(f"olapctl dev: watching {', '.join(map(str, args.file))} -> {target.display}")
    devloop.run(target, args.file, _out)
    return EXIT_OK


def cmd_approve(args: argparse.Namespace) -> int:
    from olapctl.k8s import cluster

    body = cluster.approve(args.namespace, args.name)
    ops = len((body.get("spec") or {}).get("operations") or [])
    _out(f"migrationplan {args.namespace}/{args.name} approved ({ops} operation(s))")
    return EXIT_OK


def cmd_operator(args: argparse.Namespace) -> int:
    import kopf

    from olapctl.k8s import metrics, runner

    kopf.configure(log_format=kopf.LogFormat.JSON if args.log_format == "json" else kopf.LogFormat.FULL)
    if args.metrics_port:
        metrics.serve(args.metrics_port)
    lease_ns = args.lease_namespace or os.environ.get("POD_NAMESPACE") or "default"
    return runner.run(args.namespace, args.default_target, args.resync, lease_ns, args.liveness)


def cmd_crds(args: argparse.Namespace) -> int:
    from olapctl.k8s import crds

    for directory in args.output or ["crds", "charts/olapctl/crds"]:
        for path in crds.write(Path(directory)):
            _out(f"wrote {path}")
    return EXIT_OK


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="olapctl", description="ClickHouse schemas declared as Kubernetes resources.")
    sub = p.add_subparsers(dest="command", required=True)

    def with_target(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--url", help="http(s)://user:pass@host:port/db or chdb:///path (default: $OLAPCTL_URL)")

    def with_files(sp: argparse.ArgumentParser, required: bool) -> None:
        sp.add_argument(
            "-f",
            "--file",
            type=Path,
            nargs="+",
            action="extend",
            required=required,
            default=[] if not required else None,
            help="manifest files or directories",
        )

    def with_format(sp: argparse.ArgumentParser, help_text: str) -> None:
        sp.add_argument("--format", choices=("text", "markdown", "json"), default="text", help=help_text)

    sp = sub.add_parser("plan", help="write a MigrationPlan for the changes from the live database to the declarations")
    with_files(sp, False)
    with_target(sp)
    sp.add_argument(
        "--from-cluster", action="store_true", help="read the declarations of -n NAMESPACE from the cluster"
    )
    sp.add_argument("-n", "--namespace", default="default", help="with --from-cluster: the namespace")
    sp.add_argument("-o", "--output", help="write the plan here instead of stdout")
    sp.add_argument("--name", help="metadata.name of the plan (default: plan-<content hash>)")
    sp.add_argument(
        "--save", help="also write MooseStack's form: DIR/plan.yaml, remote_state.json, local_infra_map.json"
    )
    with_format(sp, "with -o: the summary on stdout as Markdown (a pull-request comment) or JSON (for CI)")
    sp.set_defaults(run=cmd_plan)

    sp = sub.add_parser("diff", help="show pending changes; exit 2 when there are some")
    with_files(sp, True)
    with_target(sp)
    with_format(sp, "the changes as text, Markdown (a pull-request comment) or JSON (for CI)")
    sp.set_defaults(run=cmd_diff)

    sp = sub.add_parser("apply", help="apply a plan (manifest file or --save directory)")
    sp.add_argument("plan")
    with_target(sp)
    sp.add_argument("--allow-destructive", action="store_true", help="allow operations that drop data")
    with_files(sp, False)
    sp.set_defaults(run=cmd_apply)

    sp = sub.add_parser("pull", help="write the live schema as declarations: one manifest per table, MV and view")
    with_target(sp)
    sp.add_argument(
        "-d", "--database", action="append", help="database to pull (repeatable; default: the URL's database)"
    )
    sp.add_argument("-o", "--output", required=True, help="directory to write DIR/<database>/<name>.yaml into")
    sp.set_defaults(run=cmd_pull)

    sp = sub.add_parser("dev", help="watch files and apply every change at once")
    with_files(sp, True)
    with_target(sp)
    sp.set_defaults(run=cmd_dev)

    sp = sub.add_parser("approve", help="approve a MigrationPlan in the cluster (spec.approved: true)")
    sp.add_argument("name")
    sp.add_argument("-n", "--namespace", default="default")
    sp.set_defaults(run_k8s=cmd_approve)

    sp = sub.add_parser("operator", help="run the Kubernetes operator")
    sp.add_argument("--namespace", action="append", default=[], help="watch namespaces matching GLOB (default: all)")
    sp.add_argument(
        "--default-target",
        default=os.environ.get("OLAPCTL_DEFAULT_TARGET"),
        help="ClickHouse URL for namespaces without an olapctl-clickhouse Secret",
    )
    sp.add_argument("--resync", type=float, default=30.0, help="seconds between periodic reconciles (default 30)")
    sp.add_argument("--lease-namespace", help="namespace of the leader Lease (default: $POD_NAMESPACE or default)")
    sp.add_argument("--liveness", help="kopf liveness endpoint, e.g. http://0.0.0.0:8080/healthz")
    sp.add_argument("--log-format", choices=("text", "json"), default="text", help="json: one JSON object per line")
    sp.add_argument("--metrics-port", type=int, help="serve Prometheus metrics on this port (/metrics)")
    sp.set_defaults(run_k8s=cmd_operator)

    sp = sub.add_parser("crds", help="write the CustomResourceDefinitions generated from the models")
    sp.add_argument("-o", "--output", action="append", help="directory (default: crds and charts/olapctl/crds)")
    sp.set_defaults(run_k8s=cmd_crds)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        if hasattr(args, "run_k8s"):
            return int(args.run_k8s(args))
        target = connect(_url(args), confined=False)
        return int(args.run(args, target))
    except ApplyRefused as exc:
        print(f"olapctl: plan refused ({exc.reason}): {exc}", file=sys.stderr)
        return EXIT_PENDING
    except (ManifestError, SpecError, PlanError, TargetError, ApplyFailed, VerificationFailed) as exc:
        print(f"olapctl: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except ClickHouseError as exc:
        print(f"olapctl: ClickHouse error: {str(exc).strip().splitlines()[0]}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return EXIT_OK
    except Exception as exc:
        api = sys.modules.get("kubernetes.client.exceptions")  # imported by the commands that use the API only
        if api is None or not isinstance(exc, api.ApiException):
            raise
        print(f"olapctl: Kubernetes API error: {exc.status} {exc.reason}: {_api_message(exc.body)}", file=sys.stderr)
        return EXIT_ERROR


def _api_message(body: str | None) -> str:
    try:
        return str(json.loads(body or "{}").get("message", ""))
    except ValueError:
        return str(body)


if __name__ == "__main__":
    sys.exit(main())
