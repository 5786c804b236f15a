"""The command line: upstream's verbs (create, list, get, delete, restore, check, server).

Every verb but ``server`` runs the engine in this process. Long work shows a progress bar
on a terminal; ``--json`` prints results in upstream's JSON shape instead of text.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import os
import re
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from . import model
from .api.codes import code_for
from .config import SETTINGS, Config, load_config
from .engine.selection import parse_db_collections, parse_rename_list, selection_from
from .engine.service import BackupService
from .errors import BackupError, RequestError
from .layout import codec
from .logs import setup_logging
from .pb import backup_pb2 as pb

if TYPE_CHECKING:
    from .api.grpc_server import RunningServer

DEFAULT_GRPC_PORT = 50051
DEFAULT_REST_PORT = 8080  # upstream milvus-backup's server port


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
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
    parser.add_argument("--json", action="store_true", help="print results as JSON")
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
            raise RequestError(f"--set {shown!r}...: each --set must look like key=value")
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


class _Progress:
    """A one-line progress bar on stderr, drawn only on a terminal."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.enabled = sys.stderr.isatty()
        self.last = -1

    def show(self, percent: int) -> None:
        if not self.enabled or percent == self.last:
            return
        self.last = percent
        filled = percent * 30 // 100
        sys.stderr.write(f"\r{self.label} [{'#' * filled}{'.' * (30 - filled)}] {percent:3d}%")
        sys.stderr.flush()

    def done(self) -> None:
        if self.enabled and self.last >= 0:
            sys.stderr.write("\n")


def _wait(poll: Callable[[], tuple[int, bool]], label: str) -> None:
    bar = _Progress(label)
    while True:
        percent, finished = poll()
        bar.show(percent)
        if finished:
            break
        time.sleep(0.5)
    bar.done()


def _emit(args: argparse.Namespace, text: str, message: Any = None) -> None:
    if args.json and message is not None:
        print(codec.dumps(message, indent=2).decode())
    else:
        print(text)


def _describe_backup(info: model.BackupInfo) -> str:
    state = pb.BackupTaskStateCode.Name(info.state_code)
    lines = [f"backup {info.name}: {state}, {info.size} bytes, Milvus {info.milvus_version}"]
    if info.errorMessage:
        lines.append(f"  error: {info.errorMessage}")
    for coll in info.collection_backups:
        rows = sum(s.num_of_rows for p in coll.partition_backups for s in p.segment_backups)
        lines.append(
            f"  {coll.db_name or 'default'}.{coll.collection_name}: "
            f"{len(coll.partition_backups)} partitions, {rows} rows in segments, "
            f"{len(coll.index_infos)} indexes, {coll.size} bytes"
        )
    return "\n".join(lines)


def _run_create(service: BackupService, args: argparse.Namespace) -> int:
    request = model.CreateBackupInput(
        name=args.name,
        selection=_selection(args.colls, args.databases, args.database_collections),
        meta_only=args.meta_only,
        force=args.force,
        rbac=args.rbac,
        run_async=True,
    )
    started = service.create_backup(request)
    task = service.tasks.backup_by_id(started.id)
    _wait(lambda: (task.progress, not task.running), f"backup {task.name}")
    if task.state != model.BACKUP_SUCCESS:
        raise BackupError(f"backup {task.name} failed: {task.error}")
    info = service.get_backup(name=task.name)
    _emit(args, _describe_backup(info), info)
    return 0


def _run_restore(service: BackupService, args: argparse.Namespace) -> int:
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

    def poll() -> tuple[int, bool]:
        return task.progress, task.state in (model.RESTORE_SUCCESS, model.RESTORE_FAIL)

    _wait(poll, f"restore {args.name}")
    response = task.response()
    lines = [f"restore {task.id}: {pb.RestoreTaskStateCode.Name(task.state)}"]
    for coll in task.collections:
        lines.append(
            f"  {coll.source_db}.{coll.source_name} -> {coll.target_db}."
            f"{coll.target_name}: {pb.RestoreTaskStateCode.Name(coll.state)}"
            + (f" ({coll.error})" if coll.error else "")
        )
    _emit(args, "\n".join(lines), response)
    return 0 if task.state == model.RESTORE_SUCCESS else 1


def _run(service: BackupService, config: Config, args: argparse.Namespace) -> int:
    verb = args.verb
    if verb == "create":
        return _run_create(service, args)
    if verb == "restore":
        return _run_restore(service, args)
    if verb == "list":
        backups = service.list_backups(args.collection)
        if args.json:
            print(json.dumps([codec.to_go_dict(b) for b in backups], indent=2))
        else:
            print(">> Backups:")
            for b in backups:
                state = pb.BackupTaskStateCode.Name(b.state_code)
                print(f"{b.name}\t{state}\t{b.size} bytes")
        return 0
    if verb == "get":
        info = service.get_backup(name=args.name, without_detail=not args.detail)
        _emit(args, _describe_backup(info), info)
        return 0
    if verb == "delete":
        service.delete_backup(args.name)
        _emit(args, f"backup {args.name} deleted")
        return 0
    if verb == "verify":
        found = service.verify_backup(args.name, deep=args.deep)
        if args.json:
            print(json.dumps(dataclasses.asdict(found) | {"ok": found.ok}, indent=2))
        else:
            print(found.summary())
        return 0 if found.ok else 1
    if verb == "check":
        report = service.check()
        print("\n".join(report.lines))
        return 0 if report.ok else 1
    raise RequestError(f"unknown verb {verb!r}")


def _rest_port(flag: int | None, environ: Mapping[str, str]) -> int:
    """The REST port: the flag, else env SERVER_PORT (upstream's REST port), else 8080."""
    if flag is not None:
        return flag
    text = environ.get("SERVER_PORT", "").strip()
    if not text:
        return DEFAULT_REST_PORT
    if not text.isdigit():
        raise RequestError(f"SERVER_PORT={text!r} is not a port number")
    return int(text)


def _serve(service: BackupService, args: argparse.Namespace, rest_port: int) -> None:
    """Serve gRPC and, unless its port is 0, REST over one engine until SIGTERM/SIGINT."""
    from .api.grpc_server import serve_forever
    from .api.rest import API_PREFIX, start_rest_server
    from .api.security import load_security

    if rest_port and rest_port == args.port:
        raise RequestError(
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
    """Entry point of the ``milvus-backup-grpc`` command."""
    args = _parser().parse_args(argv)
    try:
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
            if config.schema == "v2":
                print(
                    f"# {config_path}: configVersion v2; each row is the setting a v2 key "
                    "maps onto, and its source names that key"
                )
            for key, value, source in config.describe():
                print(f"{key} = {value}    # {source}")
            return 0
        service = BackupService(config)
        if args.verb == "server":
            log = logging.getLogger("milvus_backup_grpc.server")
            for key, value, source in config.describe():
                log.info("config %s = %s (%s)", key, value, source)
            _serve(service, args, _rest_port(args.rest_port, os.environ))
            return 0
        try:
            return _run(service, config, args)
        finally:
            service.close()
    except BackupError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2 if code_for(exc) != pb.Fail else 1


if __name__ == "__main__":
    sys.exit(main())
