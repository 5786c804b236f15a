"""Taking a logical backup: rows through the query iterator into Parquet, metadata in JSON.

The job describes each collection as a physical backup does (schema, indexes, partitions,
properties), then reads every partition's rows page by page and writes them in Parquet files
of bounded size, so memory stays flat whatever the collection's size. The manifest lists every
file with its SHA-256; the meta files (marked ``format: logical``) come last, as always.
"""

from __future__ import annotations

import hashlib
import io
import logging
from dataclasses import replace
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from .. import model
from ..config import Config
from ..errors import RequestError
from ..layout import logical, manifest, paths
from ..milvus.client import MilvusGateway
from ..milvus.rows import RowClients, iterate_rows, load, release
from ..storage.base import Checksum, ObjectStorage
from .backup import BackupJob, _CollectionWork
from .lease import LeasedRecord
from .tasks import BackupTask

log = logging.getLogger(__name__)

#: Bytes of rows per query iterator page, roughly (the row size is estimated from the schema).
PAGE_BYTES = 512 * 1024
_MIN_PAGE_ROWS, _MAX_PAGE_ROWS = 100, 10_000  # pymilvus takes at most 16384 rows a page
#: Raw bytes gathered before they are written as one Parquet row group.
ROW_GROUP_BYTES = 4 * 1024 * 1024
#: Compressed bytes after which a Parquet file is closed and the next one begun.
FILE_BYTES = 16 * 1024 * 1024
#: Where the rows of a partition-key collection go: Milvus owns its partitions, and refuses to
#: read one of them by name, so its rows are read and restored as one set.
PARTITION_KEY_DIR = "_partition_key"


def logical_preflight(milvus: MilvusGateway, collections: list[tuple[str, str]]) -> None:
    """Refuse, before anything is written, a collection the logical format cannot carry.

    Raises:
        RequestError: naming the collection, the field and its type.
    """
    from ..milvus.lite import is_lite_version
    from ..milvus.schema import schema_to_backup

    lite = is_lite_version(milvus.version())
    problems = []
    for db, coll in collections:
        schema = schema_to_backup(milvus.describe_collection(db, coll).schema)
        vectors = {f.name for f in schema.fields if 100 <= f.data_type < 200}
        indexed = {i.field_name for i in milvus.indexes(db, coll)}
        if not lite and milvus.load_state(db, coll) != "Loaded" and vectors - indexed:
            problems.append(
                f"{db}.{coll} is not loaded and its vector fields {sorted(vectors - indexed)} "
                "have no index, so Milvus cannot load it for its rows to be read; create the "
                "indexes (or take a physical backup)"
            )
        for field in logical.data_fields(schema):
            if not logical.supported(field.data_type):
                problems.append(
                    f"{db}.{coll}: field {field.name!r} is of type {field.data_type}, "
                    "which the logical format does not carry yet; take a physical backup"
                )
    if problems:
        raise RequestError(f"cannot take a logical backup: {'; '.join(problems)}")


def _page_rows(schema: model.CollectionSchema) -> int:
    """Rows per page so that a page holds about ``PAGE_BYTES``."""
    row = 64 if schema.enable_dynamic_field else 0
    for field in logical.data_fields(schema):
        dim = next((int(p.value) for p in field.type_params if p.key == "dim"), 0)
        if field.data_type == 101:
            row += 4 * dim
        elif field.data_type == 100:
            row += dim // 8
        elif field.data_type in (21, 22, 23, 104):
            row += 64
        else:
            row += 8
    return max(_MIN_PAGE_ROWS, min(_MAX_PAGE_ROWS, PAGE_BYTES // max(1, row)))


class LogicalBackupJob(BackupJob):
    """One logical backup, from any Milvus (Milvus Lite included) to backup storage."""

    backup_format = logical.FORMAT

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
        # Described as a meta-only physical backup (no flush, no segments, no GC pause): the
        # rows are read through the query iterator instead.
        super().__init__(
            config,
            milvus,
            milvus_storage,
            backup_storage,
            layout,
            replace(request, meta_only=True, gc_pause=False),
            collections,
            task,
            lease,
        )
        self.with_rows = not request.meta_only
        self.rows = RowClients(config.milvus)
        self._entries: list[manifest.ManifestEntry] = []

    def _describe_and_copy(self) -> list[_CollectionWork]:
        works = []
        try:
            for n, (db, coll) in enumerate(self.collections):
                self.task.check_cancelled()
                self.task.phase = f"reading {db}.{coll}"
                work = self._describe(db, coll)
                self._export(work.info)
                works.append(work)
                self.task.progress = 5 + int(90 * (n + 1) / max(1, len(self.collections)))
        finally:
            self.rows.close()
        self.task.phase = "syncing files to storage"
        self.backup_storage.sync(self.layout.dir)
        self.backup_storage.write_bytes(
            manifest.manifest_key(self.layout), manifest.encode(self._entries)
        )
        return works

    def _export(self, info: model.CollectionBackupInfo) -> None:
        db = info.db_name or model.DEFAULT_DB
        coll = info.collection_name
        aliases = list(info.aliases)
        partitions: list[dict[str, Any]] = []
        timestamp = 0
        if self.with_rows:
            timestamp, partitions = self._export_rows(info, db, coll)
        else:
            partitions = [
                {"name": p.partition_name, "rows": 0, "files": []} for p in info.partition_backups
            ]
        info.backup_timestamp = timestamp
        info.size = sum(p.size for p in info.partition_backups)
        doc = logical.collection_doc(info, aliases, partitions, timestamp)
        self._put(logical.collection_doc_key(self.layout, db, coll), logical.encode_doc(doc))

    def _export_rows(
        self, info: model.CollectionBackupInfo, db: str, coll: str
    ) -> tuple[int, list[dict[str, Any]]]:
        client = self.rows.client(db)
        was_loaded = self.milvus.load_state(db, coll) == "Loaded"
        if not was_loaded:
            # The query iterator reads a loaded collection only; it is released again after.
            self.task.phase = f"loading {db}.{coll}"
            load(client, coll)
        try:
            fields = [f.name for f in logical.data_fields(info.schema)]
            output = ["*", *fields] if info.schema.enable_dynamic_field else fields
            arrow = logical.arrow_schema(info.schema)
            keyed = any(f.is_partition_key for f in info.schema.fields)
            targets: list[tuple[str | None, str, model.PartitionBackupInfo | None]]
            if keyed:
                targets = [(None, PARTITION_KEY_DIR, None)]
            else:
                targets = [(p.partition_name, p.partition_name, p) for p in info.partition_backups]
            timestamp = 0
            docs = []
            for read_from, directory, part in targets:
                self.task.check_cancelled()
                self.task.phase = f"reading {db}.{coll} partition {directory}"
                files, rows, timestamp = self._export_partition(
                    info, client, db, coll, read_from, directory, output, arrow, timestamp
                )
                size = sum(f["size"] for f in files)
                target = part if part is not None else info.partition_backups[0]
                for n, f in enumerate(files):
                    target.segment_backups.add(
                        segment_id=n,
                        collection_id=info.collection_id,
                        partition_id=target.partition_id,
                        num_of_rows=f["rows"],
                        size=f["size"],
                        backuped=True,
                    )
                target.size += size
                docs.append(
                    {
                        "name": read_from,
                        "directory": directory,
                        "rows": rows,
                        "files": [f["file"] for f in files],
                    }
                )
            if keyed:
                docs[0]["partition_key"] = True
            return timestamp, docs
        finally:
            if not was_loaded:
                release(client, coll)

    def _export_partition(
        self,
        info: model.CollectionBackupInfo,
        client: Any,
        db: str,
        coll: str,
        partition: str | None,
        directory: str,
        output: list[str],
        arrow: pa.Schema,
        timestamp: int,
    ) -> tuple[list[dict[str, Any]], int, int]:
        files: list[dict[str, Any]] = []
        pages, iterator = iterate_rows(client, coll, partition, output, _page_rows(info.schema))
        # The iterator pins its read timestamp when it starts; the first partition's is kept.
        timestamp = timestamp or int(getattr(iterator, "_session_ts", 0) or 0)
        pending: list[pa.RecordBatch] = []
        pending_bytes = 0
        sink: io.BytesIO | None = None
        writer: pq.ParquetWriter | None = None
        file_rows = 0
        total = 0

        def close_file() -> None:
            nonlocal sink, writer, file_rows
            if writer is None or sink is None:
                return
            writer.close()
            key = logical.part_key(self.layout, db, coll, directory, len(files))
            size = self._put_stream(key, sink)
            files.append(
                {"file": key.removeprefix(self.layout.dir), "rows": file_rows, "size": size}
            )
            self.task.bytes_done += size
            sink = writer = None
            file_rows = 0
            logical.release_memory()

        def flush_group() -> None:
            nonlocal pending, pending_bytes, sink, writer, file_rows
            if not pending:
                return
            if writer is None:
                sink = io.BytesIO()
                writer = pq.ParquetWriter(sink, arrow, compression="zstd")
            table = pa.Table.from_batches(pending, schema=arrow)
            writer.write_table(table)
            file_rows += table.num_rows
            pending, pending_bytes = [], 0
            if sink is not None and sink.tell() >= FILE_BYTES:
                close_file()

        for page in pages:
            self.task.check_cancelled()
            batch = logical.to_columns(info.schema, page, arrow)
            pending.append(batch)
            pending_bytes += batch.nbytes
            total += batch.num_rows
            if pending_bytes >= ROW_GROUP_BYTES:
                flush_group()
        flush_group()
        close_file()
        log.info(
            "backup %s: %s.%s partition %s: %d rows in %d files",
            self.layout.name,
            db,
            coll,
            directory,
            total,
            len(files),
        )
        return files, total, timestamp

    def _put_stream(self, key: str, sink: io.BytesIO) -> int:
        """Store a file built in memory without copying it; its size."""
        size = sink.tell()
        with sink.getbuffer() as view:
            digest = hashlib.sha256(view).hexdigest()
        sink.seek(0)
        self.backup_storage.write_stream(key, sink, size)
        self._entries.append(
            manifest.ManifestEntry(
                key.removeprefix(self.layout.dir), size, Checksum("sha256", digest)
            )
        )
        return size

    def _put(self, key: str, data: bytes) -> None:
        self.backup_storage.write_bytes(key, data)
        self._entries.append(
            manifest.ManifestEntry(
                key.removeprefix(self.layout.dir),
                len(data),
                Checksum("sha256", hashlib.sha256(data).hexdigest()),
            )
        )
