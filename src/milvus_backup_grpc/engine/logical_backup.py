"""Taking a logical backup: rows by primary-key pages into Parquet, metadata in JSON.

The job describes each collection as a physical backup does (schema, indexes, partitions,
properties), then reads every partition's rows page by page (raw Query answers, kept as
columns: ``milvus/columns.py``), all at one timestamp per collection, and writes them in
Parquet files of bounded size, so memory stays flat whatever the collection's size. The
manifest lists every file with its SHA-256; the meta files (marked ``format: logical``) come
last, as always.
"""

from __future__ import annotations

import io
import logging
import time
from dataclasses import replace
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from .. import model
from ..errors import MilvusError, RequestError
from ..layout import logical, manifest
from ..milvus import columns, scan
from ..milvus.client import MilvusGateway
from ..storage import digest
from .backup import BackupJob, _CollectionWork

log = logging.getLogger(__name__)

#: Bytes of rows per query page, roughly (the row size is estimated from the schema): large
#: enough that a page costs far more in data than in its round trip, far under gRPC's limits.
PAGE_BYTES = 2 * 1024 * 1024
_MIN_PAGE_ROWS = 100
#: Raw bytes gathered before they are written as one Parquet row group.
ROW_GROUP_BYTES = 4 * 1024 * 1024
#: How long a collection loaded for the backup may take to load.
LOAD_TIMEOUT = 600.0
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
        elif field.data_type in (102, 103):
            row += 2 * dim
        elif field.data_type in (100, 105):
            row += dim // 8 if field.data_type == 100 else dim
        elif field.data_type in (21, 22, 23, 104):
            row += 64
        else:
            row += 8
    return max(_MIN_PAGE_ROWS, min(scan.MAX_PAGE_ROWS, PAGE_BYTES // max(1, row)))


def _plain_columns(schema: model.CollectionSchema) -> list[str]:
    """Columns worth a dictionary and statistics: not vectors, where both cost time (a
    dictionary of distinct floats is abandoned after being built) and give nothing."""
    return [f.name for f in logical.data_fields(schema) if not 100 <= f.data_type < 200]


class LogicalBackupJob(BackupJob):
    """One logical backup, from any Milvus (Milvus Lite included) to backup storage."""

    backup_format = logical.FORMAT

    @staticmethod
    def job_request(request: model.CreateBackupInput) -> model.CreateBackupInput:
        # Described as a meta-only physical backup (no flush, no segments, no GC pause): the
        # rows are read by Query pages instead.
        return replace(request, meta_only=True, gc_pause=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.with_rows = not self.asked.meta_only
        self._entries: list[manifest.ManifestEntry] = []

    def _describe_and_copy(self) -> list[_CollectionWork]:
        works = []
        for n, (db, coll) in enumerate(self.collections):
            self.task.check_cancelled()
            self.task.phase = f"reading {db}.{coll}"
            work = self._describe(db, coll)
            self._export(work.info)
            works.append(work)
            self.task.progress = 5 + int(90 * (n + 1) / max(1, len(self.collections)))
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

    def _load(self, db: str, coll: str) -> None:
        # Queries read a loaded collection only; it is released again after.
        self.task.phase = f"loading {db}.{coll}"
        self.milvus.load_collection(db, coll)
        deadline = time.monotonic() + LOAD_TIMEOUT
        while self.milvus.load_state(db, coll) != "Loaded":
            self.task.check_cancelled()
            if time.monotonic() > deadline:
                raise MilvusError(f"{db}.{coll} did not load in {LOAD_TIMEOUT:.0f} s")
            time.sleep(0.2)

    def _release(self, db: str, coll: str) -> None:
        try:
            self.milvus.release_collection(db, coll)
        except MilvusError:  # only costs memory in Milvus
            log.warning("could not release %s.%s after reading it", db, coll, exc_info=True)

    def _export_rows(
        self, info: model.CollectionBackupInfo, db: str, coll: str
    ) -> tuple[int, list[dict[str, Any]]]:
        was_loaded = self.milvus.load_state(db, coll) == "Loaded"
        if not was_loaded:
            self._load(db, coll)
        try:
            fields = [f.name for f in logical.data_fields(info.schema)]
            output = ["*", *fields] if info.schema.enable_dynamic_field else fields
            arrow = logical.arrow_schema(info.schema)
            pk = next(f for f in info.schema.fields if f.is_primary_key)
            keyed = any(f.is_partition_key for f in info.schema.fields)
            targets: list[tuple[str | None, str, model.PartitionBackupInfo | None]]
            if keyed:
                targets = [(None, PARTITION_KEY_DIR, None)]
            else:
                targets = [(p.partition_name, p.partition_name, p) for p in info.partition_backups]
            # One timestamp for every page of every partition: one view of the collection.
            timestamp = scan.read_timestamp(self.milvus, db, coll, pk)
            docs = []
            for read_from, directory, part in targets:
                self.task.check_cancelled()
                self.task.phase = f"reading {db}.{coll} partition {directory}"
                pages = scan.read_ahead(
                    scan.pages(
                        self.milvus,
                        db,
                        coll,
                        pk,
                        output,
                        [read_from] if read_from is not None else [],
                        _page_rows(info.schema),
                        timestamp,
                    )
                )
                files, rows = self._export_partition(
                    db, coll, directory, pages, arrow, _plain_columns(info.schema)
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
                self._release(db, coll)

    def _export_partition(
        self,
        db: str,
        coll: str,
        directory: str,
        pages: Any,
        arrow: pa.Schema,
        plain: list[str],
    ) -> tuple[list[dict[str, Any]], int]:
        files: list[dict[str, Any]] = []
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
                writer = pq.ParquetWriter(
                    sink,
                    arrow,
                    compression="zstd",
                    use_dictionary=plain,
                    write_statistics=plain,
                )
            table = pa.Table.from_batches(pending, schema=arrow)
            writer.write_table(table)
            file_rows += table.num_rows
            pending, pending_bytes = [], 0
            if sink is not None and sink.tell() >= FILE_BYTES:
                close_file()

        for page in pages:
            self.task.check_cancelled()
            batch = columns.to_batch(page, arrow)
            del page
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
        return files, total

    def _put_stream(self, key: str, sink: io.BytesIO) -> int:
        """Store a file built in memory without copying it; its size."""
        size = sink.tell()
        with sink.getbuffer() as view:
            checksum = digest.of_bytes(self.config.backup.checksum, view)
        sink.seek(0)
        self.backup_storage.write_stream(key, sink, size)
        entry = manifest.ManifestEntry(key.removeprefix(self.layout.dir), size, checksum)
        self._entries.append(entry)
        return size

    def _put(self, key: str, data: bytes) -> None:
        self.backup_storage.write_bytes(key, data)
        self._entries.append(
            manifest.ManifestEntry(
                key.removeprefix(self.layout.dir),
                len(data),
                digest.of_bytes(self.config.backup.checksum, data),
            )
        )
