"""The snapshot format (Milvus 3.0+): Milvus exports and restores each collection itself.

Backup: per collection, flush (unless skip_flush), CreateSnapshot, DescribeSnapshot (its
timestamp is the backup's), ExportSnapshot into ``ROOT/NAME/bundle/`` polled to completion,
DropSnapshot; the meta records the collection as a meta-only backup would, plus
``snapshot_backup`` (the bundle's metadata path, relative to the backup directory) and
``format: "snapshot"``, as upstream's newer releases do. Restore: RestoreExternalSnapshot into
the target name (a staging name under dropExistCollection, swapped in when complete), polled
with GetRestoreSnapshotState; Milvus creates the collection, partitions, indexes and data
from the bundle. Aliases are recreated as for the physical format.

A server without the RPCs (before 3.0, Milvus Lite) is refused before anything is written.
"""

from __future__ import annotations

import logging
import time
from dataclasses import replace
from typing import Any

from .. import model
from ..errors import MilvusError, RequestError
from ..milvus import snapshots
from ..milvus.client import MilvusGateway, is_unimplemented
from ..milvus.snapshots import SnapshotPlace
from ..milvus.versions import ServerFeatures
from ..milvuspb import milvus_pb2
from .backup import BackupJob, _CollectionWork
from .restore import CollectionPlan, RestoreJob
from .tasks import RestoreCollectionTask

log = logging.getLogger(__name__)

_JOB_TIMEOUT = 24 * 3600.0


def snapshot_support_problem(
    milvus: MilvusGateway, features: ServerFeatures, probe: tuple[str, str] | None
) -> str | None:
    """Why this Milvus cannot back up or restore in the snapshot format; None when it can.

    The version decides first (the RPCs came with the 3.0 line); a 3.0+ version string is
    then probed with a read-only ListSnapshots, since Milvus Lite and some builds report a
    new version and still answer UNIMPLEMENTED.
    """
    version = milvus.version()
    if not features.snapshots:
        return (
            f"format snapshot needs Milvus 3.0 or newer (CreateSnapshot, ExportSnapshot, "
            f"RestoreExternalSnapshot), and this Milvus is {version}; use format physical"
        )
    db, coll = probe or (model.DEFAULT_DB, "")
    try:
        milvus.call("ListSnapshots", snapshots.list_snapshots_request(db, coll), db=db)
    except MilvusError as exc:
        if not is_unimplemented(exc):
            return None  # any other answer comes from a server that has the method
        return (
            f"format snapshot needs Milvus's snapshot RPCs, and Milvus {version} at "
            f"{milvus.config.target} does not implement them (UNIMPLEMENTED); use format "
            "physical (or logical for Milvus Lite)"
        )
    return None


def _wait_job(
    poll: Any, what: str, done: int, failed: int, timeout: float, interval: float, check: Any
) -> Any:
    """Poll a Milvus job until ``done``; its info. Raises MilvusError when it failed."""
    deadline = time.monotonic() + timeout
    while True:
        check()
        info = poll().info
        if info.state == done:
            return info
        if info.state == failed:
            raise MilvusError(f"Milvus {what} failed: {info.reason or 'no reason given'}")
        if time.monotonic() > deadline:
            raise MilvusError(f"Milvus {what} did not finish in {timeout:.0f} s")
        time.sleep(interval)


class SnapshotBackupJob(BackupJob):
    """A backup whose data Milvus exports as snapshot bundles into the backup directory."""

    backup_format = snapshots.FORMAT

    @staticmethod
    def job_request(request: model.CreateBackupInput) -> model.CreateBackupInput:
        # Described as a meta-only backup (no binlogs listed, no GC pause: a snapshot holds
        # its files against GC until it is dropped); the data goes through the export.
        return replace(request, meta_only=True, gc_pause=False, strategy="")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.flush_first = not self.asked.force
        self.place = snapshots.snapshot_place(
            self.config.milvus_storage, self.config.backup_storage, self.layout.dir
        )

    def _describe_and_copy(self) -> list[_CollectionWork]:
        works = []
        for n, (db, coll) in enumerate(self.collections):
            self.task.check_cancelled()
            self.task.phase = f"reading {db}.{coll}"
            work = self._describe(db, coll)
            self._export(work.info, db, coll)
            works.append(work)
            self.task.progress = 5 + int(90 * (n + 1) / max(1, len(self.collections)))
        return works

    def _export(self, info: model.CollectionBackupInfo, db: str, coll: str) -> None:
        if self.flush_first:
            self.task.phase = f"flushing {db}.{coll}"
            flush = self.milvus.flush(db, coll)
            self.milvus.wait_flushed(db, coll, flush, _JOB_TIMEOUT)
        name = f"backup_{self.layout.name}_{info.collection_id}"
        self.task.phase = f"snapshotting {db}.{coll}"
        self.milvus.call("CreateSnapshot", snapshots.create_snapshot_request(db, coll, name), db=db)
        try:
            described = self.milvus.call(
                "DescribeSnapshot", snapshots.describe_snapshot_request(db, coll, name), db=db
            )
            job = self.milvus.call(
                "ExportSnapshot",
                snapshots.export_snapshot_request(db, coll, name, self.place),
                db=db,
            ).job_id
            self.task.phase = f"exporting {db}.{coll} (Milvus job {job})"
            done = _wait_job(
                lambda: self.milvus.call(
                    "GetExportSnapshotState", snapshots.export_state_request(job)
                ),
                f"export of snapshot {name} (job {job})",
                milvus_pb2.ExportSnapshotCompleted,
                milvus_pb2.ExportSnapshotFailed,
                _JOB_TIMEOUT,
                self.config.backup.import_poll_interval,
                self.task.check_cancelled,
            )
        finally:
            self._drop(db, coll, name)
        info.snapshot_backup.metadata_path = self.place.metadata_path(done.snapshot_metadata_uri)
        info.snapshot_backup.total_files = done.total_files
        info.snapshot_backup.total_bytes = done.total_bytes
        info.backup_timestamp = described.create_ts
        info.size = done.total_bytes

    def _drop(self, db: str, coll: str, name: str) -> None:
        """Release the snapshot: left behind it would hold the collection's files from GC."""
        try:
            self.milvus.call("DropSnapshot", snapshots.drop_snapshot_request(db, coll, name), db=db)
        except MilvusError:
            log.exception(
                "could not drop snapshot %s of %s.%s; it holds the collection's files "
                "against GC until dropped by hand",
                name,
                db,
                coll,
            )


def refuse_unsupported_restore(request: model.RestoreInput, plans: list[CollectionPlan]) -> None:
    """Refuse what a snapshot restore cannot honour: Milvus builds the collection itself.

    Raises:
        RequestError: naming the option.
    """
    refused = [
        flag
        for flag, given in (
            ("metaOnly", request.meta_only),
            ("skipCreateCollection", request.skip_create_collection),
            ("useAutoIndex", request.use_auto_index),
            ("dropExistIndex", request.drop_exist_index),
            ("overrides", bool(request.overrides) or any(p.override.shard_num for p in plans)),
            ("a partition filter", any(p.partitions is not None for p in plans)),
        )
        if given
    ]
    if request.location.bucket_name:
        refused.append("bucket_name (Milvus reads the bundles from the configured bucket)")
    capped = [
        f"{p.target_db}.{p.target_name}"
        for p in plans
        if 0 < request.max_shard_num < p.source.shards_num
    ]
    if capped:
        refused.append(f"maxShardNum below the shard count of {', '.join(capped)}")
    missing = [
        f"{p.source.db_name or model.DEFAULT_DB}.{p.source.collection_name}"
        for p in plans
        if not p.source.snapshot_backup.metadata_path
    ]
    if missing:
        raise RequestError(f"backup meta records no snapshot bundle for {', '.join(missing)}")
    if refused:
        raise RequestError(
            f"a snapshot-format backup is restored by Milvus from its bundle (schema, "
            f"partitions, indexes and data as they were), so {', '.join(refused)} cannot be "
            "honoured; nothing was restored"
        )


class SnapshotRestoreJob(RestoreJob):
    """A restore of a snapshot-format backup: Milvus reads each bundle back."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.place: SnapshotPlace = snapshots.snapshot_place(
            self.config.milvus_storage, self.config.backup_storage, self.layout.dir
        )

    def _restore_collection(self, plan: CollectionPlan, ctask: RestoreCollectionTask) -> None:
        db, name = plan.target_db, plan.target_name
        replacing = plan.exists and self.request.drop_exist_collection
        build_name = f"{name}_restoring_{ctask.id[:8]}" if replacing else name
        uri = self.place.metadata_uri(plan.source.snapshot_backup.metadata_path)
        self.task.check_cancelled()
        job = self.milvus.call(
            "RestoreExternalSnapshot",
            snapshots.restore_external_snapshot_request(db, build_name, uri, self.place),
            db=db,
        ).job_id
        ctask.created = True
        try:
            _wait_job(
                lambda: self.milvus.call(
                    "GetRestoreSnapshotState", snapshots.restore_state_request(job)
                ),
                f"restore of {uri} into {db}.{build_name} (job {job})",
                milvus_pb2.RestoreSnapshotCompleted,
                milvus_pb2.RestoreSnapshotFailed,
                self.config.backup.import_timeout,
                self.config.backup.import_poll_interval,
                self.task.check_cancelled,
            )
        except Exception:
            if self.milvus.has_collection(db, build_name):
                self._drop_quietly(db, build_name)
            raise
        ctask.progress = 95
        if replacing:
            self._finish_swap(self._begin_swap(ctask, db, name, build_name))
        self._create_aliases(plan)
