"""The ``policy`` verbs of the command line: create, update, list, get, delete, run, history,
prune. They run the engine in this process, like every verb but ``server``; a server sharing
the backup root sees the same policies and runs them on schedule.
"""

from __future__ import annotations

import argparse
import dataclasses
import time
from typing import TYPE_CHECKING, Any

from .errors import BackupError
from .output import Output, human_bytes

if TYPE_CHECKING:
    # The engine is imported where a policy verb runs, not when the CLI builds its parser
    # (start-up time: see cli.py).
    from .engine.policy import Policy, PolicyRun
    from .engine.retention import Decision, RetentionRules
    from .engine.scheduler import PolicyStatus
    from .engine.service import BackupService

_COUNTS = ("keep_last", "keep_hourly", "keep_daily", "keep_weekly", "keep_monthly", "min_count")


def add_parser(verbs: Any) -> None:
    """Add ``policy`` and its sub-verbs to the CLI's parser."""
    policy = verbs.add_parser("policy", help="scheduled backups with retention (policies)")
    actions = policy.add_subparsers(dest="policy_action", required=True)
    for action in ("create", "update"):
        sub = actions.add_parser(action, help=f"{action} a policy")
        sub.add_argument("-n", "--name", required=True, help="policy name")
        sub.add_argument(
            "-s",
            "--schedule",
            required=action == "create",
            help="cron expression ('0 2 * * *'; a 6th field is seconds) or '@every 15m'",
        )
        sub.add_argument("--time-zone", default=None, help="IANA time zone (default UTC)")
        sub.add_argument(
            "-c",
            "--colls",
            default=None,
            help="comma-separated 'coll', 'db.coll' or 'db.*' (default: every collection)",
        )
        sub.add_argument("--kind", choices=("full", "incremental"), default=None)
        sub.add_argument(
            "--name-template",
            default=None,
            help="backup names: {policy} and strftime patterns in braces "
            "(default {policy}_{%%Y%%m%%d_%%H%%M%%S})",
        )
        for count in _COUNTS:
            sub.add_argument(f"--{count.replace('_', '-')}", type=int, default=None)
        sub.add_argument(
            "--keep-within", default=None, help="keep backups this much younger than the newest"
        )
    actions.add_parser("list", help="list policies with their next and last runs")
    for action, text in (
        ("get", "show one policy"),
        ("delete", "delete a policy and its history (its backups stay)"),
        ("run", "run a policy now and wait for it"),
    ):
        actions.add_parser(action, help=text).add_argument("-n", "--name", required=True)
    history = actions.add_parser("history", help="a policy's runs, newest first")
    history.add_argument("-n", "--name", default="", help="the policy (default: every policy)")
    history.add_argument("--limit", type=int, default=20, help="at most this many (0: all)")
    prune = actions.add_parser("prune", help="apply a policy's retention now")
    prune.add_argument("-n", "--name", required=True)
    prune.add_argument(
        "--dry-run", action="store_true", help="only print what would be removed, and why"
    )


def _policy_from_args(args: argparse.Namespace, base: Policy | None) -> Policy:
    """The policy the flags describe, over ``base`` (update) where a flag is not given."""
    from .engine.policy import Policy, parse_duration

    policy = base or Policy(name=args.name, schedule="")
    rules = policy.retention
    changes: dict[str, Any] = {}
    for count in _COUNTS:
        value = getattr(args, count)
        if value is not None:
            changes[count] = value
    if args.keep_within is not None:
        within = args.keep_within.strip()
        changes["keep_within_seconds"] = parse_duration(within, "keep_within") if within else 0.0
    fields: dict[str, Any] = {"retention": dataclasses.replace(rules, **changes)}
    if args.schedule is not None:
        fields["schedule"] = args.schedule
    if args.time_zone is not None:
        fields["time_zone"] = args.time_zone
    if args.colls is not None:
        fields["collections"] = tuple(c.strip() for c in args.colls.split(",") if c.strip())
    if args.kind is not None:
        fields["kind"] = args.kind
    if args.name_template is not None:
        fields["name_template"] = args.name_template
    return dataclasses.replace(policy, **fields)


def _when(ms: int) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(ms / 1000)) if ms else "-"


def _rules_text(rules: RetentionRules) -> str:
    from .engine.retention import duration_text

    parts = [f"{c} {getattr(rules, c)}" for c in _COUNTS if getattr(rules, c)]
    if rules.keep_within_seconds:
        parts.append(f"keep_within {duration_text(rules.keep_within_seconds)}")
    return ", ".join(parts) or "keep everything"


def policy_data(status: PolicyStatus) -> dict[str, Any]:
    """A policy and its status as JSON (the REST API's PolicyStatus field names)."""
    policy = dataclasses.asdict(status.policy)
    policy["collections"] = list(status.policy.collections)
    return {
        "policy": policy,
        "next_run_ms": status.next_run_ms,
        "last_run_ms": status.last_run_ms,
        "last_success_ms": status.last_success_ms,
        "last_outcome": status.last_outcome,
        "stale": status.stale,
    }


def _describe(status: PolicyStatus) -> str:
    p = status.policy
    lines = [
        f"policy {p.name}: {p.kind}, schedule {p.schedule!r} ({p.time_zone})"
        + ("  STALE" if status.stale else ""),
        f"  collections: {', '.join(p.collections) or 'all'}",
        f"  names: {p.name_template}",
        f"  retention: {_rules_text(p.retention)}",
        f"  next run {_when(status.next_run_ms)} UTC, last run {_when(status.last_run_ms)} "
        f"({status.last_outcome or 'never run'}), last success {_when(status.last_success_ms)}",
    ]
    return "\n".join(lines)


def _run_data(run: PolicyRun) -> dict[str, Any]:
    data = dataclasses.asdict(run)
    data["bytes"] = data.pop("size_bytes")
    data["pruned"] = list(run.pruned)
    return data


def _runs_table(runs: list[PolicyRun]) -> str:
    if not runs:
        return "no runs"
    lines = []
    for r in runs:
        took = f"{(r.end_ms - r.start_ms) / 1000:.1f}s" if r.end_ms else "-"
        line = (
            f"{_when(r.start_ms)}  {r.outcome:<8} {r.trigger:<8} {r.backup_name}  "
            f"{human_bytes(r.size_bytes)}  {took}"
        )
        if r.error_message:
            line += f"  error: {r.error_message}"
        if r.pruned:
            line += f"  pruned: {', '.join(r.pruned)}"
        lines.append(line)
    return "\n".join(lines)


def _decisions_text(decisions: list[Decision], dry_run: bool) -> str:
    if not decisions:
        return "the policy has no backups"
    verb = "would remove" if dry_run else "removed"
    return "\n".join(
        f"{'keep  ' if d.keep else verb + ' '} {d.name}: {', '.join(d.reasons)}" for d in decisions
    )


def run(service: BackupService, args: argparse.Namespace, out: Output) -> None:
    """Run one ``policy`` sub-verb."""
    action = args.policy_action
    if action in ("create", "update"):
        if action == "create":
            status = service.create_policy(_policy_from_args(args, None))
        else:
            current = service.get_policy(args.name).policy
            status = service.update_policy(_policy_from_args(args, current))
        out.result(_describe(status), policy_data(status))
    elif action == "list":
        statuses = service.list_policies()
        text = "\n".join(_describe(s) for s in statuses) or "no policies"
        out.result(text, [policy_data(s) for s in statuses])
    elif action == "get":
        status = service.get_policy(args.name)
        out.result(_describe(status), policy_data(status))
    elif action == "delete":
        service.delete_policy(args.name)
        out.result(f"policy {args.name} deleted", {"name": args.name, "deleted": True})
    elif action == "run":
        finished = service.run_policy_now(args.name, wait=True)
        if finished.outcome != "success":
            out.failed(
                f"policy {args.name}: run failed: {finished.error_message}",
                _runs_table([finished]),
                _run_data(finished),
            )
            return
        out.result(_runs_table([finished]), _run_data(finished))
    elif action == "history":
        runs = service.policy_runs(args.name, args.limit)
        out.result(_runs_table(runs), [_run_data(r) for r in runs])
    elif action == "prune":
        decisions = service.prune_policy(args.name, dry_run=args.dry_run)
        data = {
            "dry_run": args.dry_run,
            "decisions": [
                {"name": d.name, "keep": d.keep, "reasons": list(d.reasons)} for d in decisions
            ],
        }
        out.result(_decisions_text(decisions, args.dry_run), data)
    else:
        raise BackupError(f"unknown policy action {action!r}")
