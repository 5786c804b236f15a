"""Turning wire requests into engine inputs (request parsing lives here, not in the engine)."""

from __future__ import annotations

from typing import Any

from google.protobuf import json_format, struct_pb2

from .. import model
from ..engine.selection import parse_db_collections, selection_from
from ..pb import backup_pb2 as pb


def value_to_python(value: struct_pb2.Value, present: bool) -> Any:
    """A google.protobuf.Value as plain Python (a JSON string stays a string)."""
    if not present:
        return None
    return json_format.MessageToDict(value)


def _selection(req: pb.CreateBackupRequest | pb.RestoreBackupRequest) -> model.Selection | None:
    present = req.HasField("db_collections")
    return selection_from(value_to_python(req.db_collections, present), req.collection_names)


def create_input(req: pb.CreateBackupRequest) -> model.CreateBackupInput:
    """Engine input for CreateBackup."""
    return model.CreateBackupInput(
        name=req.backup_name,
        selection=_selection(req),
        meta_only=req.meta_only,
        force=req.force,
        run_async=getattr(req, "async"),
        rbac=req.rbac,
        gc_pause=req.gc_pause_enable,
        gc_pause_address=req.gc_pause_address,
        backup_root_path=req.backup_root_path,
        request_id=req.requestId,
    )


def restore_input(req: pb.RestoreBackupRequest) -> model.RestoreInput:
    """Engine input for RestoreBackup."""
    return model.RestoreInput(
        backup_name=req.backup_name,
        selection=_selection(req),
        target_selection=parse_db_collections(
            value_to_python(
                req.db_collections_after_rename, req.HasField("db_collections_after_rename")
            )
        ),
        suffix=req.collection_suffix,
        renames=dict(req.collection_renames),
        run_async=getattr(req, "async"),
        location=location(req.bucket_name, req.path) or model.BackupLocation(),
        meta_only=req.metaOnly,
        restore_index=req.restoreIndex,
        use_auto_index=req.useAutoIndex,
        drop_exist_collection=req.dropExistCollection,
        drop_exist_index=req.dropExistIndex,
        skip_create_collection=req.skipCreateCollection,
        rbac=req.rbac,
        max_shard_num=req.maxShardNum,
        task_id=req.id,
        request_id=req.requestId,
    )


def location(bucket_name: str, path: str) -> model.BackupLocation | None:
    """A backup location override; upstream honours it only when both parts are given."""
    if bucket_name and path:
        return model.BackupLocation(bucket_name=bucket_name, root_path=path)
    return None
