"""Taking a backup: read metadata from Milvus, flush, copy binlogs, write meta last.

The job first describes every collection and finds every segment's binlogs, so it knows
how many bytes it will copy; then it copies them, and only when every object has landed
(and been checked) does it write the metadata files, ``full_meta.json`` last.
"""

from __future__ import annotations

import base64
import logging
import time
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from typing import TypeVar

from .. import model
from ..config import Config
from ..errors import RequestError, StorageError, TaskCancelled
from ..layout import codec, manifest, meta, paths, plan
from ..milvus.carried import SchemaGap, UnsupportedSchemaError, check_carried, schema_gaps
from ..milvus.client import FlushResult, MilvusGateway
from ..milvus.management import GCPause
from ..milvus.rbac import read_rbac
from ..milvus.schema import schema_to_backup
from ..milvus.versions import ServerFeatures, uses_flush_all
from ..milvuspb import common_pb2, milvus_pb2
from ..storage.base import Checksum, ObjectInfo, ObjectStorage
from ..storage.transfer import CopyItem, copy_objects
from .catalog import Catalog, remove_backup_objects
from .incremental import Plan, prepare_incremental
from .lease import LeasedRecord
from .selection import selects
from .tasks import BackupTask, now_ms

log = logging.getLogger(__name__)

_FLUSH_TIMEOUT = 600.0


@dataclass
class _CollectionWork:
    info: model.CollectionBackupInfo
    copies: list[CopyItem] = field(default_factory=list)


Result = TypeVar("Result")


@dataclass
class _CollectionBinlogs:
    """One collection's binlogs as listed, by (partition ID, segment ID), in key order."""

    inserts: defaultdict[tuple[int, int], list[tuple[paths.BinlogKey, ObjectInfo]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    deltas: defaultdict[tuple[int, int], list[tuple[paths.BinlogKey, ObjectInfo]]] = field(
        default_factory=lambda: defaultdict(list)
    )


def resolve_collections(
    milvus: MilvusGateway, selection: model.Selection | None
) -> list[tuple[str, str]]:
    """The (db, collection) pairs a selection names, checked against Milvus.

    Raises:
        RequestError: a named database or collection does not exist.
    """
    databases = milvus.list_databases()
    if selection is None:
        return [(db, coll) for db in databases for coll in sorted(milvus.list_collections(db))]
    chosen: list[tuple[str, str]] = []
    for db, colls in selection.items():
        if db not in databases:
            raise RequestError(f"database {db!r} does not exist in Milvus")
        existing = milvus.list_collections(db)
        if not colls:
            chosen.extend((db, c) for c in sorted(existing))
            continue
        missing = [c for c in colls if c not in existing]
        if missing:
            raise RequestError(
                f"collection {', '.join(f'{db}.{c}' for c in missing)} does not exist in Milvus"
            )
        chosen.extend((db, c) for c in colls if selects(selection, db, c))
    return list(dict.fromkeys(chosen))


def schema_preflight(
    milvus: MilvusGateway, collections: list[tuple[str, str]], workers: int = 1
) -> list[int]:
    """Refuse, before anything is written, collections the backup meta cannot carry whole.

    Args:
        workers: collections checked at once (each check waits on Milvus).

    Returns:
        The collections' IDs, in order (for ``preflight``).

    Raises:
        UnsupportedSchemaError: naming every collection, field and attribute concerned.
    """

    def gaps_of(db: str, coll: str) -> tuple[int, list[SchemaGap]]:
        with ThreadPoolExecutor(max_workers=2, thread_name_prefix="check") as pool:
            indexes = pool.submit(milvus.indexes, db, coll)
            described = milvus.describe_collection(db, coll)
            return described.collectionID, schema_gaps(
                f"{db}.{coll}", described, indexes.result()
            )

    checked = for_each_collection(gaps_of, collections, workers)
    gaps = [gap for _, found in checked for gap in found]
    if gaps:
        raise UnsupportedSchemaError(gaps)
    return [coll_id for coll_id, _ in checked]


def preflight(
    milvus: MilvusGateway,
    milvus_storage: ObjectStorage,
    milvus_root: str,
    collections: list[tuple[str, str]],
    collection_ids: list[int],
    workers: int = 1,
) -> None:
    """Refuse a backup that could only come out empty, before creating anything.

    A collection with flushed rows must have insert binlogs under the configured Milvus root
    (else the root, bucket or storage type is wrong and the backup would hold metadata only).
    Whether the backup storage takes a write is not probed here: the claim of the backup's
    name is the first write, so a store that refuses writes refuses it, leaving nothing.

    Args:
        collection_ids: the collections' IDs, in the same order.
        workers: collections checked at once (each check waits on Milvus and the store).

    Raises:
        StorageError: naming the settings to fix (the first collection, in order, that fails).
    """
    layout = paths.MilvusLayout(milvus_root)
    ids = dict(zip(collections, collection_ids, strict=True))

    def check(db: str, coll: str) -> None:
        coll_dir = layout.insert_dir(ids[db, coll])
        if milvus_storage.has_prefix(coll_dir):
            return  # binlogs where they should be: no need to ask Milvus for its rows
        segments = milvus.persistent_segments(db, coll)
        rows = sum(
            s.num_rows
            for s in segments
            if s.state == common_pb2.Flushed and s.level != common_pb2.L0
        )
        if rows:
            raise StorageError(
                f"{db}.{coll} has {rows} flushed rows but {milvus_storage.description} holds no "
                f"insert binlogs under {coll_dir!r}; minio.rootPath (and minio.bucketName / "
                "minio.storageType) must point at the storage this Milvus writes to"
            )

    for_each_collection(check, collections, workers)


def for_each_collection(
    work: Callable[[str, str], Result], collections: list[tuple[str, str]], workers: int
) -> list[Result]:
    """``work(db, collection)`` of each collection, ``workers`` at once; results in order.

    The first failure, in the collections' order, is raised once every call has ended.
    """
    if workers <= 1 or len(collections) <= 1:
        return [work(db, coll) for db, coll in collections]
    with ThreadPoolExecutor(
        max_workers=min(workers, len(collections)), thread_name_prefix="collection"
    ) as pool:
        futures = [pool.submit(work, db, coll) for db, coll in collections]
    return [future.result() for future in futures]


def backup_record_body(task: BackupTask) -> dict[str, object]:
    """A backup's task record without its lease: the task's BackupInfo, and progress detail."""
    body: dict[str, object] = dict(codec.to_go_dict(task.summary()))
    body["detail"] = {
        "phase": task.phase,
        "bytes_done": task.bytes_done,
        "bytes_total": task.bytes_total,
    }
    return body


class BackupJob:
    """One backup, from Milvus to backup storage."""

    #: BackupInfo.format of what the job writes: "" is upstream's physical format.
    backup_format = ""

    @staticmethod
    def job_request(request: model.CreateBackupInput) -> model.CreateBackupInput:
        """The request as this job's shared describe-and-copy steps should see it."""
        return request

    def __init__(
        self,
        config: Config,
        milvus: MilvusGateway,
        milvus_storage: ObjectStorage,
        backup_storage: ObjectStorage,
        layout: paths.BackupLayout,
        request: model.CreateBackupInput,
        collections: list[tuple[str, str]],
        task: BackupTask,
        lease: LeasedRecord | None = None,
    ) -> None:
        self.config = config
        #: The task record's lease: set, every record write is a compare-and-swap of it.
        self.lease = lease
        self.milvus = milvus
        self.milvus_storage = milvus_storage
        self.backup_storage = backup_storage
        self.layout = layout
        #: The request as asked; ``request`` is what the shared steps act on (see job_request).
        self.asked = request
        self.request = self.job_request(request)
        self.collections = collections
        self.task = task
        self.milvus_layout = paths.MilvusLayout(config.milvus_storage.root_path)
        self._copied = 0
        self._total = 0
        #: What an incremental backup references instead of copying (nothing for a full one).
        self.plan = Plan([], [])
        #: Set to resume an interrupted backup: its described collections and copies.
        self.resume_from: plan.BackupPlan | None = None
        self._planned = False  # the plan is stored: a stop may leave the backup resumable
        #: The GC pause held while copying (None: GC is not paused).
        self.gc_pause: GCPause | None = None
        #: The manifest of the copies, written with the metadata files (None: the job's
        #: format writes its own).
        self._manifest: bytes | None = None
        #: Flush results of one FlushAll (2.6.11+), by (db, collection); empty: Flush each.
        self._flushed: dict[tuple[str, str], FlushResult] = {}

    def record(self) -> None:
        """Persist the task's current state beside the backup."""
        if self.lease is not None:
            self.lease.write()  # a lost lease sets the cancel event: the job stops
        else:
            self.backup_storage.write_bytes(
                self.layout.task_record, codec.dumps(self.task.summary())
            )

    def run(self) -> model.BackupInfo:
        """Take the backup; on failure the task and its record say why.

        Raises:
            BackupError: anything that stopped the backup.
        """
        self.task.state = model.BACKUP_EXECUTING
        self.task.progress = 1
        self.task.phase = "starting"
        try:
            return self._run_recorded()
        finally:
            if self.lease is not None:
                self.lease.release()

    def _run_recorded(self) -> model.BackupInfo:
        try:
            self.record()  # inside the try: a task whose record cannot be written has failed
            info = self._run()
        except Exception as exc:
            if (isinstance(exc, TaskCancelled) or self.task.cancelled) and (
                self.task.suspending and self._planned
            ):
                from .resume import suspend_backup  # resume imports this module

                suspend_backup(self)
                raise TaskCancelled(self.task.phase) from exc
            if isinstance(exc, TaskCancelled) or self.task.cancelled:
                # A cancel may surface as another error (a connection closed under the job).
                self._discard(exc)
                raise TaskCancelled(self.task.error) from exc
            self.task.state = model.BACKUP_FAIL
            self.task.error = str(exc)
            self.task.end_time = now_ms()
            self.task.phase = "failed"
            log.error("backup %s failed: %s", self.layout.name, exc)
            try:
                self.record()
            except StorageError:
                log.exception("could not record the failure of backup %s", self.layout.name)
            raise
        self.task.phase = "done"
        if self.plan.base:
            self.task.phase = f"done: {self.plan.summary()}"
        self.task.info = info
        self.task.state = model.BACKUP_SUCCESS
        self.task.progress = 100
        self.task.end_time = info.end_time
        # The plan goes while the record is written: both only follow full_meta.json.
        plan_removed = _aside(plan.remove_plan, self.backup_storage, self.layout)
        try:
            self.record()
        except StorageError:
            # full_meta.json is written, so the backup is complete and reads as such; the
            # record only tracked the task, and failing now would misreport a good backup.
            log.warning(
                "backup %s is complete, but its task record could not be updated",
                self.layout.name,
                exc_info=True,
            )
        if isinstance(plan_removed.exception(), StorageError):
            log.warning("backup %s is complete; its resume plan stays", self.layout.name)
        else:
            plan_removed.result()
        log.info(
            "backup %s complete: %d bytes copied; time by phase: %s",
            self.layout.name,
            self.task.bytes_done,
            self.task.phase_summary(),
        )
        return info

    def _discard(self, exc: Exception) -> None:
        """End a cancelled backup: remove what it wrote, so nothing lists it as a backup.

        Its copies have all stopped (``copy_objects`` returns only then) and ``full_meta.json``
        was never written. If the removal fails, the record says the backup failed and how to
        delete it.
        """
        # The task reads as running until its objects are gone, so nobody sees it ended
        # while they are still being removed.
        self.task.phase = "cancelling: removing partial objects"
        reason = str(exc) if isinstance(exc, TaskCancelled) else f"cancelled on request ({exc})"
        if self.task.cancel_reason:
            reason = f"cancelled: {self.task.cancel_reason}"
        if self.lease is not None and self.lease.cancel_reason:
            reason = self.lease.cancel_reason
        if self.lease is not None and self.lease.lost:
            # The record is another process's now (a delete took it over): what is under the
            # directory is its business, not this job's.
            self.task.error = f"{reason}; its objects were left to the process that took it over"
            log.warning("backup %s %s", self.layout.name, self.task.error)
            return
        try:
            remove_backup_objects(self.backup_storage, self.layout, self.lease)
        except StorageError as removal:
            self.task.error = (
                f"{reason}; its partial objects under {self.layout.dir!r} could not be "
                f"removed ({removal}): it is left incomplete, delete it with "
                f"'milvus-backup-grpc delete -n {self.layout.name}'"
            )
            self._cancelled()
            try:
                self.record()
            except StorageError:
                log.exception("could not record the cancellation of backup %s", self.layout.name)
        else:
            self.task.error = f"{reason}; its partial objects were removed"
            self._cancelled()
        log.warning("backup %s %s", self.layout.name, self.task.error)

    def _cancelled(self) -> None:
        """Mark the task ended by a cancel (its error already says what was left)."""
        self.task.state = model.BACKUP_FAIL
        self.task.end_time = now_ms()
        self.task.phase = "cancelled"

    def _run(self) -> model.BackupInfo:
        self.task.check_cancelled()  # cancelled before it started: touch nothing in Milvus
        info = model.BackupInfo(
            id=self.task.id,
            name=self.layout.name,
            start_time=self.task.start_time,
            milvus_version=self.milvus.version(),
            format=self.backup_format,
        )
        features = ServerFeatures.of(info.milvus_version)
        pause = self.request.gc_pause or self.config.backup.gc_pause_enable
        guard: AbstractContextManager[object] = nullcontext()
        if pause and not self.request.meta_only:
            address = self.request.gc_pause_address or self.config.backup.gc_pause_address
            seconds = self.request.gc_pause_seconds or self.config.backup.gc_pause_seconds
            self.gc_pause = GCPause(address, seconds, features)
            guard = self.gc_pause
        if (
            self.resume_from is None
            and not (self.request.meta_only or self.request.force)
            and uses_flush_all(features, serial=self.request.strategy == "serial_flush")
        ):
            self.task.phase = "flushing (FlushAll)"
            self._flushed = self.milvus.flush_all(self.collections)
        with guard:
            works = self._describe_and_copy()
        self.task.check_cancelled()
        self.task.phase = "writing metadata"
        if self.request.rbac:
            info.rbac_meta.CopyFrom(read_rbac(self.milvus))
        dbs = sorted({db for db, _ in self.collections})
        info.database_backups.extend(model.DatabaseBackupInfo(db_name=db) for db in dbs)
        for work in works:
            work.info.end_time = int(time.time())
            info.collection_backups.append(work.info)
        info.size = sum(c.size for c in info.collection_backups)
        # Hard-linked objects are the backup's own: made incrementally, it depends on nothing.
        info.incremental = bool(self.plan.references or self.plan.linked)
        info.depends_on.extend(self.plan.depends_on)
        info.state_code = model.BACKUP_SUCCESS
        info.progress = 100
        info.end_time = now_ms()
        beside = {}
        if self._manifest is not None:
            beside[manifest.manifest_key(self.layout)] = self._manifest
        meta.write_backup_meta(self.backup_storage, self.layout, info, beside)
        return info

    def _describe_and_copy(self) -> list[_CollectionWork]:
        # Describing a collection includes its flush, which can wait on Milvus for a while:
        # backup.parallelism.backupCollection collections are described and flushed at once.
        # Their binlogs are then copied by one pool shared by all collections.
        def describe(db: str, coll: str) -> _CollectionWork:
            self.task.check_cancelled()
            self.task.phase = f"reading {db}.{coll}"
            work = self._describe(db, coll)
            self.task.progress = max(self.task.progress, 5)
            return work

        if self.resume_from is not None:
            works = [
                _CollectionWork(info, items)
                for info, items in zip(self.resume_from.infos, self.resume_from.copies, strict=True)
            ]
        else:
            works = for_each_collection(
                describe, self.collections, self.config.backup.backup_collection_parallelism
            )
        # An incremental backup's references are chosen under the root's reference lock and
        # are not in the resume plan, so it is not resumable: stopped, it ends cancelled.
        resumable = not self.request.meta_only and not self.request.incremental
        plan_landed: Future[None] | None = None
        if resumable and self.resume_from is None:
            # An interrupted backup resumes from its plan. The plan is written while the
            # first copies run, which saves a round trip: until it has landed the backup is
            # not resumable, and a stop then discards it, as a stop before any copy would.
            plan_landed = _aside(
                plan.write_plan,
                self.backup_storage,
                self.layout,
                plan.BackupPlan(
                    self.request,
                    self.collections,
                    [w.info for w in works],
                    [w.copies for w in works],
                ),
            )
        else:
            self._planned = resumable
        try:
            checksums, all_copies = self._copy(works)
        finally:
            if plan_landed is not None:
                self._planned = plan_landed.exception() is None
        if plan_landed is not None:
            plan_landed.result()  # a plan that could not be written fails the backup
        # The binlogs were copied without a sync each: one sync of the store makes them all
        # durable before the manifest and the metadata that declares the backup complete
        # (full_meta.json last) are written.
        self.task.phase = "syncing binlogs to storage"
        self.backup_storage.sync(self.layout.dir)
        self._manifest = manifest.encode_copies(
            self.layout,
            all_copies,
            checksums,
            [*self.plan.references, *self.plan.linked],
        )
        return works

    def _copy(self, works: list[_CollectionWork]) -> tuple[dict[str, Checksum], list[CopyItem]]:
        """Copy the collections' binlogs (or, for an incremental backup, what changed); each
        copied object's checksum, and every object the backup holds."""
        all_copies = [item for w in works for item in w.copies]
        if self.request.incremental and all_copies:
            self.task.phase = "comparing with the base backup"
            self.plan = prepare_incremental(
                Catalog(self.backup_storage, self.layout.root),
                self.layout,
                self.collections,
                all_copies,
                self.request.base_backup_name,
                self.config.backup.lease_seconds,
                hard_links=self.config.backup.local_hard_links,
            )
            all_copies = self.plan.copies
        self._total = sum(item.size for item in all_copies)
        self.task.bytes_total = self._total
        self.task.objects_total = len(all_copies)
        self.task.phase = "copying binlogs"
        log.info(
            "backup %s: %d collections, %d binlogs, %d bytes to copy",
            self.layout.name,
            len(works),
            len(all_copies),
            self._total,
        )
        to_copy: list[CopyItem] = all_copies
        landed: dict[str, Checksum] = {}
        if self.resume_from is not None:
            from .resume import sort_out_landed  # resume imports this module

            to_copy, landed = sort_out_landed(self, all_copies)
        checksums = copy_objects(
            self.milvus_storage,
            self.backup_storage,
            to_copy,
            self.config.backup.copy_parallelism,
            self._on_copied,
            stream_memory=self.config.backup.stream_memory,
            stop=self.task.cancel_event,
            algorithm=self.config.backup.checksum,
        )
        checksums.update(landed)
        return checksums, all_copies

    def _on_copied(self, size: int) -> None:
        self._copied += size
        self.task.bytes_done = self._copied
        self.task.objects_done += 1
        if self._total:
            self.task.progress = 5 + int(90 * self._copied / self._total)

    def _describe(self, db: str, coll: str) -> _CollectionWork:
        log.debug("backup %s: describing %s.%s", self.layout.name, db, coll)
        # Each read is a round trip to Milvus and none needs another's answer: they go at
        # once, with the flush (which takes the longest) when the backup asks for one.
        with ThreadPoolExecutor(max_workers=6, thread_name_prefix="describe") as reads:
            flush_wanted = not (self.request.meta_only or self.request.force)
            flush = self._flushed.get((db, coll))  # FlushAll's, when it ran
            flushing: Future[FlushResult] | None = None
            if flush_wanted and flush is None:
                flushing = reads.submit(self.milvus.flush, db, coll)
            indexes_read = reads.submit(self.milvus.indexes, db, coll)
            load_state = reads.submit(self.milvus.load_state, db, coll)
            aliases = reads.submit(self.milvus.aliases, db, coll)
            partitions_read = reads.submit(self.milvus.partitions, db, coll)
            desc = self.milvus.describe_collection(db, coll)
            indexes = indexes_read.result()
            # Checked again here: the schema may have changed since the preflight.
            check_carried(f"{db}.{coll}", desc, indexes)
            if self.gc_pause is not None and not self.request.meta_only:
                self.gc_pause.pause_collection(desc.collectionID)
            partitions = partitions_read.result()
            if flushing is not None:
                self.task.phase = f"flushing {db}.{coll}"
                flush = flushing.result()
        started = int(time.time())
        info = model.CollectionBackupInfo(
            id=self.task.id,
            state_code=model.BACKUP_SUCCESS,
            start_time=started,
            progress=100,
            collection_id=desc.collectionID,
            db_name=db,
            collection_name=coll,
            schema=schema_to_backup(desc.schema),
            shards_num=desc.shards_num,
            consistency_level=int(desc.consistency_level),  # type: ignore[arg-type]
            load_state=load_state.result(),
            properties=[model.KeyValuePair(key=p.key, value=p.value) for p in desc.properties],
            aliases=aliases.result(),
        )
        for index in indexes:
            params = {p.key: p.value for p in index.params}
            info.index_infos.add(
                field_name=index.field_name,
                index_name=index.index_name,
                index_type=params.get("index_type", ""),
                params=params,
            )
        info.has_index = len(info.index_infos) > 0
        part_infos = {
            pid: info.partition_backups.add(
                partition_id=pid,
                partition_name=pname,
                collection_id=desc.collectionID,
                load_state=info.load_state,
            )
            for pid, pname in partitions
        }
        work = _CollectionWork(info)
        if self.request.meta_only:
            return work
        if flush is not None:
            self.milvus.wait_flushed(db, coll, flush, _FLUSH_TIMEOUT)
            info.backup_physical_timestamp = flush.seal_time
            for channel, position in flush.channel_checkpoints.items():
                info.channel_checkpoints[channel] = base64.b64encode(position).decode("ascii")
            info.backup_timestamp = _max_checkpoint_ts(flush.channel_checkpoints)
        wanted: list[milvus_pb2.PersistentSegmentInfo] = []
        for segment in self.milvus.persistent_segments(db, coll):
            if segment.state != common_pb2.Flushed:
                log.warning(
                    "backup %s: %s.%s segment %d is %s, not flushed: skipped (%d rows)",
                    self.layout.name,
                    db,
                    coll,
                    segment.segmentID,
                    common_pb2.SegmentState.Name(segment.state),
                    segment.num_rows,
                )
            elif segment.level != common_pb2.L0 and segment.partitionID not in part_infos:
                log.warning(
                    "backup %s: segment %d belongs to unknown partition %d: skipped",
                    self.layout.name,
                    segment.segmentID,
                    segment.partitionID,
                )
            else:
                wanted.append(segment)
        for segment, (seg_info, copies) in zip(
            wanted, self._list_segments(desc.collectionID, wanted), strict=True
        ):
            part = part_infos.get(segment.partitionID)
            if part is None:
                info.l0_segments.append(seg_info)  # collection-wide L0 (partition -1)
            else:
                part.segment_backups.append(seg_info)
                part.size += seg_info.size
            work.copies.extend(copies)
        info.size = sum(p.size for p in info.partition_backups) + sum(
            seg.size for seg in info.l0_segments
        )
        return work

    def _list_segments(
        self, coll_id: int, segments: list[milvus_pb2.PersistentSegmentInfo]
    ) -> list[tuple[model.SegmentBackupInfo, list[CopyItem]]]:
        """Each segment's record and copies, in order.

        The collection's binlogs are listed once, insert and delete logs side by side, and
        sorted out by segment: a listing request returns up to 1,000 objects (S3, GCS; 5,000
        on Azure), and a segment holds a few dozen, so one listing per segment sent many
        times the requests, each waiting a round trip (benchmarks/RESULTS.md, 1.).
        """
        if not segments:
            return []
        listed = _CollectionBinlogs()
        with ThreadPoolExecutor(max_workers=2, thread_name_prefix="list") as pool:
            inserts = pool.submit(
                list, self.milvus_storage.list_objects(self.milvus_layout.insert_dir(coll_id))
            )
            deltas = pool.submit(
                list, self.milvus_storage.list_objects(self.milvus_layout.delta_dir(coll_id))
            )
        for obj in inserts.result():
            key = paths.parse_insert_key(obj.key)
            if key is not None and key.collection_id == coll_id:
                listed.inserts[(key.partition_id, key.segment_id)].append((key, obj))
        for obj in deltas.result():
            key = paths.parse_delta_key(obj.key)
            if key is not None and key.collection_id == coll_id:
                listed.deltas[(key.partition_id, key.segment_id)].append((key, obj))
        return [
            # Deletes of a 2.4+ Milvus: an L0 segment holds delete logs only.
            self._l0_segment(coll_id, segment, listed)
            if segment.level == common_pb2.L0
            else self._segment(coll_id, segment, listed)
            for segment in segments
        ]

    def _segment(
        self,
        coll_id: int,
        segment: milvus_pb2.PersistentSegmentInfo,
        listed: _CollectionBinlogs,
    ) -> tuple[model.SegmentBackupInfo, list[CopyItem]]:
        part_id, seg_id = segment.partitionID, segment.segmentID
        group = seg_id  # one segment per group directory, as upstream lays it out
        seg = model.SegmentBackupInfo(
            segment_id=seg_id,
            collection_id=coll_id,
            partition_id=part_id,
            num_of_rows=segment.num_rows,
            group_id=group,
            backuped=True,
        )
        copies: list[CopyItem] = []
        by_field: dict[int, list[model.Binlog]] = defaultdict(list)
        for key, obj in listed.inserts.get((part_id, seg_id), ()):
            by_field[key.field_id].append(
                model.Binlog(log_path=obj.key, log_size=obj.size, log_id=key.log_id)
            )
            copies.append(
                CopyItem(
                    obj.key,
                    self.layout.insert_log(
                        coll_id, part_id, group, seg_id, key.field_id, key.log_id
                    ),
                    obj.size,
                    obj.etag,
                )
            )
        if not by_field and segment.num_rows > 0:
            insert_dir = self.milvus_layout.insert_segment_dir(coll_id, part_id, seg_id)
            raise StorageError(
                f"segment {seg_id} of collection {coll_id} has {segment.num_rows} rows but no "
                f"insert binlogs under {insert_dir!r} in {self.milvus_storage.description}; "
                "minio.rootPath (and minio.bucketName / minio.storageType) must point at the "
                "storage this Milvus writes to"
            )
        counts = {f: len(logs) for f, logs in by_field.items()}
        if len(set(counts.values())) > 1:
            raise StorageError(
                f"segment {seg_id}: fields have different numbers of binlogs {counts}; the "
                "storage holds orphan binlogs, and Milvus could not import this segment"
            )
        for field_id in sorted(by_field):
            seg.binlogs.add(fieldID=field_id, binlogs=by_field[field_id])
        copies.extend(
            self._deltas(
                seg,
                listed,
                lambda log_id: self.layout.delta_log(coll_id, part_id, group, seg_id, log_id),
            )
        )
        seg.size = sum(c.size for c in copies)
        return seg, copies

    def _l0_segment(
        self,
        coll_id: int,
        segment: milvus_pb2.PersistentSegmentInfo,
        listed: _CollectionBinlogs,
    ) -> tuple[model.SegmentBackupInfo, list[CopyItem]]:
        part_id, seg_id = segment.partitionID, segment.segmentID
        collection_wide = part_id < 0
        # As upstream lays them out: partition L0 in a group directory of its own, the
        # collection-wide ones (partition -1) straight under the segment.
        seg = model.SegmentBackupInfo(
            segment_id=seg_id,
            collection_id=coll_id,
            partition_id=part_id,
            num_of_rows=segment.num_rows,
            group_id=0 if collection_wide else seg_id,
            backuped=True,
            is_l0=True,
        )

        def key(log_id: int) -> str:
            if collection_wide:
                return self.layout.collection_l0_log(coll_id, seg_id, log_id)
            return self.layout.delta_log(coll_id, part_id, seg_id, seg_id, log_id)

        copies = self._deltas(seg, listed, key)
        seg.size = sum(c.size for c in copies)
        return seg, copies

    @staticmethod
    def _deltas(
        seg: model.SegmentBackupInfo,
        listed: _CollectionBinlogs,
        backup_key: Callable[[int], str],
    ) -> list[CopyItem]:
        """Record a segment's delete logs and return their copies."""
        deltas = []
        copies = []
        for key, obj in listed.deltas.get((seg.partition_id, seg.segment_id), ()):
            deltas.append(model.Binlog(log_path=obj.key, log_size=obj.size, log_id=key.log_id))
            copies.append(CopyItem(obj.key, backup_key(key.log_id), obj.size, obj.etag))
        if deltas:
            seg.deltalogs.add(fieldID=0, binlogs=deltas)
        return copies


def _aside(work: Callable[..., None], *args: object) -> Future[None]:
    """Run ``work(*args)`` on a thread of its own; its future."""
    runner = ThreadPoolExecutor(max_workers=1, thread_name_prefix="aside")
    try:
        return runner.submit(work, *args)
    finally:
        runner.shutdown(wait=False)  # the thread ends with the work


def _max_checkpoint_ts(checkpoints: dict[str, bytes]) -> int:
    from ..milvuspb import msg_pb2

    best = 0
    for raw in checkpoints.values():
        position = msg_pb2.MsgPosition()
        position.ParseFromString(raw)
        best = max(best, position.timestamp)
    return best
