"""Back up on Milvus 2.2.16, restore on 2.3.5: the two embedded versions side by side."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pymilvus import DataType, MilvusClient

from milvus_backup_grpc import model
from milvus_backup_grpc.config import load_config
from milvus_backup_grpc.engine.restore import UnsupportedBackupError
from milvus_backup_grpc.engine.service import BackupService
from milvus_backup_grpc.pb import backup_pb2 as pb
from milvus_backup_grpc.testing.compare import compare_collections
from milvus_backup_grpc.testing.embedded import EmbeddedMilvus
from milvus_backup_grpc.testing.sample import create_sample_collection

pytestmark = pytest.mark.slow

OLD_VERSION = "2.2.16"
# Installed by the tests themselves, beside (not into) the venv's milvus 2.3.5.
PACKAGE_DIR = Path(__file__).resolve().parents[2] / ".test-data" / f"milvus-{OLD_VERSION}"


def _install_old_milvus() -> Path:
    if not (PACKAGE_DIR / "milvus" / "__init__.py").is_file():
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target",
                        str(PACKAGE_DIR), f"milvus=={OLD_VERSION}"], check=True, timeout=600)
    return PACKAGE_DIR


@pytest.fixture(scope="module")
def old_milvus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedMilvus]:
    package = _install_old_milvus()
    with EmbeddedMilvus(tmp_path_factory.mktemp("milvus_old"), package_dir=package) as server:
        yield server


def test_backup_on_2_2_restores_on_2_3_with_every_row(
        old_milvus: EmbeddedMilvus, backup_root: Path, stub: Any, milvus: MilvusClient,
        unique: Callable[[str], str]) -> None:
    assert old_milvus.version.startswith("v2.2.16")
    old_client = MilvusClient(uri=f"http://{old_milvus.address}")
    source = create_sample_collection(old_client, unique("from22"), rows=1200)
    old_client.load_collection(source.name)
    config = load_config(None, env={}, overrides={
        "milvus.address": old_milvus.host, "milvus.port": str(old_milvus.port),
        "minio.storageType": "local", "minio.rootPath": str(old_milvus.local_storage_path),
        "minio.backupRootPath": str(backup_root), "backup.importPollSeconds": "0.5"})
    old_service = BackupService(config)
    name = unique("v22")
    info = old_service.create_backup(model.CreateBackupInput(
        name=name, selection={"default": [source.name]}))
    old_service.close()
    assert info.milvus_version.startswith("v2.2.16")

    # The 2.3.5 service reads the same backup root: restore there through gRPC.
    restored = stub.RestoreBackup(pb.RestoreBackupRequest(backup_name=name, restoreIndex=True))
    assert restored.code == pb.Success, restored.msg
    milvus.load_collection(source.name)
    result = compare_collections(old_client, source.name, source.name, actual_client=milvus)
    assert result.equal, result.differences
    assert result.rows == source.rows - len(source.deleted)
    old_client.close()


def test_restore_into_an_older_milvus_refuses_what_it_cannot_hold_before_creating_anything(
        old_milvus: EmbeddedMilvus, backup_root: Path, stub: Any, milvus: MilvusClient,
        unique: Callable[[str], str]) -> None:
    name = unique("arr23")
    schema = milvus.create_schema(auto_id=False)
    schema.add_field("id", DataType.INT64, is_primary=True)
    schema.add_field("vec", DataType.FLOAT_VECTOR, dim=4)
    schema.add_field("tags", DataType.ARRAY, element_type=DataType.INT64, max_capacity=8)
    milvus.create_collection(name, schema=schema)
    milvus.insert(name, [{"id": i, "vec": [0.1] * 4, "tags": [i]} for i in range(20)])
    backup = unique("v23")
    created = stub.CreateBackup(pb.CreateBackupRequest(backup_name=backup, collection_names=[name]))
    assert created.code == pb.Success, created.msg

    config = load_config(None, env={}, overrides={
        "milvus.address": old_milvus.host, "milvus.port": str(old_milvus.port),
        "minio.storageType": "local", "minio.rootPath": str(old_milvus.local_storage_path),
        "minio.backupRootPath": str(backup_root)})
    old_service = BackupService(config)
    old_client = MilvusClient(uri=f"http://{old_milvus.address}")
    try:
        with pytest.raises(UnsupportedBackupError) as refused:
            old_service.restore_backup(model.RestoreInput(backup_name=backup))
        message = str(refused.value)
        assert "Milvus 2.2.16 cannot hold" in message and "nothing was restored" in message
        assert f"default.{name}: field 'tags' is Array, which Milvus has only since 2.3.0" \
            in message
        assert not old_client.has_collection(name)
    finally:
        old_service.close()
        old_client.close()
