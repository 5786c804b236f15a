"""The backup meta model: shared data at the ground floor.

The backup.proto messages are both the wire contract and the metadata upstream stores as
JSON, so the engine works with them directly. Next to them live the small engine-side
inputs the transports build from requests. This module imports nothing else of ours.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .pb import backup_pb2 as pb

BackupInfo = pb.BackupInfo
CollectionBackupInfo = pb.CollectionBackupInfo
PartitionBackupInfo = pb.PartitionBackupInfo
SegmentBackupInfo = pb.SegmentBackupInfo
FieldBinlog = pb.FieldBinlog
Binlog = pb.Binlog
IndexInfo = pb.IndexInfo
CollectionSchema = pb.CollectionSchema
FieldSchema = pb.FieldSchema
FunctionSchema = pb.FunctionSchema
KeyValuePair = pb.KeyValuePair
DatabaseBackupInfo = pb.DatabaseBackupInfo
RBACMeta = pb.RBACMeta
RestoreBackupTaskResponse = pb.RestoreBackupTaskResponse
RestoreCollectionTaskResponse = pb.RestoreCollectionTaskResponse
CollectionLevelBackupInfo = pb.CollectionLevelBackupInfo
PartitionLevelBackupInfo = pb.PartitionLevelBackupInfo
SegmentLevelBackupInfo = pb.SegmentLevelBackupInfo

BACKUP_INITIAL = pb.BACKUP_INITIAL
BACKUP_EXECUTING = pb.BACKUP_EXECUTING
BACKUP_SUCCESS = pb.BACKUP_SUCCESS
BACKUP_FAIL = pb.BACKUP_FAIL

RESTORE_INITIAL = pb.INITIAL
RESTORE_EXECUTING = pb.EXECUTING
RESTORE_SUCCESS = pb.SUCCESS
RESTORE_FAIL = pb.FAIL

DEFAULT_DB = "default"

#: {database: [collection, ...]}; an empty list means every collection of that database.
Selection = dict[str, list[str]]


@dataclass(frozen=True)
class BackupLocation:
    """Where a backup lives when a request overrides the configured bucket and root path."""

    bucket_name: str = ""
    root_path: str = ""


@dataclass(frozen=True)
class CreateBackupInput:
    """What a caller asks of a new backup."""

    name: str = ""
    selection: Selection | None = None  # None: every collection of every database
    meta_only: bool = False
    force: bool = False  # skip the flush: only already-flushed data is backed up
    run_async: bool = False
    rbac: bool = False
    gc_pause: bool = False
    gc_pause_address: str = ""
    gc_pause_seconds: int = 0  # how long the pause lasts; 0: backup.gcPause.seconds
    backup_root_path: str = ""
    request_id: str = ""
    # "" or "physical": binlogs (upstream's format); "logical": rows in Parquet.
    format: str = ""
    #: Reference what the base backup already holds instead of copying it.
    incremental: bool = False
    base_backup_name: str = ""  # "" with incremental: the newest complete backup
    #: upstream's strategy name ("", meta_only, skip_flush, serial_flush, bulk_flush); the
    #: door has already folded meta_only and skip_flush into the fields above.
    strategy: str = ""


#: (database, collection)
QualifiedName = tuple[str, str]


@dataclass(frozen=True)
class CollectionOverride:
    """What a restore changes of one recreated collection (0 / "": keep the backup's)."""

    shard_num: int = 0
    description: str = ""


@dataclass(frozen=True)
class RestoreInput:
    """What a caller asks of a restore."""

    backup_name: str
    selection: Selection | None = None  # filter on the backup's (source) names
    target_selection: Selection | None = None  # filter on the names after renaming
    suffix: str = ""
    renames: dict[str, str] = field(default_factory=dict)
    run_async: bool = False
    location: BackupLocation = BackupLocation()
    meta_only: bool = False
    restore_index: bool = False
    use_auto_index: bool = False
    drop_exist_collection: bool = False
    drop_exist_index: bool = False
    skip_create_collection: bool = False
    rbac: bool = False
    max_shard_num: int = 0
    #: upstream's multi-segment import (useV2Restore): what every restore into 2.4+ does;
    #: refused against an older target, which has no import that takes several segments
    use_v2_restore: bool = False
    task_id: str = ""
    request_id: str = ""
    #: target (db, coll) -> the only partitions whose data is restored; absent: all of them
    partitions: dict[QualifiedName, list[str]] = field(default_factory=dict)
    #: source (db, coll) -> what to change of the recreated collection
    overrides: dict[QualifiedName, CollectionOverride] = field(default_factory=dict)


@dataclass(frozen=True)
class CheckReport:
    """The outcome of a connectivity check: ok, and lines a person reads."""

    ok: bool
    lines: list[str]
