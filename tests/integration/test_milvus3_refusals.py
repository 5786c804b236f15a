"""What Milvus 3.0 snapshots and 2.5 privilege groups need, refused clearly by the session's
Milvus 2.3.5, which has neither: before anything is written or created."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pymilvus import MilvusClient

from milvus_backup_grpc.layout import meta, paths
from milvus_backup_grpc.pb import backup_pb2 as pb
from milvus_backup_grpc.storage.local import LocalStorage
from milvus_backup_grpc.testing.sample import create_sample_collection

Stub = Any


@pytest.fixture(scope="module")
def source(milvus: MilvusClient) -> str:
    name = "m3_refusals"
    if not milvus.has_collection(name):
        create_sample_collection(milvus, name, rows=100)
    return name


def _rewrite(backup_root: Path, name: str, change: Callable[[pb.BackupInfo], None]) -> None:
    """Edit a stored backup's meta, as a backup of another server would have it."""
    store, layout = LocalStorage("."), paths.BackupLayout(str(backup_root), name)
    info = meta.read_backup_meta(store, layout)
    change(info)
    meta.write_backup_meta(store, layout, info)


def test_a_snapshot_backup_of_milvus_2_3_is_refused_before_anything_is_written(
    stub: Stub, source: str, backup_root: Path,
) -> None:
    answer = stub.CreateBackup(pb.CreateBackupRequest(
        backup_name="m3_snapshot", collection_names=[source], format="snapshot"))
    assert answer.code == pb.Parameter_Error
    assert "needs Milvus 3.0 or newer" in answer.msg and "2.3.5" in answer.msg
    assert not (backup_root / "m3_snapshot").exists()
    # Without a format, 2.3.5 gets upstream's physical format, as before.
    plain = stub.CreateBackup(pb.CreateBackupRequest(
        backup_name="m3_plain", collection_names=[source], meta_only=True))
    assert plain.code == pb.Success and plain.data.format == ""


def test_restoring_a_snapshot_backup_into_milvus_2_3_is_refused(
    stub: Stub, milvus: MilvusClient, source: str, backup_root: Path,
) -> None:
    made = stub.CreateBackup(pb.CreateBackupRequest(
        backup_name="m3_as_snapshot", collection_names=[source], meta_only=True))
    assert made.code == pb.Success, made.msg

    def as_snapshot(info: pb.BackupInfo) -> None:
        info.format = "snapshot"
        info.collection_backups[0].snapshot_backup.metadata_path = "bundle/1/metadata/2.json"

    _rewrite(backup_root, "m3_as_snapshot", as_snapshot)
    answer = stub.RestoreBackup(pb.RestoreBackupRequest(
        backup_name="m3_as_snapshot", collection_suffix="_snap"))
    assert answer.code == pb.Parameter_Error
    assert "snapshot format" in answer.msg and "needs Milvus 3.0" in answer.msg
    assert not milvus.has_collection(f"{source}_snap")


def test_privilege_groups_are_not_restored_into_milvus_2_3(
    stub: Stub, milvus: MilvusClient, source: str, backup_root: Path,
) -> None:
    made = stub.CreateBackup(pb.CreateBackupRequest(
        backup_name="m3_groups", collection_names=[source], meta_only=True, rbac=True))
    assert made.code == pb.Success, made.msg
    assert list(made.data.rbac_meta.privilege_groups) == []  # 2.3.5 has none to back up

    def with_groups(info: pb.BackupInfo) -> None:
        info.rbac_meta.privilege_groups.add(
            group_name="readers", privileges=[pb.PrivilegeEntity(name="Query")])

    _rewrite(backup_root, "m3_groups", with_groups)
    answer = stub.RestoreBackup(pb.RestoreBackupRequest(
        backup_name="m3_groups", collection_suffix="_grp", metaOnly=True, rbac=True))
    assert answer.code == pb.Parameter_Error
    assert "privilege groups ['readers']" in answer.msg and "Restore without rbac" in answer.msg
    assert not milvus.has_collection(f"{source}_grp")
    # Without rbac the groups are not asked for, and the restore goes ahead.
    plain = stub.RestoreBackup(pb.RestoreBackupRequest(
        backup_name="m3_groups", collection_suffix="_grp", metaOnly=True))
    assert plain.code == pb.Success, plain.msg
    assert milvus.has_collection(f"{source}_grp")


def test_a_snapshot_backup_of_milvus_lite_is_refused(tmp_path: Path) -> None:
    from milvus_backup_grpc import model
    from milvus_backup_grpc.config import load_config
    from milvus_backup_grpc.engine.service import BackupService
    from milvus_backup_grpc.errors import RequestError

    db_file, root = tmp_path / "lite.db", tmp_path / "backups"
    client = MilvusClient(str(db_file))
    try:
        client.create_collection("docs", dimension=4)
        service = BackupService(load_config(None, env={}, overrides={
            "milvus.uri": str(db_file), "minio.storageType": "local",
            "minio.rootPath": str(tmp_path / "unused"), "minio.backupRootPath": str(root)}))
        try:
            with pytest.raises(RequestError) as caught:
                service.create_backup(model.CreateBackupInput(name="lite_snap", format="snapshot"))
        finally:
            service.close()
    finally:
        client.close()
    # Lite reports 3.2.2, so the read-only ListSnapshots probe is what finds it lacking.
    assert "does not implement them (UNIMPLEMENTED)" in str(caught.value)
    assert not (root / "lite_snap").exists()
