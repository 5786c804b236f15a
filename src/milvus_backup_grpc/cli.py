"""The command line: upstream's verbs (create, list, get, delete, restore, check, server),
the control service's (tasks, cancel, resume) and the policies' (policy ..., see ``cli_policy``).

Every verb but ``server`` runs the engine in this process. Results, errors, progress and the
exit status all go through one output layer (``output.py``): ``--json`` prints every result and
every error as JSON, progress goes to stderr (live on a terminal, a line every few seconds
elsewhere), and Ctrl-C during create or restore cancels the task and says what it left.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import re
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, NoReturn

from . import cli_policy
from .errors import BackupError, RequestError
from .output import (
    PROGRESS_INTERVAL_ENV,
    Interrupted,
    Output,
    ProgressState,
    UsageError,
    human_bytes,
    human_duration,
    progress_interval,
)

# Start-up time: building the parser and answering ``list`` or ``--help`` must not pay for what
# other verbs need. The engine (and through it the backup model's protobuf messages, the
# Prometheus client and the policy scheduler), the configuration's YAML reader and rich's live
# display are imported inside the functions that use them (tests/unit/test_startup_imports.py
# holds each verb to that).
if TYPE_CHECKING:
    from . import model
    from .api.grpc_server import RunningServer
    from .config import Config
    from .engine.service import BackupService
    from .engine.tasks import TaskView

DEFAULT_GRPC_PORT = 50051
# engine/strategy.py's Strategy values (a unit test keeps them equal), named here so building
# the parser imports no engine module.
STRATEGIES = ("meta_only", "skip_flush", "serial_flush", "bulk_flush")
DEFAULT_REST_PORT = 8080  # upstream milvus-backup's server port
_CANCEL_WAIT = 120.0  # seconds Ctrl-C waits for a task to stop before leaving it


class _Parser(argparse.ArgumentParser):
    """Raises UsageError instead of exiting, so the output layer reports it (JSON or text)."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: {message}", self.format_usage()) from None


def _positive_seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if value <= 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive number of seconds")
    return value


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="milvus-backup-grpc",
        description="Back up and restore Milvus collections; serve the MilvusBackupService API.",
    )
    parser.add_argument(
        "--config",
        default=None,
        help="backup.yaml (upstream's v1 keys, or its v2 keys under 'configVersion: v2'); "
        "default: ./backup.yaml if present",
    )
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="override a configuration key, e.g. --set milvus.port=19531",
    )
    parser.add_argument(
        "--json", action="store_true", help="print every result and every error as JSON"
    )
    parser.add_argument(
        "--progress-interval",
        type=_positive_seconds,
        default=None,
        metavar="SECONDS",
        help="seconds between progress lines when stderr is not a terminal "
        f"(default: env {PROGRESS_INTERVAL_ENV}, else 5)",
    )
    parser.add_argument("--log-level", default=None, help="debug, info, warning, error")
    parser.add_argument(
        "-v", "--version", action="store_true", help="print the version and exit (as upstream)"
    )
    verbs = parser.add_subparsers(dest="verb", required=True)

    create = verbs.add_parser("create", help="create a backup")
    create.add_argument("-n", "--name", default="", help="backup name (default: generated)")
    create.add_argument(
        "-c", "--colls", default="", help="comma-separated collections ('coll' or 'db.coll')"
    )
    create.add_argument(
        "-d", "--databases", default="", help="comma-separated databases, each backed up whole"
    )
    create.add_argument(
        "-a",
        "--database_collections",
        default="",
        help='JSON {"db": ["coll", ...]}; [] means the whole database',
    )
    create.add_argument(
        "-f",
        "--force",
        action="store_true",
        help="skip the flush: back up only data Milvus already flushed",
    )
    create.add_argument("--meta_only", action="store_true", help="back up metadata only")
    create.add_argument(
        "--format",
        choices=("physical", "logical", "snapshot", "binlog", "auto"),
        default="",
        help="physical: binlogs, upstream's format (default before Milvus 3.0); logical: rows "
        "in Parquet, restorable into any Milvus (the only kind for Milvus Lite); snapshot: "
        "bundles Milvus 3.0+ exports itself (default there); upstream's binlog = physical, "
        "auto = the default",
    )
    create.add_argument("--rbac", action="store_true", help="also back up users and roles")
    create.add_argument(
        "--filter",
        default="",
        help="upstream's filter: comma-separated 'coll', 'db.coll' or 'db.*' "
        "(not with -c, -d or -a)",
    )
    create.add_argument(
        "--strategy",
        default="",
        choices=STRATEGIES,
        help="upstream's strategy: meta_only (= --meta_only), skip_flush (= --force), "
        "serial_flush (Flush each collection); bulk_flush (one FlushAll: Milvus 2.6.11+, where "
        "it is also the default)",
    )
    create.add_argument(
        "--incremental",
        action="store_true",
        help="reference the binlogs the base backup already holds instead of copying them",
    )
    create.add_argument(
        "--base",
        default="",
        help="base of --incremental (default: the newest complete backup holding the collections)",
    )

    verbs.add_parser("list", help="list backups").add_argument(
        "-c", "--collection", default="", help="only backups holding this collection"
    )

    get = verbs.add_parser("get", help="show one backup")
    get.add_argument("-n", "--name", required=True)
    get.add_argument("-d", "--detail", action="store_true", help="include partitions/segments")
    get.add_argument(
        "--text",
        action="store_true",
        help="a summary for people instead of the JSON upstream's get prints",
    )

    verbs.add_parser("delete", help="delete a backup").add_argument("-n", "--name", required=True)

    restore = verbs.add_parser("restore", help="restore a backup into Milvus")
    restore.add_argument("-n", "--name", required=True, help="backup name")
    restore.add_argument(
        "-c",
        "--collections",
        default="",
        help="comma-separated collections of the backup to restore",
    )
    restore.add_argument(
        "-d", "--databases", default="", help="comma-separated databases of the backup to restore"
    )
    restore.add_argument(
        "-a",
        "--database_collections",
        default="",
        help='JSON {"db": ["coll", ...]} of the backup to restore',
    )
    restore.add_argument("-s", "--suffix", default="", help="append to every target name")
    restore.add_argument("-r", "--rename", default="", help="renames 'a:b,db1.c:db2.d,db3.*:db4.*'")
    restore.add_argument("--meta_only", action="store_true", help="create collections only")
    restore.add_argument(
        "--restore_index", action="store_true", help="rebuild indexes (= --rebuild_index)"
    )
    restore.add_argument(
        "--rebuild_index", action="store_true", help="rebuild indexes (upstream's newer name)"
    )
    restore.add_argument(
        "--filter",
        default="",
        help="upstream's filter on the names after renaming: 'coll', 'db.coll', 'db.*'; "
        "'db.coll:partition' restores that partition only (not with -c, -d or -a)",
    )
    restore.add_argument(
        "--override",
        default="",
        metavar="JSON",
        help='per collection of the backup: {"db.coll": {"shardNum": 2, "description": "..."}}',
    )
    restore.add_argument(
        "--use_v2_restore",
        action="store_true",
        help="upstream's multi-segment import: what every restore into Milvus 2.4+ does here; "
        "refused against an older Milvus",
    )
    restore.add_argument(
        "--use_auto_index", action="store_true", help="rebuild vector indexes as AUTOINDEX"
    )
    restore.add_argument(
        "--drop_exist_collection", action="store_true", help="replace existing target collections"
    )
    restore.add_argument(
        "--drop_exist_index", action="store_true", help="drop the target's indexes first"
    )
    restore.add_argument(
        "--skip_create_collection",
        action="store_true",
        help="import into existing target collections",
    )
    restore.add_argument("--rbac", action="store_true", help="also restore users and roles")
    restore.add_argument("--max_shard_num", type=int, default=0, help="cap on shards")

    materialize = verbs.add_parser(
        "materialize",
        help="write a full copy of an incremental backup, which upstream can read",
    )
    materialize.add_argument("-n", "--name", required=True, help="the incremental backup")
    materialize.add_argument(
        "--new-name",
        "--to",
        dest="new_name",
        default="",
        help="the copy's name (default NAME_full)",
    )

    verify = verbs.add_parser(
        "verify", help="check a backup's binlogs against its checksum manifest"
    )
    verify.add_argument("-n", "--name", required=True, help="backup name")
    verify.add_argument(
        "--deep", action="store_true", help="read every object back and recompute its SHA-256"
    )

    tasks = verbs.add_parser(
        "tasks", help="list the backup and restore tasks of the backup root, of any process"
    )
    tasks.add_argument("--kind", choices=("backup", "restore"), default=None)
    tasks.add_argument(
        "-a", "--all", action="store_true", help="also tasks that ended (success, failed, ...)"
    )
    cancel = verbs.add_parser("cancel", help="cancel a running backup or restore task")
    which = cancel.add_mutually_exclusive_group(required=True)
    which.add_argument("-n", "--name", help="the backup being created")
    which.add_argument("--id", help="the task id (of a backup or a restore)")
    resume = verbs.add_parser(
        "resume",
        help="resume an interrupted backup or restore (its process stopped) and wait for it",
    )
    which = resume.add_mutually_exclusive_group(required=True)
    which.add_argument("-n", "--name", help="the interrupted backup")
    which.add_argument("--id", help="the task id (of a backup or a restore)")

    cli_policy.add_parser(verbs)
    verbs.add_parser("check", help="check Milvus and both storages")
    config = verbs.add_parser("config", help="print the resolved configuration (secrets masked)")
    config.add_argument(
        "action",
        nargs="?",
        choices=["show", "migrate"],
        default="show",
        help="show (the default): every setting with its value and where it came from; "
        "migrate: the --config v1 file rewritten with upstream's v2 keys",
    )
    config.add_argument(
        "-o", "--output", default="", help="migrate: write the v2 file here (default: stdout)"
    )
    config.add_argument(
        "--force", action="store_true", help="migrate: overwrite --output if it exists"
    )

    server = verbs.add_parser("server", help="serve the gRPC API and upstream's REST API")
    server.add_argument(
        "-p",
        "--port",
        type=int,
        default=None,
        help="port of upstream's REST API under /api/v1, as upstream's -p (default: env "
        f"SERVER_PORT, as upstream's server reads it, else {DEFAULT_REST_PORT}); 0 serves "
        "gRPC only",
    )
    server.add_argument(
        "--rest-port",
        type=int,
        default=None,
        help="the older name of -p/--port (not with it)",
    )
    server.add_argument(
        "--grpc-port",
        type=int,
        default=DEFAULT_GRPC_PORT,
        help=f"gRPC port (default: {DEFAULT_GRPC_PORT})",
    )
    server.add_argument("--host", default="0.0.0.0", help="address to listen on")
    return parser


def _overrides(pairs: Sequence[str]) -> dict[str, str]:
    out = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep:
            # Show only what can be a key: the rest may be a secret with a mistyped separator.
            shown = re.sub(r"[^A-Za-z0-9_.].*", "", pair, flags=re.DOTALL)
            raise UsageError(f"--set {shown!r}...: each --set must look like key=value")
        out[key.strip()] = value
    return out


def _csv(text: str) -> list[str]:
    return [p.strip() for p in text.split(",") if p.strip()]


def _selection(
    colls: str, databases: str, db_collections: str, filter_text: str = ""
) -> model.Selection | None:
    from .engine.selection import parse_db_collections, parse_filter, selection_from

    if filter_text:
        if colls or databases or db_collections:
            raise UsageError(
                "--filter cannot be combined with -c, -d or -a: they say the same thing"
            )
        parsed = parse_filter(filter_text)
        return parsed.selection if parsed is not None else None
    if db_collections:
        return parse_db_collections(db_collections)
    if databases:
        return {db: [] for db in _csv(databases)}
    return selection_from(None, _csv(colls))


_Reading = tuple[ProgressState, bool]  # the task's progress, and whether it has finished


def _follow(out: Output, label: str, read: Callable[[], _Reading]) -> bool:
    """Show a task's progress until it finishes; False if Ctrl-C came first."""
    period = min(0.2, out.interval / 2)
    with out.progress(label) as display:
        try:
            while True:
                state, finished = read()
                display.update(state)
                if finished:
                    return True
                time.sleep(period)
        except KeyboardInterrupt:
            return False


def _stop(
    out: Output, service: BackupService, task_id: str, what: str, finished: Callable[[], bool]
) -> bool:
    """Cancel a task after Ctrl-C and wait for it to stop; False if a second Ctrl-C came."""
    try:
        service.cancel_task(task_id)
        out.note(f"interrupted: stopping {what} (Ctrl-C again to leave it at once)")
        deadline = time.monotonic() + _CANCEL_WAIT
        while not finished() and time.monotonic() < deadline:
            time.sleep(0.1)
    except KeyboardInterrupt:
        return False
    return finished()


def _incremental_note(info: model.BackupInfo) -> str:
    """The ``list`` column of an incremental backup: what it depends on, or that it is whole."""
    if not info.incremental:
        return ""
    if info.depends_on:
        return f"\tincremental on {','.join(info.depends_on)}"
    return "\tincremental, self-contained (hard links)"


def _describe_backup(info: model.BackupInfo) -> str:
    from .pb import backup_pb2 as pb

    state = pb.BackupTaskStateCode.Name(info.state_code)
    lines = [f"backup {info.name}: {state}, {info.size} bytes, Milvus {info.milvus_version}"]
    if info.incremental and info.depends_on:
        lines.append(f"  incremental: references objects of {', '.join(info.depends_on)}")
    elif info.incremental:
        lines.append("  incremental: self-contained (unchanged objects hard-linked from its base)")
    if info.errorMessage:
        lines.append(f"  error: {info.errorMessage}")
    if info.format == "snapshot":
        lines.append(
            "  format: snapshot (bundles Milvus 3.0 exported; upstream reads it only in its "
            "releases with the snapshot format)"
        )
    elif info.format:
        lines.append(f"  format: {info.format} (rows in Parquet; upstream cannot read it)")
    for coll in info.collection_backups:
        rows = sum(s.num_of_rows for p in coll.partition_backups for s in p.segment_backups)
        lines.append(
            f"  {coll.db_name or 'default'}.{coll.collection_name}: "
            f"{len(coll.partition_backups)} partitions, {rows} rows in segments, "
            f"{len(coll.index_infos)} indexes, {coll.size} bytes"
        )
    return "\n".join(lines)


def _run_create(service: BackupService, args: argparse.Namespace, out: Output) -> None:
    from . import model
    from .engine.strategy import resolve_strategy
    from .layout import codec

    strategy = resolve_strategy(args.strategy, meta_only=args.meta_only, force=args.force)
    request = model.CreateBackupInput(
        name=args.name,
        selection=_selection(args.colls, args.databases, args.database_collections, args.filter),
        meta_only=strategy.meta_only,
        force=strategy.force,
        strategy=strategy.strategy.value,
        rbac=args.rbac,
        run_async=True,
        incremental=args.incremental or bool(args.base),
        base_backup_name=args.base,
        format=args.format,
    )
    started = service.create_backup(request)
    task = service.tasks.backup_by_id(started.id)

    def read() -> _Reading:
        state = ProgressState(task.phase, task.bytes_done, task.bytes_total, task.progress)
        return state, not task.running

    if not _follow(out, f"backup {task.name}", read):
        if not _stop(out, service, task.id, f"backup {task.name}", lambda: not task.running):
            raise Interrupted(
                f"interrupted: backup {task.name} was left while stopping; it is incomplete "
                f"and never lists as successful: delete it with "
                f"'milvus-backup-grpc delete -n {task.name}'"
            )
        if task.state != model.BACKUP_SUCCESS:
            raise Interrupted(f"interrupted: backup {task.name} {task.error}")
        out.note(f"interrupted too late: backup {task.name} had already finished")
    if task.state != model.BACKUP_SUCCESS:
        raise BackupError(f"backup {task.name} failed: {task.error}")
    info = service.get_backup(name=task.name)
    out.result(_describe_backup(info), codec.to_go_dict(info))


def _restore_overrides(text: str) -> dict[model.QualifiedName, model.CollectionOverride]:
    """``--override`` JSON: {"db.coll": {"shardNum": 2, "description": "..."}}."""
    from . import model
    from .engine.selection import parse_overrides

    if not text:
        return {}
    try:
        tree = json.loads(text)
    except ValueError as exc:
        raise UsageError(f"--override is not JSON ({exc})") from None
    if not isinstance(tree, dict) or not all(isinstance(v, dict) for v in tree.values()):
        raise UsageError('--override must look like {"db.coll": {"shardNum": 2}}')
    given = {}
    for key, value in tree.items():
        unknown = set(value) - {"shardNum", "description"}
        shards, description = value.get("shardNum", 0), value.get("description", "")
        if unknown or not isinstance(shards, int) or not isinstance(description, str):
            raise UsageError(
                f"--override {key!r}: give shardNum (a number) and/or description (a string)"
            )
        given[key] = model.CollectionOverride(shard_num=shards, description=description)
    return parse_overrides(given)


def _run_restore(service: BackupService, args: argparse.Namespace, out: Output) -> None:
    from . import model
    from .engine.selection import parse_filter, parse_rename_list
    from .layout import codec
    from .pb import backup_pb2 as pb

    restore_filter = parse_filter(args.filter, allow_partitions=True)
    if restore_filter is not None and (
        args.collections or args.databases or args.database_collections
    ):
        raise UsageError("--filter cannot be combined with -c, -d or -a: give one of them")
    request = model.RestoreInput(
        backup_name=args.name,
        selection=_selection(args.collections, args.databases, args.database_collections),
        target_selection=restore_filter.selection if restore_filter is not None else None,
        partitions=restore_filter.partitions if restore_filter is not None else {},
        overrides=_restore_overrides(args.override),
        suffix=args.suffix,
        renames=parse_rename_list(args.rename),
        run_async=True,
        meta_only=args.meta_only,
        restore_index=args.restore_index or args.rebuild_index,
        use_auto_index=args.use_auto_index,
        drop_exist_collection=args.drop_exist_collection,
        drop_exist_index=args.drop_exist_index,
        skip_create_collection=args.skip_create_collection,
        rbac=args.rbac,
        max_shard_num=args.max_shard_num,
        use_v2_restore=args.use_v2_restore,
    )
    started = service.restore_backup(request)
    task = service.tasks.restore(started.id)

    def finished() -> bool:
        return task.state in (model.RESTORE_SUCCESS, model.RESTORE_FAIL)

    def read() -> _Reading:
        state = ProgressState(task.phase, task.bytes_done, task.bytes_total, task.progress)
        return state, finished()

    def describe() -> str:
        lines = [f"restore {task.id}: {pb.RestoreTaskStateCode.Name(task.state)}"]
        for coll in task.collections:
            lines.append(
                f"  {coll.source_db}.{coll.source_name} -> {coll.target_db}."
                f"{coll.target_name}: {pb.RestoreTaskStateCode.Name(coll.state)}"
                + (f" ({coll.error})" if coll.error else "")
            )
        return "\n".join(lines)

    if not _follow(out, f"restore {args.name}", read):
        if not _stop(out, service, task.id, f"restore {task.id}", finished):
            done = [
                f"{c.target_db}.{c.target_name}"
                for c in task.collections
                if c.state == model.RESTORE_SUCCESS
            ]
            raise Interrupted(
                f"interrupted: restore {task.id} was left while stopping; restored "
                f"{', '.join(done) or 'none'}; the other targets may be partly restored: "
                "drop them, or restore again with --drop_exist_collection",
                codec.to_go_dict(task.response()),
            )
        if task.state != model.RESTORE_SUCCESS:
            raise Interrupted(
                f"interrupted: restore {task.id} {task.error}",
                codec.to_go_dict(task.response()),
                describe(),
            )
        out.note(f"interrupted too late: restore {task.id} had already finished")
    if task.state != model.RESTORE_SUCCESS:
        out.failed(
            f"restore {task.id} failed: {task.error}",
            describe(),
            codec.to_go_dict(task.response()),
        )
        return
    out.result(describe(), codec.to_go_dict(task.response()))


def _run(service: BackupService, args: argparse.Namespace, out: Output) -> None:
    import dataclasses

    from .layout import codec
    from .pb import backup_pb2 as pb

    verb = args.verb
    if verb == "create":
        _run_create(service, args, out)
    elif verb == "restore":
        _run_restore(service, args, out)
    elif verb == "list":
        backups = service.list_backups(args.collection)
        text = "\n".join(
            [">> Backups:"]
            + [
                f"{b.name}\t{pb.BackupTaskStateCode.Name(b.state_code)}\t{b.size} bytes"
                + _incremental_note(b)
                for b in backups
            ]
        )
        out.result(text, [codec.to_go_dict(b) for b in backups])
    elif verb == "get":
        info = service.get_backup(name=args.name, without_detail=not args.detail)
        data = codec.to_go_dict(info)
        # As upstream's get: the backup as indented JSON, unless a summary is asked for.
        text = _describe_backup(info) if args.text else json.dumps(data, indent=4)
        out.result(text, data)
    elif verb == "delete":
        freed = service.delete_backup(args.name)
        out.result(
            f"backup {args.name} deleted, {freed} bytes freed",
            {"name": args.name, "deleted": True, "freed_bytes": freed},
        )
    elif verb == "materialize":
        info = service.materialize_backup(args.name, args.new_name)
        out.result(
            f"backup {args.name} materialized as {info.name}\n{_describe_backup(info)}",
            codec.to_go_dict(info),
        )
    elif verb == "verify":
        found = service.verify_backup(args.name, deep=args.deep)
        data = dataclasses.asdict(found) | {"ok": found.ok}
        if found.ok:
            out.result(found.summary(), data)
        else:
            out.failed(found.summary(), found.summary(), data)
    elif verb == "tasks":
        from .engine.tasks import TaskKind

        kind = TaskKind(args.kind) if args.kind else None
        views = service.list_tasks(kind, include_finished=args.all)
        out.result(_tasks_table(views), [_task_data(v) for v in views])
    elif verb == "cancel":
        from .engine.tasks import NotCancellable

        try:
            view = service.cancel(backup_name=args.name or "", task_id=args.id or "")
        except NotCancellable as exc:
            if exc.view is None:
                raise
            out.error(exc, _tasks_table([exc.view]), _task_data(exc.view))
            return
        out.result(_tasks_table([view]), _task_data(view))
    elif verb == "policy":
        cli_policy.run(service, args, out)
    elif verb == "resume":
        from .engine.tasks import NotResumable, TaskState

        try:
            view = service.resume(backup_name=args.name or "", task_id=args.id or "", wait=True)
        except NotResumable as exc:
            if exc.view is None:
                raise
            out.error(exc, _tasks_table([exc.view]), _task_data(exc.view))
            return
        if view.state is TaskState.SUCCESS:
            out.result(_tasks_table([view]), _task_data(view))
        else:
            out.failed(view.error or view.state.value, _tasks_table([view]), _task_data(view))
    elif verb == "check":
        report = service.check()
        data = {"ok": report.ok, "lines": report.lines}
        if report.ok:
            out.result("\n".join(report.lines), data)
        else:
            failures = [line for line in report.lines if "FAILED" in line]
            out.failed("; ".join(failures), "\n".join(report.lines), data)
    else:
        raise RequestError(f"unknown verb {verb!r}")


def _task_data(view: TaskView) -> dict[str, object]:
    """A task as JSON: the TaskView's fields, kind and state by their names."""
    import dataclasses

    data = dataclasses.asdict(view)
    data["kind"] = view.kind.value
    data["state"] = view.state.value
    return data


def _tasks_table(views: Sequence[TaskView]) -> str:
    """Tasks as a text table, newest first."""
    if not views:
        return "no tasks"
    rows = [("KIND", "TASK ID", "BACKUP", "STATE", "PHASE", "DONE", "RATE", "ETA", "STARTED")]
    for v in views:
        done = human_bytes(v.bytes_done)
        if v.bytes_total:
            done += f"/{human_bytes(v.bytes_total)}"
        state = v.state.value + (" (cancelling)" if v.cancel_requested else "")
        rows.append(
            (
                v.kind.value,
                v.task_id,
                v.backup_name or "-",
                state,
                v.phase or "-",
                done if v.bytes_done or v.bytes_total else "-",
                f"{human_bytes(v.rate_bytes_per_second)}/s" if v.rate_bytes_per_second else "-",
                human_duration(v.eta_seconds) if v.eta_seconds > 0 else "-",
                time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(v.start_time_ms / 1000)),
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = [
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]
    errors = [f"{v.task_id}: {v.error}" for v in views if v.error]
    return "\n".join(lines + errors)


def _show_config(config: Config, config_path: str | None, out: Output) -> None:
    rows = config.describe()
    lines = []
    if config.schema == "v2":
        lines.append(
            f"# {config_path}: configVersion v2; each row is the setting a v2 key "
            "maps onto, and its source names that key"
        )
    lines.extend(f"{key} = {value}    # {source}" for key, value, source in rows)
    data = {
        "config_file": config_path,
        "schema": config.schema,
        "settings": [{"key": k, "value": v, "source": src} for k, v, src in rows],
    }
    out.result("\n".join(lines), data)


def _migrate_config(config_path: str | None, args: argparse.Namespace, out: Output) -> None:
    """Write the v1 config file with upstream's v2 keys (stdout, or --output)."""
    from .config_migrate import migrate_v1_file

    if config_path is None:
        raise UsageError("config migrate needs a v1 file: give --config FILE")
    text, notes = migrate_v1_file(config_path)
    for note in notes:
        out.note(f"config migrate: {note}")
    data = {"config_file": config_path, "output": args.output or None, "notes": notes}
    if not args.output or args.output == "-":
        out.result(text.rstrip("\n"), data | {"yaml": text})
        return
    if os.path.exists(args.output) and not args.force:
        raise UsageError(f"{args.output} exists; give --force to overwrite it")
    with open(args.output, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.chmod(args.output, 0o600)  # it may hold credentials, as the v1 file did
    out.result(f"wrote the v2 config to {args.output}", data)


def _rest_port(args: argparse.Namespace, environ: Mapping[str, str]) -> int:
    """The REST port: -p/--port (or --rest-port), else env SERVER_PORT, else 8080."""
    if args.port is not None and args.rest_port is not None:
        raise UsageError(
            "-p/--port is the REST port, as upstream's, and --rest-port its older name: give "
            "one. Before this release --port was the gRPC port; give that as --grpc-port"
        )
    flag = args.port if args.port is not None else args.rest_port
    if flag is not None:
        return int(flag)
    text = environ.get("SERVER_PORT", "").strip()
    if not text:
        return DEFAULT_REST_PORT
    if not text.isdigit():
        raise UsageError(f"SERVER_PORT={text!r} is not a port number")
    return int(text)


def _serve(service: BackupService, args: argparse.Namespace, rest_port: int) -> None:
    """Serve gRPC and, unless its port is 0, REST over one engine until SIGTERM/SIGINT."""
    from .api.grpc_server import serve_forever
    from .api.rest import API_PREFIX, start_rest_server
    from .api.security import load_security

    if rest_port and rest_port == args.grpc_port:
        raise UsageError(
            f"the gRPC and REST ports are both {rest_port}; give -p/--port (REST) and "
            "--grpc-port different values (or -p 0 for gRPC only)"
        )
    # Certificates are read and checked before anything listens.
    security = load_security(service.config.server)
    rest = start_rest_server(service, rest_port, args.host, security) if rest_port else None

    def started(grpc_server: RunningServer) -> None:
        where = f"listening on {args.host}:{grpc_server.port} (gRPC)"
        if rest is not None:
            where += f", {args.host}:{rest.port} (REST {API_PREFIX})"
        if security.describe():
            where += f"; {security.describe()}"
        print(where, flush=True)

    try:
        serve_forever(
            service,
            args.grpc_port,
            args.host,
            on_started=started,
            before_stop=rest.stop if rest is not None else None,
            security=security,
        )
    except BaseException:
        if rest is not None:
            rest.stop(grace=0)
        raise


# The global options that take a value as the next token.
_GLOBAL_VALUE_OPTIONS = ("--config", "--set", "--progress-interval", "--log-level")


def _asks_version(argv: Sequence[str]) -> bool:
    """Whether -v/--version comes before the verb (a verb's own flags are not looked at)."""
    takes_value = False
    for token in argv:
        if takes_value:
            takes_value = False
        elif token in ("-v", "--version"):
            return True
        elif token in _GLOBAL_VALUE_OPTIONS:
            takes_value = True
        elif not token.startswith("-"):
            return False
    return False


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``milvus-backup-grpc`` command; returns its exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = _parser()
    # --json is known before parsing, so even a usage error is reported as JSON.
    out = Output(json_mode="--json" in argv)
    if _asks_version(argv):
        from importlib.metadata import version as package_version

        version = package_version("milvus-backup-grpc")
        out.result(f"milvus-backup-grpc {version}", {"version": version})
        return int(out.exit_status)
    try:
        args = parser.parse_args(argv)
        out = Output(
            json_mode=args.json, interval=progress_interval(args.progress_interval, os.environ)
        )
        _main(args, out)
    except UsageError as exc:
        if not out.json_mode and exc.usage:
            out.note(exc.usage.rstrip("\n"))
        out.error(exc)
    except (BackupError, Interrupted) as exc:
        out.error(exc)
    except KeyboardInterrupt:
        out.error(Interrupted("interrupted; the command stopped where it was"))
    except Exception as exc:
        # A bug, not a failure the engine names: the traceback goes to stderr for the report.
        logging.getLogger(__name__).error("unexpected error", exc_info=True)
        out.error(exc)
    return int(out.exit_status)


def _main(args: argparse.Namespace, out: Output) -> None:
    config_path = args.config
    if config_path is None and os.path.isfile("backup.yaml"):
        config_path = "backup.yaml"
    from .config import SETTINGS, load_config
    from .logs import setup_logging

    config = load_config(config_path, overrides=_overrides(args.set))
    secrets = [config.values[s.key].value for s in SETTINGS if s.secret]
    setup_logging(
        args.log_level or config.log_level,
        secrets,
        json_lines=args.verb == "server",
        console=config.log_console,
        file=config.log_file,
    )
    if args.verb == "config" and args.action == "migrate":
        _migrate_config(config_path, args, out)
        return
    if args.verb == "config":
        _show_config(config, config_path, out)
        return
    from . import heap
    from .engine.service import BackupService

    heap.limit_arenas()
    heap.arrow_on_the_c_heap()
    service = BackupService(config)
    if args.verb == "server":
        log = logging.getLogger("milvus_backup_grpc.server")
        for key, value, source in config.describe():
            log.info("config %s = %s (%s)", key, value, source)
        _serve(service, args, _rest_port(args, os.environ))
        return
    try:
        _run(service, args, out)
    finally:
        service.close()


if __name__ == "__main__":
    sys.exit(main())
