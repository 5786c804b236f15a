"""Restore and backup options: databases and renames, shard caps, AUTOINDEX, other roots,
force, failures that must not look like success, and deletes refused mid-write."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pymilvus import DataType, MilvusClient

from milvus_backup_grpc import model
from milvus_backup_grpc.config import Config, load_config
from milvus_backup_grpc.engine.service import BackupService
from milvus_backup_grpc.errors import NotFoundError, StorageError
from milvus_backup_grpc.pb import backup_pb2 as pb
from milvus_backup_grpc.testing.sample import create_sample_collection

Stub = Any


def count(milvus: MilvusClient, name: str) -> int:
    milvus.load_collection(name)
    return int(milvus.query(name, filter="", output_fields=["count(*)"])[0]["count(*)"])


def test_database_renames_create_the_target_database(
        stub: Stub, milvus_server: Any, unique: Callable[[str], str]) -> None:
    source_db, whole_db_target, single_target_db = unique("srcdb"), unique("alldb"), unique("onedb")
    admin = MilvusClient(uri=f"http://{milvus_server.address}")
    admin.create_database(source_db)
    in_db = MilvusClient(uri=f"http://{milvus_server.address}", db_name=source_db)
    first = create_sample_collection(in_db, "orders", rows=300)
    second = create_sample_collection(in_db, "customers", rows=200)
    expected = {first.name: first.rows - len(first.deleted),
                second.name: second.rows - len(second.deleted)}

    backup = unique("dbs")
    created = stub.CreateBackup(pb.CreateBackupRequest(
        backup_name=backup, db_collections=_value({source_db: []})))
    assert created.code == pb.Success, created.msg
    assert sorted(c.collection_name for c in created.data.collection_backups) == sorted(expected)
    assert {c.db_name for c in created.data.collection_backups} == {source_db}

    whole = stub.RestoreBackup(pb.RestoreBackupRequest(
        backup_name=backup, restoreIndex=True,
        collection_renames={f"{source_db}.*": f"{whole_db_target}.*"}))
    assert whole.code == pb.Success, whole.msg
    assert whole_db_target in admin.list_databases()
    target = MilvusClient(uri=f"http://{milvus_server.address}", db_name=whole_db_target)
    assert sorted(target.list_collections()) == sorted(expected)
    for name, rows in expected.items():
        assert count(target, name) == rows

    single = stub.RestoreBackup(pb.RestoreBackupRequest(
        backup_name=backup, collection_names=[f"{source_db}.orders"], restoreIndex=True,
        collection_renames={f"{source_db}.orders": f"{single_target_db}.orders_copy"}))
    assert single.code == pb.Success, single.msg
    task = single.data.collection_restore_tasks
    assert [(t.target_db_name, t.target_collection_name) for t in task] == [
        (single_target_db, "orders_copy")]
    other = MilvusClient(uri=f"http://{milvus_server.address}", db_name=single_target_db)
    assert other.list_collections() == ["orders_copy"]
    assert count(other, "orders_copy") == expected["orders"]

    filtered_db = unique("filtdb")
    filtered = stub.RestoreBackup(pb.RestoreBackupRequest(
        backup_name=backup, metaOnly=True,
        collection_renames={f"{source_db}.*": f"{filtered_db}.*"},
        db_collections_after_rename=_value({filtered_db: ["customers"]})))
    assert filtered.code == pb.Success, filtered.msg
    after = MilvusClient(uri=f"http://{milvus_server.address}", db_name=filtered_db)
    assert after.list_collections() == ["customers"]


def _value(obj: dict[str, list[str]]) -> Any:
    from google.protobuf import struct_pb2

    value = struct_pb2.Value()
    value.struct_value.update(obj)
    return value


def test_max_shard_num_and_auto_index(stub: Stub, milvus: MilvusClient,
                                      unique: Callable[[str], str]) -> None:
    name = unique("sharded")
    schema = milvus.create_schema(auto_id=True)
    schema.add_field("pk", DataType.INT64, is_primary=True)
    schema.add_field("v", DataType.FLOAT_VECTOR, dim=4)
    milvus.create_collection(name, schema=schema, num_shards=2)
    milvus.insert(name, [{"v": [float(i), 1.0, 2.0, 3.0]} for i in range(100)])
    milvus.flush(name)
    index = milvus.prepare_index_params()
    index.add_index("v", index_type="HNSW", metric_type="IP", params={"M": 8,
                                                                      "efConstruction": 64})
    milvus.create_index(name, index)
    backup = unique("shards")
    assert stub.CreateBackup(pb.CreateBackupRequest(
        backup_name=backup, collection_names=[name])).code == pb.Success

    restored = stub.RestoreBackup(pb.RestoreBackupRequest(
        backup_name=backup, collection_suffix="_capped", maxShardNum=1, restoreIndex=True,
        useAutoIndex=True))
    assert restored.code == pb.Success, restored.msg
    target = name + "_capped"
    assert milvus.describe_collection(name)["num_shards"] == 2
    assert milvus.describe_collection(target)["num_shards"] == 1
    described = milvus.describe_index(target, "v")
    assert described["index_type"] == "AUTOINDEX" and described["metric_type"] == "IP"
    assert count(milvus, target) == 100


def test_backup_under_another_root_is_found_with_bucket_and_path(
        stub: Stub, milvus: MilvusClient, tmp_path: Path, unique: Callable[[str], str]) -> None:
    source = create_sample_collection(milvus, unique("elsewhere"), rows=200)
    other_root = tmp_path / "other-root"
    backup = unique("otherroot")
    created = stub.CreateBackup(pb.CreateBackupRequest(
        backup_name=backup, collection_names=[source.name], backup_root_path=str(other_root)))
    assert created.code == pb.Success, created.msg
    assert (other_root / backup / "meta" / "full_meta.json").is_file()

    assert stub.GetBackup(pb.GetBackupRequest(backup_name=backup)).code == \
        pb.Request_Object_Not_Found
    found = stub.GetBackup(pb.GetBackupRequest(backup_name=backup, bucket_name="any",
                                               path=str(other_root)))
    assert found.code == pb.Success and found.data.name == backup
    restored = stub.RestoreBackup(pb.RestoreBackupRequest(
        backup_name=backup, bucket_name="any", path=str(other_root), collection_suffix="_o",
        restoreIndex=True))
    assert restored.code == pb.Success, restored.msg
    assert count(milvus, source.name + "_o") == source.rows - len(source.deleted)


def test_force_backs_up_only_flushed_data(stub: Stub, milvus: MilvusClient,
                                          unique: Callable[[str], str]) -> None:
    source = create_sample_collection(milvus, unique("forced"), rows=300)
    flushed_rows = source.rows - len(source.deleted)
    milvus.insert(source.name, [{"id": 100_000 + i, "vec": [0.5] * 8, "title": "late",
                                 "score": 1.0, "rank": 1, "flag": True, "meta": {}}
                                for i in range(50)])  # stays in a growing segment
    backup = unique("force")
    forced = stub.CreateBackup(pb.CreateBackupRequest(
        backup_name=backup, collection_names=[source.name], force=True))
    assert forced.code == pb.Success, forced.msg
    restored = stub.RestoreBackup(pb.RestoreBackupRequest(
        backup_name=backup, collection_suffix="_forced", restoreIndex=True))
    assert restored.code == pb.Success, restored.msg
    assert count(milvus, source.name + "_forced") == flushed_rows

    flushed = unique("flushed")
    assert stub.CreateBackup(pb.CreateBackupRequest(
        backup_name=flushed, collection_names=[source.name])).code == pb.Success
    assert stub.RestoreBackup(pb.RestoreBackupRequest(
        backup_name=flushed, collection_suffix="_flushed", restoreIndex=True)).code == pb.Success
    assert count(milvus, source.name + "_flushed") == flushed_rows + 50


def _service_with(service_config: Config, **overrides: str) -> BackupService:
    values = {k: str(v.value) for k, v in service_config.values.items()
              if v.source != "default"}
    values.update(overrides)
    return BackupService(load_config(None, env={}, overrides=values))


@pytest.fixture
def wrong_root_service(service_config: Config, tmp_path: Path) -> BackupService:
    return _service_with(service_config, **{
        "minio.rootPath": str(tmp_path / "not-the-milvus-root"),
        "minio.backupRootPath": str(tmp_path / "backups")})


def test_wrong_root_path_fails_clearly_and_creates_nothing(
        wrong_root_service: BackupService, milvus: MilvusClient, tmp_path: Path,
        unique: Callable[[str], str]) -> None:
    source = create_sample_collection(milvus, unique("wrongroot"), rows=200)
    report = wrong_root_service.check()
    assert any(line.startswith("WARNING") and "holds no insert_log" in line
               for line in report.lines)
    name = unique("wrong")
    with pytest.raises(StorageError, match="minio.rootPath"):
        wrong_root_service.create_backup(model.CreateBackupInput(
            name=name, selection={"default": [source.name]}))
    # Refused by the preflight, before anything was written.
    assert not (tmp_path / "backups" / name).exists()
    assert name not in [b.name for b in wrong_root_service.list_backups()]
    with pytest.raises(NotFoundError):
        wrong_root_service.get_backup(name=name)


def test_delete_is_refused_while_the_backup_is_being_written(
        stub: Stub, milvus: MilvusClient, unique: Callable[[str], str]) -> None:
    source = create_sample_collection(milvus, unique("busy"), rows=300)
    milvus.insert(source.name, [{"id": 200_000, "vec": [0.1] * 8, "title": "x", "score": 0.0,
                                 "rank": 0, "flag": False, "meta": {}}])  # so flush has work
    backup = unique("busy")
    started = stub.CreateBackup(pb.CreateBackupRequest(
        backup_name=backup, collection_names=[source.name], **{"async": True}))
    assert started.code == pb.Success
    refused = stub.DeleteBackup(pb.DeleteBackupRequest(backup_name=backup))
    assert refused.code == pb.Parameter_Error
    assert "being created" in refused.msg


@pytest.mark.parametrize("keep", [False, True], ids=["cleaned", "kept"])
def test_restore_stages_binlogs_when_milvus_cannot_read_the_backup_in_place(
        service_config: Config, milvus_server: Any, milvus: MilvusClient,
        unique: Callable[[str], str], keep: bool) -> None:
    service = _service_with(service_config, **{"minio.crossStorage": "true",
                                               "backup.keepTempFiles": str(keep)})
    source = create_sample_collection(milvus, unique("staged"), rows=300)
    name = unique("staged")
    service.create_backup(model.CreateBackupInput(name=name,
                                                  selection={"default": [source.name]}))
    task = service.restore_backup(model.RestoreInput(backup_name=name, suffix="_staged",
                                                     restore_index=True))
    assert task.state_code == model.RESTORE_SUCCESS, task.errorMessage
    assert count(milvus, source.name + "_staged") == source.rows - len(source.deleted)
    staged = list(Path(milvus_server.local_storage_path).glob(f"restore-temp-{task.id}-*"))
    if keep:
        assert staged and any(p.rglob("*") for p in staged)
        for kept in staged:  # kept as asked; removed now so later tests see a clean root
            shutil.rmtree(kept)
    else:
        assert staged == []
    service.close()


@pytest.mark.parametrize("recorded", ["sha256", "blake3"])
def test_a_staged_restore_checks_every_binlog_against_the_manifest(
        service_config: Config, backup_root: Path, milvus: MilvusClient,
        unique: Callable[[str], str], recorded: str) -> None:
    # The backup was made with either checksum; the restoring service's own (BLAKE3, the
    # default) does not matter: each staged binlog is hashed as its manifest entry says.
    maker = _service_with(service_config, **{"backup.checksum": recorded})
    source = create_sample_collection(milvus, unique("tamper"), rows=300)
    name = unique("tamper")
    maker.create_backup(model.CreateBackupInput(name=name, selection={"default": [source.name]}))
    maker.close()
    victim = next(p for p in sorted((backup_root / name / "binlogs").rglob("*")) if p.is_file())
    data = victim.read_bytes()
    victim.write_bytes(bytes([data[0] ^ 0x01]) + data[1:])  # same size: listings cannot tell
    service = _service_with(service_config, **{"minio.crossStorage": "true"})

    task = service.restore_backup(model.RestoreInput(backup_name=name, suffix="_tampered"))

    assert task.state_code == model.RESTORE_FAIL
    shown = {"sha256": "SHA-256", "blake3": "BLAKE3"}[recorded]
    assert shown in task.errorMessage and "changed after the backup" in task.errorMessage
    assert not milvus.has_collection(source.name + "_tampered")  # removed, not left half-done
    service.close()


def test_restore_plan_renames_across_databases_and_filters_on_the_new_names(
        stub: Stub, milvus_server: Any, unique: Callable[[str], str]) -> None:
    source_db, target_db = unique("plansrc"), unique("plandst")
    admin = MilvusClient(uri=f"http://{milvus_server.address}")
    admin.create_database(source_db)
    in_db = MilvusClient(uri=f"http://{milvus_server.address}", db_name=source_db)
    kept = create_sample_collection(in_db, "kept", rows=200)
    create_sample_collection(in_db, "dropped", rows=100)
    backup = unique("plan")
    assert stub.CreateBackup(pb.CreateBackupRequest(
        backup_name=backup, db_collections=_value({source_db: []}))).code == pb.Success

    request = pb.RestoreBackupRequest(backup_name=backup, restoreIndex=True)
    mapping = request.restorePlan.mapping.add(source=source_db, target=target_db)
    mapping.colls.add(source="kept", target="kept_moved")
    mapping.colls.add(source="dropped", target="dropped_moved")
    request.restorePlan.filter[target_db].colls.append("kept_moved")
    restored = stub.RestoreBackup(request)

    assert restored.code == pb.Success, restored.msg
    assert [(t.target_db_name, t.target_collection_name)
            for t in restored.data.collection_restore_tasks] == [(target_db, "kept_moved")]
    target = MilvusClient(uri=f"http://{milvus_server.address}", db_name=target_db)
    assert target.list_collections() == ["kept_moved"]
    assert count(target, "kept_moved") == kept.rows - len(kept.deleted)


@pytest.mark.parametrize("parallel", [1, 3])
def test_backup_collection_parallelism_describes_that_many_collections_at_once(
        service_config: Config, milvus: MilvusClient, tmp_path: Path,
        unique: Callable[[str], str], caplog: pytest.LogCaptureFixture, parallel: int) -> None:
    sources = [create_sample_collection(milvus, unique(f"par{parallel}"), rows=100)
               for _ in range(3)]
    service = _service_with(service_config, **{
        "backup.parallelism.backupCollection": str(parallel),
        "minio.backupRootPath": str(tmp_path / "backups")})
    try:
        with caplog.at_level("DEBUG", logger="milvus_backup_grpc.engine.backup"):
            info = service.create_backup(model.CreateBackupInput(
                name=unique("parallel"), selection={"default": [s.name for s in sources]}))
    finally:
        service.close()
    assert sorted(c.collection_name for c in info.collection_backups) == sorted(
        s.name for s in sources)
    assert all(c.size > 0 for c in info.collection_backups)
    describing = {r.threadName for r in caplog.records if "describing" in r.getMessage()}
    # A pool of `parallel` threads takes the three collections at once (each describe waits
    # on Milvus, so the pool starts a new thread for every one while it may).
    assert len(describing) == parallel, describing
    # The backup's last log line says where its time went, phase by phase.
    [done] = [r.getMessage() for r in caplog.records if "time by phase" in r.getMessage()]
    spent = done.split("time by phase: ")[1]
    kinds = [part.rsplit(" ", 2)[0] for part in spent.split(", ")]
    assert kinds[:2] == ["checking", "preparing"] and "copying" in kinds, done
    assert kinds.index("reading") < kinds.index("copying") < kinds.index("writing"), done


@pytest.mark.parametrize("staged", [False, True], ids=["in-place", "staged"])
def test_a_partition_of_several_segments_is_one_import_job_on_milvus_before_2_4(
        service_config: Config, milvus: MilvusClient, unique: Callable[[str], str],
        caplog: pytest.LogCaptureFixture, staged: bool) -> None:
    name = unique("segs")
    schema = milvus.create_schema(auto_id=False)
    schema.add_field("id", DataType.INT64, is_primary=True)
    schema.add_field("vec", DataType.FLOAT_VECTOR, dim=4)
    index = milvus.prepare_index_params()
    index.add_index("vec", index_type="FLAT", metric_type="L2")
    milvus.create_collection(name, schema=schema, index_params=index, consistency_level="Strong")
    for segment in range(3):  # three sealed segments of the _default partition
        milvus.insert(name, [{"id": segment * 100 + i, "vec": [float(i), 0.0, 1.0, 2.0]}
                             for i in range(100)])
        milvus.flush(name)
    deleted = [5, 105, 250]  # deletes of flushed rows, in every segment
    milvus.delete(name, ids=deleted)
    milvus.flush(name)
    # Below the segment count: Milvus 2.3 caps no import's segments, so the setting (a cap of
    # 2.4+'s packed jobs) does not split the partition's directory.
    service = _service_with(service_config, **{"minio.crossStorage": str(staged),
                                               "backup.maxSegmentsPerImportJob": "2"})
    try:
        backup = unique("segs")
        info = service.create_backup(model.CreateBackupInput(name=backup,
                                                             selection={"default": [name]}))
        segments = [s for p in info.collection_backups[0].partition_backups
                    for s in p.segment_backups]
        assert len({s.group_id for s in segments}) == 3
        with caplog.at_level("INFO", logger="milvus_backup_grpc.engine.restore"):
            task = service.restore_backup(model.RestoreInput(
                backup_name=backup, suffix="_whole", restore_index=True))
        assert task.state_code == model.RESTORE_SUCCESS, task.errorMessage
    finally:
        service.close()
    [jobs] = [r.getMessage() for r in caplog.records if "imported in" in r.getMessage()]
    assert ": 3 segments (300 rows before deletes) imported in 1 import jobs" in jobs, jobs
    restored = name + "_whole"
    milvus.load_collection(restored)
    ids = [row["id"] for row in milvus.query(restored, filter="id >= 0", output_fields=["id"],
                                             limit=1000)]
    assert sorted(ids) == sorted(set(range(300)) - set(deleted))  # every row once, deletes gone
