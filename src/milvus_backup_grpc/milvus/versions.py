"""What each Milvus version can do, for choosing calls and refusing what a target cannot hold.

The version comes from ``GetVersion`` ("v2.3.5-lite", "2.4.13", "v2.6.0-rc1",
"2.6-20260101-abcdef"). A string with no recognisable version is taken as the newest Milvus,
as upstream does, so an unusual build string never blocks a restore by itself.

The tables say since which release Milvus accepts a field type, an index type, or a schema
feature, so a restore into an older Milvus is refused before it creates anything instead of
failing half-way (or, worse, importing rows the target silently drops).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .. import model

if TYPE_CHECKING:
    from ..milvuspb import milvus_pb2

_VERSION = re.compile(r"(\d+)\.(\d+)(?:\.(\d+))?")
# A build of a release line without a patch number ("2.6-2026…") is the line's newest.
_LINE_HEAD = 9999


@dataclass(frozen=True, order=True)
class MilvusVersion:
    """A Milvus release as major.minor.patch."""

    major: int
    minor: int
    patch: int = 0

    @classmethod
    def parse(cls, text: str) -> MilvusVersion:
        """The version in a ``GetVersion`` string; unknown strings count as the newest."""
        found = _VERSION.search(text or "")
        if found is None:
            return NEWEST
        patch = found.group(3)
        return cls(int(found.group(1)), int(found.group(2)), int(patch) if patch else _LINE_HEAD)

    def at_least(self, major: int, minor: int, patch: int = 0) -> bool:
        """Whether this is ``major.minor.patch`` or later."""
        return self >= MilvusVersion(major, minor, patch)

    def __str__(self) -> str:
        return f"{self.major}.{self.minor}.{self.patch}"


NEWEST = MilvusVersion(99, 0, 0)

# schema.proto DataType numbers, with the first release that stores them.
FIELD_TYPE_SINCE: dict[int, tuple[str, MilvusVersion]] = {
    1: ("Bool", MilvusVersion(2, 0)),
    2: ("Int8", MilvusVersion(2, 0)),
    3: ("Int16", MilvusVersion(2, 0)),
    4: ("Int32", MilvusVersion(2, 0)),
    5: ("Int64", MilvusVersion(2, 0)),
    10: ("Float", MilvusVersion(2, 0)),
    11: ("Double", MilvusVersion(2, 0)),
    21: ("VarChar", MilvusVersion(2, 0)),
    22: ("Array", MilvusVersion(2, 3)),
    23: ("JSON", MilvusVersion(2, 2, 9)),
    24: ("Geometry", MilvusVersion(2, 6)),
    26: ("Timestamptz", MilvusVersion(2, 6)),
    100: ("BinaryVector", MilvusVersion(2, 0)),
    101: ("FloatVector", MilvusVersion(2, 0)),
    102: ("Float16Vector", MilvusVersion(2, 4)),
    103: ("BFloat16Vector", MilvusVersion(2, 4)),
    104: ("SparseFloatVector", MilvusVersion(2, 4)),
    105: ("Int8Vector", MilvusVersion(2, 6)),
}

# Index types by name (as IndexInfo.index_type or the index_type param carries them).
INDEX_TYPE_SINCE: dict[str, MilvusVersion] = {
    "FLAT": MilvusVersion(2, 0),
    "IVF_FLAT": MilvusVersion(2, 0),
    "IVF_SQ8": MilvusVersion(2, 0),
    "IVF_PQ": MilvusVersion(2, 0),
    "HNSW": MilvusVersion(2, 0),
    "ANNOY": MilvusVersion(2, 0),
    "DISKANN": MilvusVersion(2, 2),
    "AUTOINDEX": MilvusVersion(2, 2),
    "BIN_FLAT": MilvusVersion(2, 0),
    "BIN_IVF_FLAT": MilvusVersion(2, 0),
    "GPU_IVF_FLAT": MilvusVersion(2, 3),
    "GPU_IVF_PQ": MilvusVersion(2, 3),
    "GPU_CAGRA": MilvusVersion(2, 4),
    "GPU_BRUTE_FORCE": MilvusVersion(2, 4),
    "SCANN": MilvusVersion(2, 4),
    "STL_SORT": MilvusVersion(2, 2),
    "Trie": MilvusVersion(2, 2),
    "marisa-trie": MilvusVersion(2, 2),
    "INVERTED": MilvusVersion(2, 4),
    "SPARSE_INVERTED_INDEX": MilvusVersion(2, 4),
    "SPARSE_WAND": MilvusVersion(2, 4),
    "BITMAP": MilvusVersion(2, 5),
    "HYBRID": MilvusVersion(2, 6),
    "NGRAM": MilvusVersion(2, 6),
    "RTREE": MilvusVersion(2, 6),
    "MINHASH_LSH": MilvusVersion(2, 6),
}

_VECTOR_TYPES = range(100, 200)
_DEFAULT_PARTITION = "_default"


@dataclass(frozen=True)
class SegmentGroup:
    """The binlog directories of one segment group, as Milvus names them (trailing "/").

    ``delta_dir`` is "" when the group has no deletes; an L0 group has only ``delta_dir``. An
    empty ``partition`` is a collection-wide L0 group (or a data group of the default one).
    """

    partition: str
    insert_dir: str
    delta_dir: str
    l0: bool = False
    storage_version: int = 0


@dataclass(frozen=True)
class ImportRequest:
    """One import job of a restore: a partition, its segment groups, and the options."""

    partition: str
    groups: tuple[SegmentGroup, ...]
    options: tuple[tuple[str, str], ...]

    @property
    def packed(self) -> bool:
        """Several segment groups in one job: only Milvus's REST import jobs (2.4+) take it."""
        return len(self.groups) > 1

    def grpc_files(self) -> list[str]:
        """The ``files`` of the gRPC ``Import`` of a one-group job: [insert dir, delta dir]
        ("" when there are no deletes), or an L0 group's delta dir alone."""
        if self.packed:
            raise ValueError("the gRPC Import takes one segment group per job")
        group = self.groups[0]
        return [group.delta_dir] if group.l0 else [group.insert_dir, group.delta_dir]

    def rest_body(self, db: str, collection: str) -> dict[str, Any]:
        """The body of ``POST /v2/vectordb/jobs/import/create``: one ``files`` entry per
        group, its insert dir then its delta dir (left out when there are no deletes)."""
        files = [
            [d for d in ((g.delta_dir,) if g.l0 else (g.insert_dir, g.delta_dir)) if d]
            for g in self.groups
        ]
        body: dict[str, Any] = {
            "dbName": db,
            "collectionName": collection,
            "files": files,
            "options": dict(self.options),
        }
        if self.partition:
            body["partitionName"] = self.partition
        return body


@dataclass(frozen=True)
class ServerFeatures:
    """The behaviour of one Milvus version that backup and restore depend on."""

    version: MilvusVersion

    @classmethod
    def of(cls, version_text: str) -> ServerFeatures:
        """The features of the server that answered ``GetVersion`` with ``version_text``."""
        return cls(MilvusVersion.parse(version_text))

    @property
    def l0_segments(self) -> bool:
        """Deletes live in L0 segments, imported with ``l0_import`` (2.4+)."""
        return self.version.at_least(2, 4)

    @property
    def skip_disk_quota_option(self) -> bool:
        """Import takes ``skip_disk_quota_check`` (2.4+)."""
        return self.version.at_least(2, 4)

    @property
    def storage_version_option(self) -> bool:
        """Import takes ``storage_version`` for binlogs of the newer storage format (2.6+)."""
        return self.version.at_least(2, 6)

    @property
    def flush_all(self) -> bool:
        """``FlushAll`` flushes every collection in one call (2.6.11+, as upstream requires)."""
        return self.version.at_least(2, 6, 11)

    @property
    def collection_gc_pause(self) -> bool:
        """GC pauses per collection, by ticket (2.6.8+, as upstream requires)."""
        return self.version.at_least(2, 6, 8)

    @property
    def snapshots(self) -> bool:
        """CreateSnapshot, ExportSnapshot and RestoreExternalSnapshot (the 3.0 line)."""
        return self.version.at_least(3, 0)

    @property
    def multiple_vector_fields(self) -> bool:
        """A collection may have more than one vector field (2.4+)."""
        return self.version.at_least(2, 4)

    @property
    def clustering_key(self) -> bool:
        """A field may be the collection's clustering key (2.4+)."""
        return self.version.at_least(2, 4)

    @property
    def nullable_and_default_values(self) -> bool:
        """Fields may be nullable and carry default values (2.5+)."""
        return self.version.at_least(2, 5)

    @property
    def functions(self) -> bool:
        """Collections may have functions (BM25 and others) and their output fields (2.5+)."""
        return self.version.at_least(2, 5)

    @property
    def dynamic_field_and_partition_key(self) -> bool:
        """The dynamic field and partition keys (2.2.9+)."""
        return self.version.at_least(2, 2, 9)

    @property
    def parquet_import(self) -> bool:
        """Import reads Parquet files whose columns are named as the fields (2.4+)."""
        return self.version.at_least(2, 4)

    def parquet_import_call(
        self, db: str, collection: str, partition: str | None, files: Iterable[str]
    ) -> ImportCall:
        """The Import of a logical backup's Parquet files into one partition.

        ``partition`` None lets Milvus route rows by partition key. No ``backup`` option:
        these are rows to insert, not binlogs; one file is one import file. Every column of
        the file is a field of the collection, named as it (the dynamic field ``$meta``).

        Raises:
            ValueError: this Milvus has no Parquet import.
        """
        if not self.parquet_import:
            raise ValueError(f"Milvus {self.version} has no Parquet import (2.4.0+)")
        options: list[tuple[str, str]] = []
        if self.skip_disk_quota_option:
            options.append(("skip_disk_quota_check", "true"))
        return ImportCall(db, collection, partition or "", tuple(files), tuple(options))

    @property
    def multi_segment_import(self) -> bool:
        """One import job may carry several segment groups (2.4+, Milvus's ImportV2, through
        its REST API), as upstream's multi-segment restore sends them."""
        return self.version.at_least(2, 4)

    def import_requests(
        self, groups: Sequence[SegmentGroup], max_segments: int
    ) -> list[ImportRequest]:
        """The import jobs that restore ``groups``, in their order.

        Before 2.4 each group is a job of its own. From 2.4 the data groups of one partition
        and storage format go together, ``max_segments`` at most per job; L0 groups stay one
        per job (each carries deletes that must apply to all the data before it).
        """
        per_job = max(1, max_segments) if self.multi_segment_import else 1
        jobs: dict[tuple[str, bool, int], list[list[SegmentGroup]]] = {}
        order: list[list[SegmentGroup]] = []
        for group in groups:
            key = (group.partition, group.l0, group.storage_version)
            chunks = jobs.setdefault(key, [])
            limit = 1 if group.l0 else per_job
            if not chunks or len(chunks[-1]) >= limit:
                chunks.append([])
                order.append(chunks[-1])
            chunks[-1].append(group)
        requests = []
        for chunk in order:
            first = chunk[0]
            # Backup-mode imports name the partition even with a partition key: the target
            # has the same partition-key partitions as the source. A collection-wide L0
            # import names none.
            partition = first.partition if first.l0 else first.partition or _DEFAULT_PARTITION
            options = self.import_options(l0=first.l0, storage_version=first.storage_version)
            requests.append(ImportRequest(partition, tuple(chunk), tuple(options)))
        return requests

    def import_options(
        self, *, l0: bool = False, storage_version: int = 0
    ) -> list[tuple[str, str]]:
        """The options of one restore import.

        Args:
            l0: the import carries L0 delete segments only.
            storage_version: the binlogs' storage format, as the backup recorded it (0: old).
        """
        options = [("l0_import", "true")] if l0 else [("backup", "true")]
        if self.skip_disk_quota_option:
            # A restore brings back data that fitted before; the quota check only gets in the way.
            options.append(("skip_disk_quota_check", "true"))
        if storage_version > 0 and self.storage_version_option:
            options.append(("storage_version", str(storage_version)))
        return options


# -- flush and GC pause: which call, and its request, per version ---------------------------


def uses_flush_all(features: ServerFeatures, serial: bool) -> bool:
    """Whether a backup flushes with one FlushAll instead of a Flush per collection.

    Args:
        serial: the backup asked for ``serial_flush``, a Flush per collection.
    """
    return features.flush_all and not serial


def flush_all_request(collections: Iterable[tuple[str, str]]) -> milvus_pb2.FlushAllRequest:
    """FlushAll limited to the (db, collection) pairs being backed up."""
    # Imported here: this module is read at start-up, the generated stubs are not.
    from ..milvuspb import milvus_pb2

    by_db: dict[str, list[str]] = {}
    for db, coll in collections:
        by_db.setdefault(db, []).append(coll)
    return milvus_pb2.FlushAllRequest(
        flush_targets=[
            milvus_pb2.FlushAllTarget(db_name=db, collection_names=names)
            for db, names in sorted(by_db.items())
        ]
    )


def gc_pause_query(
    features: ServerFeatures, seconds: int, collection_id: int = 0
) -> dict[str, str]:
    """The query of the management endpoint's ``garbage_collection/pause``.

    Milvus 2.6.8+ pauses one collection (``collection_id``) and answers with a ticket; older
    servers pause the whole cluster, so a collection ID is not sent to them.
    """
    query = {"pause_seconds": str(seconds)}
    if collection_id and features.collection_gc_pause:
        query["collection_id"] = str(collection_id)
    return query


def gc_resume_query(ticket: str = "") -> dict[str, str]:
    """The query of ``garbage_collection/resume``: one collection's ticket, or the cluster."""
    return {"ticket": ticket} if ticket else {}


@dataclass(frozen=True)
class ImportCall:
    """One Import request, as ``MilvusGateway.import_files`` sends it."""

    db: str
    collection: str
    partition: str
    files: tuple[str, ...]
    options: tuple[tuple[str, str], ...]


# Field types whose logical-format column (layout/logical.py) Milvus's Parquet import reads as
# it is: scalars, JSON and sparse vectors as text, arrays and float vectors as lists. Binary,
# float16, bfloat16 and int8 vectors are not among them: the format keeps them as bytes or
# widened floats, where Milvus 2.4's reader wants lists of bytes, so they go by inserts.
_PARQUET_IMPORTABLE = frozenset({1, 2, 3, 4, 5, 10, 11, 21, 22, 23, 101, 104})


def parquet_import_problems(schema: model.CollectionSchema, features: ServerFeatures) -> list[str]:
    """Why a logical backup's Parquet files cannot be imported as they are ([] if they can)."""
    if not features.parquet_import:
        return [f"Milvus {features.version} has no Parquet import (2.4.0+)"]
    return [
        f"field {f.name!r} is {FIELD_TYPE_SINCE.get(f.data_type, (str(f.data_type),))[0]}"
        for f in schema.fields
        if not f.is_dynamic and not f.is_function_output and f.data_type not in _PARQUET_IMPORTABLE
    ]


def _field_problems(
    schema: model.CollectionSchema, features: ServerFeatures, where: str
) -> Iterable[str]:
    target = features.version
    for field in schema.fields:
        if field.is_dynamic:
            continue
        known = FIELD_TYPE_SINCE.get(field.data_type)
        # A type newer than this table is left to the target to accept or refuse.
        if known is not None and target < known[1]:
            yield (
                f"{where}: field {field.name!r} is {known[0]}, which Milvus has only "
                f"since {known[1]}"
            )
        if field.data_type == 22 and field.element_type:
            element = FIELD_TYPE_SINCE.get(field.element_type)
            if element is not None and target < element[1]:
                yield (
                    f"{where}: field {field.name!r} is an Array of {element[0]}, which Milvus "
                    f"has only since {element[1]}"
                )
        if (field.nullable or field.default_value_base64 or field.default_value_proto) and (
            not features.nullable_and_default_values
        ):
            yield (
                f"{where}: field {field.name!r} is nullable or has a default value, which "
                "Milvus has only since 2.5.0"
            )
        if field.is_partition_key and not features.dynamic_field_and_partition_key:
            yield f"{where}: field {field.name!r} is a partition key, which needs Milvus 2.2.9+"
        if field.is_clustering_key and not features.clustering_key:
            yield (
                f"{where}: field {field.name!r} is the clustering key, which Milvus has only "
                "since 2.4.0"
            )
    vectors = [f.name for f in schema.fields if f.data_type in _VECTOR_TYPES]
    if len(vectors) > 1 and not features.multiple_vector_fields:
        yield f"{where}: {len(vectors)} vector fields {vectors}; Milvus has only one before 2.4.0"
    if schema.functions and not features.functions:
        names = [fn.name for fn in schema.functions]
        yield f"{where}: functions {names}, which Milvus has only since 2.5.0"
    if schema.enable_dynamic_field and not features.dynamic_field_and_partition_key:
        yield f"{where}: a dynamic field, which needs Milvus 2.2.9+"
    for struct in schema.struct_array_fields:
        # Upstream's newer backups may hold them; recreating the collection without would
        # lose the field (milvus/carried.py refuses them at backup for the same reason).
        yield (
            f"{where}: field {struct.name!r} is an array of structs, which this version of "
            "milvus-backup-grpc does not restore"
        )


def _index_problems(
    coll: model.CollectionBackupInfo, features: ServerFeatures, use_auto_index: bool, where: str
) -> Iterable[str]:
    vector_fields = {f.name for f in coll.schema.fields if f.data_type in _VECTOR_TYPES}
    for index in coll.index_infos:
        if use_auto_index and index.field_name in vector_fields:
            continue  # rebuilt as AUTOINDEX
        kind = index.index_type or index.params.get("index_type", "")
        since = INDEX_TYPE_SINCE.get(kind)
        if since is not None and features.version < since:
            yield (
                f"{where}: index {index.index_name!r} on {index.field_name!r} is {kind}, which "
                f"Milvus has only since {since} (restore without restoreIndex, or with "
                "useAutoIndex for vector indexes)"
            )


def _has_l0(coll: model.CollectionBackupInfo) -> bool:
    return bool(coll.l0_segments) or any(
        s.is_l0 for p in coll.partition_backups for s in p.segment_backups
    )


def _max_storage_version(coll: model.CollectionBackupInfo) -> int:
    segments = [*coll.l0_segments, *(s for p in coll.partition_backups for s in p.segment_backups)]
    return max((s.storage_version for s in segments), default=0)


def restore_problems(
    coll: model.CollectionBackupInfo,
    features: ServerFeatures,
    *,
    meta_only: bool,
    restore_index: bool,
    use_auto_index: bool,
) -> list[str]:
    """Why the target Milvus cannot hold this backed-up collection faithfully ([] if it can)."""
    where = f"{coll.db_name or model.DEFAULT_DB}.{coll.collection_name}"
    problems = list(_field_problems(coll.schema, features, where))
    if restore_index:
        problems.extend(_index_problems(coll, features, use_auto_index, where))
    if not meta_only:
        if _has_l0(coll) and not features.l0_segments:
            problems.append(
                f"{where}: deletes kept in L0 segments (a Milvus 2.4+ source) cannot be "
                "imported before Milvus 2.4.0, and leaving them out would bring deleted rows back"
            )
        storage_version = _max_storage_version(coll)
        if storage_version >= 2 and not features.storage_version_option:
            problems.append(
                f"{where}: binlogs in storage format {storage_version} (Milvus 2.6+) cannot be "
                "read before Milvus 2.6.0"
            )
    return problems
