"""The backups in backup storage: list, read and delete them."""

from __future__ import annotations

import logging

from .. import model
from ..errors import BackupError, LayoutError, NotFoundError
from ..layout import codec, meta, paths
from ..storage.base import ObjectNotFound, ObjectStorage
from .lease import LeasedRecord, LeaseState, split_record

log = logging.getLogger(__name__)

INTERRUPTED = (
    "interrupted: the process writing this backup stopped before it finished; "
    "resume it ('resume' in the CLI, ResumeTask), or delete it and create it again"
)


class DeletedBackup(NotFoundError):
    """The name belongs to a deleted backup whose objects other backups still reference."""


class Catalog:
    """Backups under one root path of one store."""

    def __init__(self, storage: ObjectStorage, root: str) -> None:
        self.storage = storage
        self.root = root

    def layout(self, name: str) -> paths.BackupLayout:
        """Keys of the backup called ``name``."""
        return paths.BackupLayout(self.root, name)

    def names(self) -> list[str]:
        """Names of every directory under the root (complete backups or not)."""
        prefix = self.root.rstrip("/") + "/" if self.root else ""
        names = [d[len(prefix) :].rstrip("/") for d in self.storage.list_dirs(prefix)]
        return [n for n in names if not n.startswith(".")]  # .restore_tasks is no backup

    def exists(self, name: str) -> bool:
        """Whether anything at all is stored under the backup's directory."""
        return self.storage.has_prefix(self.layout(name).dir)

    def read(self, name: str, live_task_ids: set[str]) -> model.BackupInfo:
        """The backup's metadata, or the state of the task that writes it.

        Args:
            live_task_ids: backup tasks running in this process; a record that claims to be
                executing under any other ID was left by a process that stopped.

        Raises:
            NotFoundError: nothing is stored under that name.
            LayoutError: the metadata cannot be decoded.
        """
        layout = self.layout(name)
        if meta.is_complete(self.storage, layout):
            info = meta.read_backup_meta(self.storage, layout)
            info.state_code = model.BACKUP_SUCCESS
            info.progress = 100
            if not info.name:
                info.name = name
            return info
        try:
            record, lease = self.task_record(name)
        except ObjectNotFound:
            if self.storage.exists(layout.retained_marker):
                raise DeletedBackup(
                    f"backup {name!r} was deleted; some of its objects remain under "
                    f"{layout.dir!r} because other backups reference them"
                ) from None
            raise NotFoundError(
                f"backup {name!r} not found under {layout.dir!r} in {self.storage.description}"
            ) from None
        if record.state_code == model.BACKUP_SUCCESS:
            # The record says done but full_meta.json is missing: never call that complete.
            record.state_code = model.BACKUP_FAIL
            record.errorMessage = "the backup's metadata is missing; delete it and back up again"
        elif (
            record.state_code != model.BACKUP_FAIL
            and record.id not in live_task_ids
            # Not this process's: the lease tells a backup written elsewhere from one whose
            # writer stopped (records without a lease were written before leases existed).
            and (lease is None or lease.mine or not lease.alive())
        ):
            record.state_code = model.BACKUP_FAIL
            record.errorMessage = INTERRUPTED
        return record

    def task_record(self, name: str) -> tuple[model.BackupInfo, LeaseState | None]:
        """The backup's task record as stored, and its lease.

        Raises:
            ObjectNotFound: the backup has no task record (upstream's never do).
            LayoutError: the record cannot be decoded.
        """
        tree, lease = split_record(self.storage.read_bytes(self.layout(name).task_record))
        record = model.BackupInfo()
        codec.from_go_dict(tree, record)
        return record, lease

    def list_backups(self, live_task_ids: set[str], collection: str = "") -> list[model.BackupInfo]:
        """Every backup under the root, optionally only those holding ``collection``."""
        found = []
        for name in self.names():
            try:
                info = self.read(name, live_task_ids)
            except DeletedBackup:
                continue
            except (NotFoundError, LayoutError) as exc:
                log.warning("skipping %r under %r: %s", name, self.root, exc)
                continue
            except BackupError as exc:
                log.warning("cannot read backup %r: %s", name, exc)
                continue
            if collection and not _holds(info, collection):
                continue
            found.append(info)
        return found

    def delete(self, name: str) -> int:
        """Remove every object of the backup; returns how many.

        Blind to references: the service deletes through ``incremental.remove_backup``, which
        keeps what other backups reference.

        Raises:
            NotFoundError: nothing is stored under that name.
        """
        removed = remove_backup_objects(self.storage, self.layout(name))
        if not removed:
            raise NotFoundError(f"backup {name!r} not found under {self.layout(name).dir!r}")
        return removed


def remove_backup_objects(
    storage: ObjectStorage, layout: paths.BackupLayout, lease: LeasedRecord | None = None
) -> int:
    """Remove every object of a backup, its task record last; returns how many.

    The record goes last because it holds the name: while any object is left, no other process
    can claim the name and start writing into the directory being emptied.
    """
    record = layout.task_record
    keys = [obj.key for obj in storage.list_objects(layout.dir) if obj.key != record]
    for key in keys:
        storage.delete(key)
    if lease is not None:
        lease.release()
    had_record = storage.exists(record)
    storage.delete(record)
    return len(keys) + int(had_record)


def _holds(info: model.BackupInfo, collection: str) -> bool:
    db, _, coll = collection.rpartition(".")
    for c in info.collection_backups:
        if c.collection_name == coll and (not db or (c.db_name or model.DEFAULT_DB) == db):
            return True
    return False
