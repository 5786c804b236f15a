"""Per-version behaviour: version parsing, import requests, and what a target refuses.

Milvus 2.4, 2.5 and 2.6 cannot run here (no embedded server, no Docker): these tests pin the
requests the restore builds for them, and tests/docker runs them against real images where a
Docker engine exists.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from milvus_backup_grpc import model
from milvus_backup_grpc.config import load_config
from milvus_backup_grpc.engine.backup import BackupJob
from milvus_backup_grpc.engine.logical_restore import LogicalRestoreJob
from milvus_backup_grpc.engine.restore import CollectionPlan, RestoreJob
from milvus_backup_grpc.engine.tasks import BackupTask, RestoreCollectionTask, RestoreTask
from milvus_backup_grpc.layout import logical, manifest
from milvus_backup_grpc.layout.paths import BackupLayout
from milvus_backup_grpc.milvus.versions import (
    ImportCall,
    ImportRequest,
    MilvusVersion,
    ServerFeatures,
    parquet_import_problems,
    restore_problems,
)
from milvus_backup_grpc.milvuspb import common_pb2, milvus_pb2
from milvus_backup_grpc.pb import backup_pb2 as pb
from milvus_backup_grpc.storage.base import Checksum
from milvus_backup_grpc.storage.local import LocalStorage
from tests.unit.samples import PART_DEFAULT, SEG_A, SEG_B, SEG_L0, backup_copies


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("v2.3.5-lite", MilvusVersion(2, 3, 5)),
        ("2.4.13", MilvusVersion(2, 4, 13)),
        ("v2.6.0-rc1", MilvusVersion(2, 6, 0)),
        ("v2.5.4.1", MilvusVersion(2, 5, 4)),  # a hotfix's fourth number is dropped
        ("2.6-20260101-abcdef", MilvusVersion(2, 6, 9999)),  # a line's head build
        ("Milvus v2.4.1 (gitsha)", MilvusVersion(2, 4, 1)),
        ("", MilvusVersion(99, 0, 0)),  # no version: treated as the newest
        ("master-latest", MilvusVersion(99, 0, 0)),
    ],
)
def test_versions_parse_as_upstream_reads_them(text: str, expected: MilvusVersion) -> None:
    assert MilvusVersion.parse(text) == expected
    assert str(MilvusVersion(2, 4, 13)) == "2.4.13"
    assert MilvusVersion(2, 4, 13).at_least(2, 4) and not MilvusVersion(2, 3, 99).at_least(2, 4)


@pytest.mark.parametrize(
    ("version", "l0", "storage_version", "options"),
    [
        ("v2.2.16", False, 0, [("backup", "true")]),
        ("v2.3.5", False, 0, [("backup", "true")]),
        ("v2.4.17", False, 0, [("backup", "true"), ("skip_disk_quota_check", "true")]),
        ("v2.4.17", True, 0, [("l0_import", "true"), ("skip_disk_quota_check", "true")]),
        ("v2.5.8", False, 2, [("backup", "true"), ("skip_disk_quota_check", "true")]),
        (
            "v2.6.3",
            False,
            2,
            [("backup", "true"), ("skip_disk_quota_check", "true"), ("storage_version", "2")],
        ),
        (
            "v2.6.3",
            True,
            2,
            [("l0_import", "true"), ("skip_disk_quota_check", "true"), ("storage_version", "2")],
        ),
    ],
)
def test_import_options_per_version(
    version: str, l0: bool, storage_version: int, options: list[tuple[str, str]]
) -> None:
    features = ServerFeatures.of(version)
    assert features.import_options(l0=l0, storage_version=storage_version) == options


def _collection(*fields: model.FieldSchema, **extra: Any) -> model.CollectionBackupInfo:
    schema = model.CollectionSchema(
        name="c",
        fields=[model.FieldSchema(fieldID=100, name="id", is_primary_key=True, data_type=5),
                *fields],
    )
    return model.CollectionBackupInfo(collection_name="c", db_name="default", schema=schema,
                                      **extra)


def _vector(name: str, data_type: int = pb.FloatVector) -> model.FieldSchema:
    return model.FieldSchema(fieldID=101, name=name, data_type=data_type)


def _problems(coll: model.CollectionBackupInfo, version: str, **flags: bool) -> list[str]:
    options = {"meta_only": False, "restore_index": False, "use_auto_index": False} | flags
    return restore_problems(coll, ServerFeatures.of(version), **options)


def test_a_plain_collection_fits_every_version() -> None:
    coll = _collection(_vector("vec"), model.FieldSchema(fieldID=102, name="t", data_type=21))
    for version in ("v2.2.16", "v2.3.5", "v2.4.0", "v2.6.1", "newest"):
        assert _problems(coll, version) == []


@pytest.mark.parametrize(
    ("field", "older", "newer", "says"),
    [
        (_vector("sp", pb.SparseFloatVector), "v2.3.5", "v2.4.0", "SparseFloatVector"),
        (_vector("f16", pb.Float16Vector), "v2.3.5", "v2.4.0", "Float16Vector"),
        (_vector("bf16", pb.BFloat16Vector), "v2.3.5", "v2.4.0", "BFloat16Vector"),
        (_vector("i8", 105), "v2.5.9", "v2.6.0", "Int8Vector"),
        (model.FieldSchema(fieldID=102, name="a", data_type=pb.Array, element_type=5),
         "v2.2.16", "v2.3.0", "Array"),
        (model.FieldSchema(fieldID=102, name="j", data_type=pb.JSON), "v2.2.8", "v2.2.9", "JSON"),
        (model.FieldSchema(fieldID=102, name="n", data_type=5, nullable=True),
         "v2.4.17", "v2.5.0", "nullable or has a default value"),
        (model.FieldSchema(fieldID=102, name="d", data_type=5, default_value_base64="CAE="),
         "v2.4.17", "v2.5.0", "nullable or has a default value"),
        (model.FieldSchema(fieldID=102, name="day", data_type=5, is_clustering_key=True),
         "v2.3.5", "v2.4.0", "clustering key"),
    ],
)
def test_a_field_the_target_lacks_is_named(
    field: model.FieldSchema, older: str, newer: str, says: str
) -> None:
    coll = _collection(field)
    problems = _problems(coll, older)
    assert len(problems) == 1 and says in problems[0] and repr(field.name) in problems[0]
    assert problems[0].startswith("default.c: ")
    assert _problems(coll, newer) == []


def test_schema_features_the_target_lacks() -> None:
    two_vectors = _collection(_vector("a"), model.FieldSchema(fieldID=102, name="b",
                                                             data_type=pb.FloatVector))
    assert "2 vector fields" in _problems(two_vectors, "v2.3.5")[0]
    assert _problems(two_vectors, "v2.4.0") == []

    with_function = _collection(_vector("sparse", pb.SparseFloatVector))
    with_function.schema.functions.add(name="bm25", type=1)
    assert any("functions ['bm25']" in p for p in _problems(with_function, "v2.4.17"))
    assert _problems(with_function, "v2.5.0") == []

    with_structs = _collection(_vector("vec"))
    with_structs.schema.struct_array_fields.add(fieldID=102, name="clips")
    assert _problems(with_structs, "newest") == [
        "default.c: field 'clips' is an array of structs, which this version of "
        "milvus-backup-grpc does not restore"
    ]


def test_l0_segments_and_new_storage_need_a_new_enough_target() -> None:
    l0 = model.SegmentBackupInfo(segment_id=7, partition_id=-1, is_l0=True)
    coll = _collection(_vector("vec"), l0_segments=[l0])
    assert "L0 segments" in _problems(coll, "v2.3.5")[0]
    assert _problems(coll, "v2.3.5", meta_only=True) == []  # no data, no deletes to lose
    assert _problems(coll, "v2.4.0") == []

    coll = _collection(_vector("vec"))
    coll.partition_backups.add(partition_name="_default").segment_backups.add(
        segment_id=8, storage_version=2)
    assert "storage format 2" in _problems(coll, "v2.5.9")[0]
    assert _problems(coll, "v2.6.0") == []


def test_indexes_are_checked_only_when_rebuilt() -> None:
    coll = _collection(_vector("vec"), model.FieldSchema(fieldID=102, name="t", data_type=21))
    coll.index_infos.add(field_name="t", index_name="t_idx", index_type="INVERTED")
    coll.index_infos.add(field_name="vec", index_name="v_idx", index_type="SCANN",
                         params={"index_type": "SCANN"})

    assert _problems(coll, "v2.3.5") == []
    rebuilt = _problems(coll, "v2.3.5", restore_index=True)
    assert len(rebuilt) == 2
    assert "'t_idx' on 't' is INVERTED" in rebuilt[0] and "since 2.4.0" in rebuilt[0]
    # AUTOINDEX replaces the vector index, so only the scalar one is left to refuse.
    auto = _problems(coll, "v2.3.5", restore_index=True, use_auto_index=True)
    assert len(auto) == 1 and "t_idx" in auto[0]
    assert _problems(coll, "v2.4.0", restore_index=True) == []


@dataclass
class _RecordingMilvus:
    """Stands in for a Milvus the machine cannot run: records import jobs, which complete.

    Each job as (partition, files, options): the gRPC Import's files for a one-group job, the
    REST import job's files (one list per group) for a packed one.
    """

    imports: list[tuple[str, list[Any], list[tuple[str, str]]]] = field(default_factory=list)
    answers: str = "v2.4.13"  # GetVersion

    def version(self) -> str:
        return self.answers

    def import_files(self, db: str, coll: str, partition: str, files: list[str],
                     options: list[tuple[str, str]]) -> list[int]:
        self.imports.append((partition, list(files), list(options)))
        return [len(self.imports)]

    def start_import(self, db: str, coll: str, request: ImportRequest) -> list[int]:
        files: list[Any] = (
            request.rest_body(db, coll)["files"] if request.packed else request.grpc_files()
        )
        self.imports.append((request.partition, files, list(request.options)))
        return [len(self.imports)]

    def import_progress(self, task_id: int) -> Any:
        return type("Done", (), {"completed": True, "failed": False})()


def test_a_restore_into_2_6_imports_data_then_l0_deletes_with_the_right_options(
    tmp_path: Path, backup_info: model.BackupInfo
) -> None:
    storage = LocalStorage(tmp_path)
    layout = BackupLayout(str(tmp_path / "backup"), backup_info.name)
    for item in backup_copies(backup_info, layout):
        storage.write_bytes(item.dst_key, b"x" * item.size)
    coll = backup_info.collection_backups[0]
    default = coll.partition_backups[0]
    default.segment_backups.add(  # a partition-scoped L0 segment beside the data
        segment_id=SEG_L0 + 1, collection_id=coll.collection_id, partition_id=PART_DEFAULT,
        group_id=SEG_L0 + 1, is_l0=True, size=16, storage_version=2,
    ).deltalogs.add(binlogs=[model.Binlog(log_id=4000, log_size=16)])
    storage.write_bytes(
        layout.delta_log(coll.collection_id, PART_DEFAULT, SEG_L0 + 1, SEG_L0 + 1, 4000), b"y" * 16)
    for seg in default.segment_backups:
        seg.storage_version = 2
    config = load_config(None, env={}, overrides={"minio.storageType": "local",
                                                  "backup.importPollSeconds": "0"})
    milvus = _RecordingMilvus()
    ctask = RestoreCollectionTask(id="c1", source_db="default", source_name="books",
                                  target_db="default", target_name="books", size=coll.size)
    plan = CollectionPlan(coll, "default", "books", exists=False)
    job = RestoreJob(config, milvus, storage, storage, layout,  # type: ignore[arg-type]
                     model.RestoreInput(backup_name=backup_info.name),
                     [plan],
                     RestoreTask(id="r1", backup_name=backup_info.name, collections=[ctask]),
                     features=ServerFeatures.of("v2.6.2"))

    job._import_data(plan, "default", "books", ctask)

    data = [i for i in milvus.imports if ("backup", "true") in i[2]]
    l0 = [i for i in milvus.imports if ("l0_import", "true") in i[2]]
    assert milvus.imports == data + l0  # every data import before the first L0 one
    # 2.4+: _default's groups A and B go in one import job, p1's C in another.
    assert len(data) == 2
    packed = next(d for d in data if d[0] == "_default")
    assert packed[1][0] == [layout.insert_group_dir(coll.collection_id, PART_DEFAULT, SEG_A),
                            layout.delta_group_dir(coll.collection_id, PART_DEFAULT, SEG_A)]
    assert packed[1][1] == [layout.insert_group_dir(coll.collection_id, PART_DEFAULT, SEG_B)]
    assert ("storage_version", "2") in packed[2]  # _default's segments are format 2
    assert l0 == [
        ("_default",
         [layout.delta_group_dir(coll.collection_id, PART_DEFAULT, SEG_L0 + 1)],
         [("l0_import", "true"), ("skip_disk_quota_check", "true"), ("storage_version", "2")]),
        ("",  # collection-wide: no partition
         [layout.collection_l0_dir(coll.collection_id, SEG_L0)],
         [("l0_import", "true"), ("skip_disk_quota_check", "true")]),
    ]


def test_a_backup_of_2_4_plus_l0_segments_copies_their_delete_logs_where_upstream_puts_them(
    tmp_path: Path,
) -> None:
    storage = LocalStorage(tmp_path)
    config = load_config(None, env={}, overrides={"minio.storageType": "local",
                                                  "minio.rootPath": "files"})
    layout = BackupLayout("backup", "bk")
    storage.write_bytes("files/delta_log/1/-1/70/9001", b"d" * 11)  # collection-wide
    storage.write_bytes("files/delta_log/1/2/71/9002", b"e" * 13)  # partition 2
    job = BackupJob(config, None, storage, storage, layout,  # type: ignore[arg-type]
                    model.CreateBackupInput(name="bk"), [], BackupTask(id="t", name="bk"))

    (wide, wide_copies), (scoped, scoped_copies) = job._list_segments(1, [
        milvus_pb2.PersistentSegmentInfo(
            segmentID=70, collectionID=1, partitionID=-1, num_rows=3, level=common_pb2.L0),
        milvus_pb2.PersistentSegmentInfo(
            segmentID=71, collectionID=1, partitionID=2, num_rows=4, level=common_pb2.L0),
    ])

    assert wide.is_l0 and wide.group_id == 0 and wide.size == 11 and not wide.binlogs
    assert [(c.src_key, c.dst_key) for c in wide_copies] == [
        ("files/delta_log/1/-1/70/9001", "backup/bk/binlogs/delta_log/1/-1/70/9001")]
    assert scoped.is_l0 and scoped.group_id == 71 and scoped.size == 13
    assert [(c.src_key, c.dst_key) for c in scoped_copies] == [
        ("files/delta_log/1/2/71/9002", "backup/bk/binlogs/delta_log/1/2/71/71/9002")]
    assert [b.log_id for b in scoped.deltalogs[0].binlogs] == [9002]


def test_a_backup_lists_each_collections_binlogs_once_whatever_its_segment_count(
    tmp_path: Path,
) -> None:
    listed: list[str] = []

    class _Counting(LocalStorage):
        def list_objects(self, prefix: str) -> Any:
            listed.append(prefix)
            return super().list_objects(prefix)

    storage = _Counting(tmp_path)
    config = load_config(None, env={}, overrides={"minio.storageType": "local",
                                                  "minio.rootPath": "files"})
    segments = []
    for seg in range(100, 140):
        for field_id in (0, 1, 100):
            storage.write_bytes(f"files/insert_log/1/2/{seg}/{field_id}/{seg}{field_id}", b"i")
        storage.write_bytes(f"files/delta_log/1/2/{seg}/{seg}9", b"dd")
        segments.append(milvus_pb2.PersistentSegmentInfo(
            segmentID=seg, collectionID=1, partitionID=2, num_rows=1, level=common_pb2.L1))
    storage.write_bytes("files/insert_log/1/2/999/0/1", b"x")  # a segment not asked for
    job = BackupJob(config, None, storage, storage,  # type: ignore[arg-type]
                    BackupLayout("backup", "bk"), model.CreateBackupInput(name="bk"), [],
                    BackupTask(id="t", name="bk"))

    found = job._list_segments(1, segments)

    assert sorted(listed) == ["files/delta_log/1/", "files/insert_log/1/"]
    assert [seg.segment_id for seg, _ in found] == list(range(100, 140))
    for seg, copies in found:
        assert [b.fieldID for b in seg.binlogs] == [0, 1, 100]
        assert [b.log_id for b in seg.deltalogs[0].binlogs] == [seg.segment_id * 10 + 9]
        assert len(copies) == 4 and seg.size == 5
        assert all("/999/" not in c.src_key for c in copies)


def _logical_backup(storage: LocalStorage, layout: BackupLayout, keyed: bool,
                    files: dict[str, list[str]]) -> model.CollectionBackupInfo:
    """A logical backup's collection.json and manifest (Parquet bytes are Milvus's to read)."""
    coll = _collection(_vector("vec"), model.FieldSchema(name="tenant", data_type=pb.VarChar,
                                                         is_partition_key=keyed))
    coll.schema.enable_dynamic_field = True
    coll.schema.fields.add(name="$meta", data_type=pb.JSON, is_dynamic=True)
    partitions = []
    entries = []
    for directory, names in files.items():
        keys = [f"logical/default/{coll.collection_name}/{directory}/{n}" for n in names]
        for key in keys:
            storage.write_bytes(layout.dir + key, b"PAR1")
            entries.append(manifest.ManifestEntry(key, 4, Checksum("sha256", "0" * 64)))
        partitions.append({"name": None if keyed else directory, "directory": directory,
                           "rows": 1, "files": keys, **({"partition_key": True} if keyed else {})})
    storage.write_bytes(logical.collection_doc_key(layout, "default", coll.collection_name),
                        logical.encode_doc(logical.collection_doc(coll, [], partitions, 1)))
    storage.write_bytes(manifest.manifest_key(layout), manifest.encode(entries))
    return coll


@pytest.mark.parametrize("keyed", [False, True])
def test_a_logical_restore_into_2_4_imports_the_parquet_files_per_partition(
    tmp_path: Path, keyed: bool
) -> None:
    storage = LocalStorage(tmp_path)
    layout = BackupLayout(str(tmp_path / "backup"), "lb")
    files = ({"_partition_key": ["part-00000.parquet", "part-00001.parquet"]} if keyed
             else {"_default": ["part-00000.parquet", "part-00001.parquet"],
                   "p1": ["part-00000.parquet"]})
    coll = _logical_backup(storage, layout, keyed, files)
    config = load_config(None, env={}, overrides={"minio.storageType": "local",
                                                  "backup.importPollSeconds": "0"})
    milvus = _RecordingMilvus()
    name = coll.collection_name
    ctask = RestoreCollectionTask(id="c1", source_db="default", source_name=name,
                                  target_db="default", target_name=name, size=8)
    plan = CollectionPlan(coll, "default", name, exists=False)
    job = LogicalRestoreJob(config, milvus, storage, storage, layout,  # type: ignore[arg-type]
                            model.RestoreInput(backup_name="lb"), [plan],
                            RestoreTask(id="r1", backup_name="lb", collections=[ctask]),
                            features=ServerFeatures.of("v2.4.13"))

    job._import_data(plan, "default", name, ctask)

    def paths(directory: str) -> list[str]:
        return [storage.milvus_path(f"{layout.dir}logical/default/{name}/{directory}/{n}")
                for n in files[directory]]

    quota = [("skip_disk_quota_check", "true")]  # no "backup": rows, not binlogs
    if keyed:  # Milvus routes the rows by partition key: no partition named
        assert milvus.imports == [("", paths("_partition_key"), quota)]
    else:
        assert milvus.imports == [("_default", paths("_default"), quota),
                                  ("p1", paths("p1"), quota)]
    assert all(p.endswith(".parquet") for _, ps, _ in milvus.imports for p in ps)


def test_parquet_import_is_for_2_4_on_and_for_columns_its_reader_takes() -> None:
    coll = _collection(_vector("vec"), model.FieldSchema(name="j", data_type=pb.JSON),
                       model.FieldSchema(name="arr", data_type=pb.Array, element_type=pb.Int64))
    assert parquet_import_problems(coll.schema, ServerFeatures.of("v2.4.0")) == []
    assert parquet_import_problems(coll.schema, ServerFeatures.of("v2.3.5")) == [
        "Milvus 2.3.5 has no Parquet import (2.4.0+)"]
    with pytest.raises(ValueError, match="no Parquet import"):
        ServerFeatures.of("v2.3.5").parquet_import_call("default", "c", "p", ["x.parquet"])
    call = ServerFeatures.of("2.6.2").parquet_import_call("db1", "c", None, ["a.parquet"])
    assert call == ImportCall("db1", "c", "", ("a.parquet",), (("skip_disk_quota_check", "true"),))
    # Kept as bytes or widened floats in the format, where 2.4's reader wants lists of bytes.
    bits = _collection(_vector("bits", pb.BinaryVector))
    assert parquet_import_problems(bits.schema, ServerFeatures.of("v2.6.0")) == [
        "field 'bits' is BinaryVector"]
