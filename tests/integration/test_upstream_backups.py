"""Backups in upstream's shapes restore, and ours keep upstream's JSON shape on disk."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pymilvus import MilvusClient

from milvus_backup_grpc.layout.paths import BackupLayout
from milvus_backup_grpc.pb import backup_pb2 as pb
from milvus_backup_grpc.storage.local import LocalStorage
from milvus_backup_grpc.testing.compare import compare_collections
from milvus_backup_grpc.testing.sample import create_sample_collection
from tests.fixtures.upstream_shapes import as_legacy_levels_only, as_v04x, as_v05x

Stub = Any


@pytest.fixture(scope="module")
def source(milvus: MilvusClient) -> Any:
    return create_sample_collection(milvus, "upstream_shape_source", rows=900)


def test_backup_files_use_upstream_json_shape(stub: Stub, source: Any, backup_root: Path,
                                              unique: Callable[[str], str]) -> None:
    name = unique("shape")
    assert stub.CreateBackup(pb.CreateBackupRequest(
        backup_name=name, collection_names=[source.name])).code == pb.Success
    meta = backup_root / name / "meta"
    assert sorted(p.name for p in meta.iterdir()) == [
        "backup_meta.json", "collection_meta.json", "full_meta.json", "manifest.json",
        "partition_meta.json", "segment_meta.json"]
    full = json.loads((meta / "full_meta.json").read_text())
    assert full["name"] == name and isinstance(full["size"], int) and full["size"] > 0
    coll = full["collection_backups"][0]
    assert coll["collection_name"] == source.name
    assert "consistency_level" not in coll  # Strong is 0, and zero values are omitted
    assert isinstance(coll["shards_num"], int) and coll["load_state"] in ("NotLoad", "Loaded")
    assert "has_index" in coll and "size" in coll
    fields = {f["name"]: f for f in coll["schema"]["fields"]}
    assert fields["id"]["is_primary_key"] is True and fields["id"]["data_type"] == 5
    assert fields["vec"]["data_type"] == 101 and "fieldID" in fields["vec"]
    seg = coll["partition_backups"][0]["segment_backups"][0]
    assert seg["group_id"] == seg["segment_id"]
    binlog = seg["binlogs"][0]["binlogs"][0]
    assert {"log_path", "log_size", "log_id"} <= set(binlog)
    assert (backup_root / name / "binlogs" / "insert_log" / str(coll["collection_id"])).is_dir()
    levels = json.loads((meta / "collection_meta.json").read_text())["infos"][0]
    assert all("segment_backups" not in p for p in levels["partition_backups"])


@pytest.mark.parametrize("rewrite", [as_v04x, as_v05x], ids=["v0.4.x", "v0.5.x"])
@pytest.mark.parametrize("levels_only", [False, True], ids=["full_meta", "level_files"])
def test_upstream_shaped_backup_restores(stub: Stub, milvus: MilvusClient, source: Any,
                                         backup_root: Path, unique: Callable[[str], str],
                                         rewrite: Any, levels_only: bool) -> None:
    name = unique("upstream")
    assert stub.CreateBackup(pb.CreateBackupRequest(
        backup_name=name, collection_names=[source.name])).code == pb.Success
    storage, layout = LocalStorage("/"), BackupLayout(str(backup_root), name)
    rewrite(storage, layout)
    if levels_only:
        as_legacy_levels_only(storage, layout)
    assert not (backup_root / name / "backup_task.json").exists()

    listed = stub.ListBackups(pb.ListBackupsRequest())
    assert name in [b.name for b in listed.data]
    target = unique("from_upstream")
    restored = stub.RestoreBackup(pb.RestoreBackupRequest(
        backup_name=name, restoreIndex=True, collection_renames={source.name: target}))
    assert restored.code == pb.Success, restored.msg
    milvus.load_collection(source.name)
    milvus.load_collection(target)
    result = compare_collections(milvus, source.name, target)
    assert result.equal, result.differences
    assert result.rows == source.rows - len(source.deleted)


def test_backup_with_l0_delete_segments_is_refused_before_anything_changes(
        stub: Stub, milvus: MilvusClient, source: Any, backup_root: Path,
        unique: Callable[[str], str]) -> None:
    name = unique("l0")
    assert stub.CreateBackup(pb.CreateBackupRequest(
        backup_name=name, collection_names=[source.name])).code == pb.Success
    full_meta = backup_root / name / "meta" / "full_meta.json"
    tree = json.loads(full_meta.read_text())
    coll = tree["collection_backups"][0]
    coll["l0_segments"] = [{"segment_id": 1, "collection_id": coll["collection_id"],
                            "partition_id": -1, "is_l0": True, "size": 0}]
    full_meta.write_text(json.dumps(tree))
    collections = sorted(milvus.list_collections())
    refused = stub.RestoreBackup(pb.RestoreBackupRequest(backup_name=name,
                                                         collection_suffix="_l0"))
    assert refused.code == pb.Fail
    assert "L0" in refused.msg and "deleted rows" in refused.msg
    assert sorted(milvus.list_collections()) == collections
