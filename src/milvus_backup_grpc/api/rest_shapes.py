"""The JSON shapes of REST answers: upstream's newest (v0.5.10+) or those of v0.5.9.

Upstream v0.5.10 reshaped two answers: ``GetBackup`` (and ``CreateBackup``, which answers
with the same message) carries a ``BackupInfoBrief`` (the backup without partitions and
segments) and ``ListBackups`` a list of ``BackupSummary`` (id, name, size, Milvus version).
Its create, get_backup, delete and restore handlers also make up a ``requestId`` when the
request has none (list and get_restore do not). Restore answers carry
``restored_size`` and ``to_restore_size`` (bytes imported, and bytes to import) beside
upstream's fields, so a client can show progress in bytes.

``server.rest.shapes: v0.5.9`` answers as upstream v0.5.9 and earlier did (the full
``BackupInfo``, no requestId made up, no sizes), for clients built on that release; a request
may ask for either with ``?shapes=v0.5.9`` (the status page does, for the full list). gRPC
keeps the 7125dcc messages whatever this says. The brief keeps this service's own
``BackupInfo`` fields (numbered from 1000: ``incremental``, ``depends_on``, ...), which
upstream's clients ignore.

The trees come from ``codec.to_go_dict`` (Go's encoding/json of our messages); the keys kept
are those upstream's messages declare, in its order, and zero values stay omitted as Go omits
them.
"""

from __future__ import annotations

import uuid
from typing import Any

from ..pb import backup_pb2 as pb

NEWEST = "v0.5.10"
V059 = "v0.5.9"
SHAPES = (NEWEST, V059)

# upstream v0.5.10+ backup.proto, message by message
_BACKUP_INFO_BRIEF = (
    "id",
    "state_code",
    "errorMessage",
    "start_time",
    "end_time",
    "progress",
    "name",
    "backup_timestamp",
    "collection_backups",
    "size",
    "milvus_version",
    "rpc_channel_info",
    "database_backups",
    "meta_size",
)
_COLLECTION_BACKUP_INFO_BRIEF = (
    "id",
    "collection_id",
    "db_name",
    "collection_name",
    "schema",
    "shards_num",
    "backup_timestamp",
    "size",
    "has_index",
    "index_infos",
    "load_state",
    "backup_physical_timestamp",
    "channel_checkpoints",
    "properties",
)
# This service's own BackupInfo fields (from 1000 on): kept in the brief.
_OWN_BACKUP_INFO = tuple(f.name for f in pb.BackupInfo.DESCRIPTOR.fields if f.number >= 1000)
_BACKUP_SUMMARY = ("id", "name", "size", "milvus_version")
# The routes whose upstream handler makes up a requestId (uuid) when none is given.
_MAKE_UP_REQUEST_ID = ("create", "get_backup", "delete", "restore")

Tree = dict[str, Any]


def _keep(tree: Tree, keys: tuple[str, ...]) -> Tree:
    return {key: tree[key] for key in keys if key in tree}


def backup_info_brief(info: Tree) -> Tree:
    """A BackupInfo tree as upstream's BackupInfoBrief."""
    brief = _keep(info, _BACKUP_INFO_BRIEF + _OWN_BACKUP_INFO)
    if "collection_backups" in brief:
        brief["collection_backups"] = [
            _keep(coll, _COLLECTION_BACKUP_INFO_BRIEF) for coll in brief["collection_backups"]
        ]
    return brief


def backup_summary(info: Tree) -> Tree:
    """A BackupInfo tree as upstream's BackupSummary."""
    return _keep(info, _BACKUP_SUMMARY)


def shape_answer(
    route: str, tree: Tree, shapes: str, restore_bytes: tuple[int, int] | None = None
) -> Tree:
    """An answer tree of one of upstream's routes, in the configured shapes.

    Args:
        route: "create", "get_backup", "list", "delete", "restore" or "get_restore".
        tree: the response message as ``codec.to_go_dict`` gives it.
        shapes: ``NEWEST`` or ``V059``.
        restore_bytes: for restore routes, (restored, to restore) bytes of the task.
    """
    if shapes == V059:
        return tree
    out = dict(tree)
    if route in _MAKE_UP_REQUEST_ID and not out.get("requestId"):
        # Go's omitempty dropped an empty requestId; upstream puts a fresh one first.
        out = {"requestId": str(uuid.uuid4()), **{k: v for k, v in out.items() if k != "requestId"}}
    data = out.get("data")
    if route in ("create", "get_backup") and isinstance(data, dict):
        out["data"] = backup_info_brief(data)
    elif route == "list" and isinstance(data, list):
        out["data"] = [backup_summary(info) for info in data]
    elif route in ("restore", "get_restore") and isinstance(data, dict) and restore_bytes:
        restored, to_restore = restore_bytes
        out["data"] = {**data, "restored_size": restored, "to_restore_size": to_restore}
    return out
