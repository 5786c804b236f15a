"""The command line: upstream's verbs (create, list, get, delete, restore, check, server),
and the control service's (tasks, cancel).

Every verb but ``server`` runs the engine in this process. Results, errors, progress and the
exit status all go through one output layer (``output.py``): ``--json`` prints every result and
every error as JSON, progress goes to stderr (live on a terminal, a line every few seconds
elsewhere), and Ctrl-C during create or restore cancels the task and says what it left.
"""

from __future__ import annotations

import argparse
import dataclasses
import logging
import os
import re
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, NoReturn

from . import model
from .config import SETTINGS, Config, load_config
from .engine.selection import parse_db_collections, parse_rename_list, selection_from
from .engine.service import BackupService
from .engine.tasks import NotCancellable, TaskKind, TaskView
from .errors import BackupError, RequestError
from .layout import codec
from .logs import setup_logging
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
from .pb import backup_pb2 as pb

if TYPE_CHECKING:
    from .api.grpc_server import RunningServer

DEFAULT_GRPC_PORT = 50051
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
        choices=("physical", "logical"),
        default="",
        help="physical: binlogs, upstream's format (default for a server); logical: rows in "
        "Parquet, restorable into any Milvus (the only kind for Milvus Lite)",
    )
    create.add_argument("--rbac", action="store_true", help="also back up users and roles")

    verbs.add_parser("list", help="list backups").add_argument(
        "-c", "--collection", default="", help="only backups holding this collection"
    )

    get = verbs.add_parser("get", help="show one backup")
    get.add_argument("-n", "--name", required=True)
    get.add_argument("-d", "--detail", action="store_true", help="include partitions/segments")

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
    restore.add_argument("--restore_index", action="store_true", help="rebuild indexes")
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

    verbs.add_parser("check", help="check Milvus and both storages")
    config = verbs.add_parser("config", help="print the resolved configuration (secrets masked)")
    config.add_argument(
        "action",
        nargs="?",
        choices=["show"],
        default="show",
        help="show (the default): every setting with its value and where it came from",
    )

    server = verbs.add_parser("server", help="serve the gRPC API and upstream's REST API")
    server.add_argument(
        "-p",
        "--port",
        type=int,
        default=DEFAULT_GRPC_PORT,
        help=f"gRPC port (default: {DEFAULT_GRPC_PORT})",
    )
    server.add_argument(
        "--rest-port",
        type=int,
        default=None,
        help="port of upstream's REST API under /api/v1 (default: env SERVER_PORT, as "
        f"upstream's server reads it, else {DEFAULT_REST_PORT}); 0 serves gRPC only",
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


def _selection(colls: str, databases: str, db_collections: str) -> model.Selection | None:
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


def _describe_backup(info: model.BackupInfo) -> str:
    state = pb.BackupTaskStateCode.Name(info.state_code)
    lines = [f"backup {info.name}: {state}, {info.size} bytes, Milvus {info.milvus_version}"]
    if info.errorMessage:
        lines.append(f"  error: {info.errorMessage}")
    if info.format:
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
    request = model.CreateBackupInput(
        name=args.name,
        selection=_selection(args.colls, args.databases, args.database_collections),
        meta_only=args.meta_only,
        force=args.force,
        rbac=args.rbac,
        run_async=True,
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


def _run_restore(service: BackupService, args: argparse.Namespace, out: Output) -> None:
    request = model.RestoreInput(
        backup_name=args.name,
        selection=_selection(args.collections, args.databases, args.database_collections),
        suffix=args.suffix,
        renames=parse_rename_list(args.rename),
        run_async=True,
        meta_only=args.meta_only,
        restore_index=args.restore_index,
        use_auto_index=args.use_auto_index,
        drop_exist_collection=args.drop_exist_collection,
        drop_exist_index=args.drop_exist_index,
        skip_create_collection=args.skip_create_collection,
        rbac=args.rbac,
        max_shard_num=args.max_shard_num,
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
                for b in backups
            ]
        )
        out.result(text, [codec.to_go_dict(b) for b in backups])
    elif verb == "get":
        info = service.get_backup(name=args.name, without_detail=not args.detail)
        out.result(_describe_backup(info), codec.to_go_dict(info))
    elif verb == "delete":
        service.delete_backup(args.name)
        out.result(f"backup {args.name} deleted", {"name": args.name, "deleted": True})
    elif verb == "verify":
        found = service.verify_backup(args.name, deep=args.deep)
        data = dataclasses.asdict(found) | {"ok": found.ok}
        if found.ok:
            out.result(found.summary(), data)
        else:
            out.failed(found.summary(), found.summary(), data)
    elif verb == "tasks":
        kind = TaskKind(args.kind) if args.kind else None
        views = service.list_tasks(kind, include_finished=args.all)
        out.result(_tasks_table(views), [_task_data(v) for v in views])
    elif verb == "cancel":
        try:
            view = service.cancel(backup_name=args.name or "", task_id=args.id or "")
        except NotCancellable as exc:
            if exc.view is None:
                raise
            out.error(exc, _tasks_table([exc.view]), _task_data(exc.view))
            return
        out.result(_tasks_table([view]), _task_data(view))
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


def _rest_port(flag: int | None, environ: Mapping[str, str]) -> int:
    """The REST port: the flag, else env SERVER_PORT (upstream's REST port), else 8080."""
    if flag is not None:
        return flag
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

    if rest_port and rest_port == args.port:
        raise UsageError(
            f"the gRPC and REST ports are both {rest_port}; give --port and --rest-port "
            "different values (or --rest-port 0 for gRPC only)"
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
            args.port,
            args.host,
            on_started=started,
            before_stop=rest.stop if rest is not None else None,
            security=security,
        )
    except BaseException:
        if rest is not None:
            rest.stop(grace=0)
        raise


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``milvus-backup-grpc`` command; returns its exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = _parser()
    # --json is known before parsing, so even a usage error is reported as JSON.
    out = Output(json_mode="--json" in argv)
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
    config = load_config(config_path, overrides=_overrides(args.set))
    secrets = [config.values[s.key].value for s in SETTINGS if s.secret]
    setup_logging(
        args.log_level or config.log_level,
        secrets,
        json_lines=args.verb == "server",
        console=config.log_console,
        file=config.log_file,
    )
    if args.verb == "config":
        _show_config(config, config_path, out)
        return
    service = BackupService(config)
    if args.verb == "server":
        log = logging.getLogger("milvus_backup_grpc.server")
        for key, value, source in config.describe():
            log.info("config %s = %s (%s)", key, value, source)
        _serve(service, args, _rest_port(args.rest_port, os.environ))
        return
    try:
        _run(service, args, out)
    finally:
        service.close()


if __name__ == "__main__":
    sys.exit(main())
