"""Restoring a logical backup into any Milvus: 2.2, 2.3, newer, or Milvus Lite.

The restore is the physical one (``restore.py``: planning, staging names, swaps, cancel,
clean-up) with the data step replaced: each Parquet file is read back (and checked against
the manifest's SHA-256 on the way), and its rows are inserted in batches bounded by bytes, as
columns (``milvus/columns.py``: Arrow columns straight into Insert's ``FieldData``). A
Milvus 2.4+ target imports the files instead (its bulk import reads the format's Parquet as
it is, see ``versions.parquet_import_problems``).
"""

from __future__ import annotations

import json
import logging
from dataclasses import replace
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from .. import model
from ..errors import MilvusError, StorageError
from ..layout import logical
from ..milvus import columns
from ..milvus.lite import is_lite_version, lite_problems
from ..milvus.versions import parquet_import_problems
from ..storage import digest
from ..storage.base import join_key
from ..storage.transfer import CopyItem
from .restore import CollectionPlan, RestoreJob, UnsupportedBackupError
from .tasks import RestoreCollectionTask

log = logging.getLogger(__name__)

#: Raw bytes of rows sent in one insert: far under the 64 MiB a Milvus proxy takes by default.
INSERT_BYTES = 4 * 1024 * 1024
_MIN_ROWS, _MAX_ROWS = 16, 100_000
# Build parameters a server requires, for indexes whose source reported none (Milvus Lite
# keeps an index's type and metric only): Milvus's documented starting values.
_BUILD_DEFAULTS: dict[str, dict[str, int]] = {
    "IVF_FLAT": {"nlist": 128},
    "IVF_SQ8": {"nlist": 128},
    "BIN_IVF_FLAT": {"nlist": 128},
    "HNSW": {"M": 16, "efConstruction": 200},
}
#: The longest VarChar Milvus takes, for a VarChar whose backup recorded no max_length.
_VARCHAR_MAX = 65535


def check_logical_target(
    backup: model.BackupInfo,
    plans: list[CollectionPlan],
    request: model.RestoreInput,
    version: str,
) -> None:
    """Refuse, before anything is created, what the target cannot hold beyond its version.

    ``plan_restore`` already checked the field, index and schema features each Milvus
    version has; Milvus Lite answers with a version of its own and holds another set.

    Raises:
        UnsupportedBackupError: naming each collection, field or index the target lacks.
    """
    if not is_lite_version(version):
        return
    problems = [
        problem
        for plan in plans
        for problem in lite_problems(
            plan.source,
            restore_index=request.restore_index,
            use_auto_index=request.use_auto_index,
        )
    ]
    if problems:
        raise UnsupportedBackupError(
            f"Milvus Lite ({version}) cannot hold what backup {backup.name!r} holds, so nothing "
            f"was restored: {'; '.join(problems)}"
        )


class LogicalRestoreJob(RestoreJob):
    """One restore of a logical backup."""

    def _doc(self, source: model.CollectionBackupInfo) -> dict[str, Any]:
        key = logical.collection_doc_key(
            self.layout, source.db_name or model.DEFAULT_DB, source.collection_name
        )
        try:
            doc: dict[str, Any] = json.loads(self.storage.read_bytes(key))
        except ValueError as exc:
            raise StorageError(
                f"{key!r} of backup {self.layout.name!r} is not JSON: {exc}"
            ) from exc
        return doc

    def _create_collection(self, plan: CollectionPlan, db: str, name: str) -> None:
        source = plan.source
        unbounded = [
            f
            for f in source.schema.fields
            if f.data_type in (21, 22)
            and (f.data_type == 21 or f.element_type == 21)
            and not any(p.key == "max_length" for p in f.type_params)
        ]
        if unbounded:
            # Milvus Lite keeps no max_length for an Array of VarChar; a server needs one.
            copy = model.CollectionBackupInfo()
            copy.CopyFrom(source)
            for field in copy.schema.fields:
                if field.name in {f.name for f in unbounded}:
                    field.type_params.add(key="max_length", value=str(_VARCHAR_MAX))
            source = copy
        with_rows = not self.request.meta_only
        if with_rows and any(f.is_primary_key and f.autoID for f in source.schema.fields):
            # Rows keep their primary keys, which Milvus refuses to take into an autoID key.
            log.warning(
                "restore %s: %s.%s: the primary key is restored without autoID, so that the "
                "rows keep their keys",
                self.task.id,
                db,
                name,
            )
            copy = model.CollectionBackupInfo()
            copy.CopyFrom(source)
            copy.schema.autoID = False
            for field in copy.schema.fields:
                if field.is_primary_key:
                    field.autoID = False
            source = copy
        super()._create_collection(replace(plan, source=source), db, name)

    def _create_indexes(self, source: model.CollectionBackupInfo, db: str, name: str) -> None:
        if is_lite_version(self.milvus.version()):
            super()._create_indexes(source, db, name)  # Lite needs no build parameters
            return
        copy = model.CollectionBackupInfo()
        copy.CopyFrom(source)
        for index in copy.index_infos:
            kind = index.index_type or index.params.get("index_type", "")
            defaults = _BUILD_DEFAULTS.get(kind, {})
            try:
                build = json.loads(index.params.get("params") or "{}")
            except ValueError:
                continue
            missing = {
                k: v for k, v in defaults.items() if k not in build and k not in index.params
            }
            if missing:
                log.warning(
                    "restore %s: index %s of %s.%s was recorded without %s (Milvus Lite keeps "
                    "none): built with %s",
                    self.task.id,
                    index.index_name,
                    db,
                    name,
                    ", ".join(missing),
                    missing,
                )
                index.params["params"] = json.dumps({**build, **missing})
        super()._create_indexes(copy, db, name)

    def _restore_collection(self, plan: CollectionPlan, ctask: RestoreCollectionTask) -> None:
        super()._restore_collection(plan, ctask)
        if self.request.skip_create_collection or plan.source.aliases:
            return  # the aliases in the meta were restored as a physical backup's are
        # Logical backups made before the meta carried aliases keep them only in the doc.
        for alias in self._doc(plan.source).get("aliases", []):
            try:
                self.milvus.create_alias(plan.target_db, plan.target_name, alias)
            except MilvusError as exc:
                # An alias is unique in its database: one in use stays where it points.
                log.warning(
                    "restore %s: alias %s of %s.%s not restored: %s",
                    self.task.id,
                    alias,
                    plan.target_db,
                    plan.target_name,
                    exc,
                )

    def _import_data(
        self, plan: CollectionPlan, db: str, name: str, ctask: RestoreCollectionTask
    ) -> None:
        source = plan.source
        doc = self._doc(source)
        files = [(p, f) for p in doc.get("partitions", []) for f in p.get("files", [])]
        if is_lite_version(self.milvus.version()):
            # Milvus Lite reports its own version (3.x), and has no Import at all.
            problems = ["Milvus Lite has no bulk import"]
        else:
            problems = parquet_import_problems(source.schema, self.features)
        if problems:
            log.info(
                "restore %s: %s.%s: rows inserted in batches (%s)",
                self.task.id,
                db,
                name,
                "; ".join(problems),
            )
            self._insert_files(source, db, name, ctask, files)
        else:
            self._import_files(db, name, ctask, files)
        log.info(
            "restore %s: %s.%s: %d rows from %d Parquet files",
            self.task.id,
            db,
            name,
            sum(int(p.get("rows", 0)) for p in doc.get("partitions", [])),
            len(files),
        )

    def _insert_files(
        self,
        source: model.CollectionBackupInfo,
        db: str,
        name: str,
        ctask: RestoreCollectionTask,
        files: list[tuple[dict[str, Any], str]],
    ) -> None:
        recorded = {e.key: e.checksum for e in self._manifest()}
        for done, (partition, file) in enumerate(files, start=1):
            self.task.check_cancelled()
            data = self.storage.read_bytes(self.layout.dir + file)
            want = recorded.get(file)
            if want is not None and want.algorithm in digest.COMPUTED:
                got = digest.of_bytes(want.algorithm, data).value
                if got != want.value:
                    raise StorageError(
                        f"{file!r} of backup {self.layout.name!r} has "
                        f"{digest.SHOWN[want.algorithm]} {got}, but the backup recorded "
                        f"{want.value}: it changed after the backup was taken, "
                        "so the restore stops"
                    )
            target = None if partition.get("partition_key") else partition["name"]
            self._insert_file(source, db, name, target, data)
            size = len(data)
            del data
            logical.release_memory()
            with self._bytes_lock:
                self.task.bytes_done += size
            ctask.progress = 5 + int(85 * done / max(1, len(files)))

    def _import_files(
        self,
        db: str,
        name: str,
        ctask: RestoreCollectionTask,
        files: list[tuple[dict[str, Any], str]],
    ) -> None:
        """Milvus 2.4+: the Parquet files by bulk import, one import per partition.

        Staged into Milvus's storage first unless Milvus reads the backup's store (the copy
        checks each file's SHA-256 against the manifest on the way, as a physical restore's).
        """
        sizes = {e.key: e.size for e in self._manifest()}
        store = self.storage
        staging_root = ""
        keys = {file: self.layout.dir + file for _, file in files}
        try:
            if not self.direct:
                store = self.milvus_storage
                staging_root = join_key(
                    self.config.milvus_storage.root_path,
                    f"restore-temp-{self.task.id}-{db}-{name}",
                )
                items = [
                    CopyItem(
                        self.layout.dir + file, join_key(staging_root, file), sizes.get(file, 0)
                    )
                    for _, file in files
                ]
                self._copy_checked(items)
                keys = {file: join_key(staging_root, file) for _, file in files}
            by_partition: dict[str, tuple[dict[str, Any], list[str]]] = {}
            for partition, file in files:
                by_partition.setdefault(partition["directory"], (partition, []))[1].append(file)
            for done, (directory, (partition, part_files)) in enumerate(
                by_partition.items(), start=1
            ):
                self.task.check_cancelled()
                call = self.features.parquet_import_call(
                    db,
                    name,
                    None if partition.get("partition_key") else partition["name"],
                    [store.milvus_path(keys[f]) for f in part_files],
                )
                ledger = f"parquet:{directory}"
                task_ids = ctask.imports.get(ledger) or []
                if ledger in ctask.imports and not task_ids:
                    raise MilvusError(
                        f"the import of {db}.{name} partition {directory} was being submitted "
                        "when the restore was interrupted, and whether Milvus took it is "
                        "unknown, so the resumed restore stops rather than import rows twice"
                    )
                if not task_ids:
                    ctask.imports[ledger] = []
                    self.checkpoint()
                    task_ids = self.milvus.import_files(
                        call.db, call.collection, call.partition, call.files, call.options
                    )
                    ctask.imports[ledger] = task_ids
                    self.checkpoint()
                for task_id in task_ids:
                    self._wait_import(task_id, ", ".join(call.files))
                with self._bytes_lock:
                    self.task.bytes_done += sum(sizes.get(f, 0) for f in part_files)
                ctask.progress = 5 + int(85 * done / max(1, len(by_partition)))
        finally:
            if staging_root and not self.task.suspending:
                self.milvus_storage.delete_prefix(staging_root + "/")

    def _insert_file(
        self,
        source: model.CollectionBackupInfo,
        db: str,
        collection: str,
        partition: str | None,
        data: bytes,
    ) -> None:
        parquet = pq.ParquetFile(pa.BufferReader(data))  # read in place, not copied
        meta = parquet.metadata
        raw = sum(meta.row_group(i).total_byte_size for i in range(meta.num_row_groups))
        per_row = max(1, raw // max(1, meta.num_rows))
        batch_rows = max(_MIN_ROWS, min(_MAX_ROWS, INSERT_BYTES // per_row))
        fields = {f.name: f for f in logical.data_fields(source.schema)}
        for batch in parquet.iter_batches(batch_size=batch_rows):
            self.task.check_cancelled()
            data_columns = [
                columns.dynamic_from_arrow(column)
                if name == logical.META_COLUMN
                else columns.from_arrow(column, fields[name])
                for name, column in zip(batch.schema.names, batch.columns, strict=True)
                if name == logical.META_COLUMN or name in fields
            ]
            self.milvus.insert(db, collection, partition, data_columns, batch.num_rows)
            del data_columns, batch
            # Each batch's Arrow buffers and protobuf copies, freed, go back to the system
            # at once instead of piling up in the allocators' free lists.
            logical.release_memory()
