"""Back up on Milvus 2.2.16, restore on 2.3.5: the two embedded versions side by side."""

from __future__ import annotations

import random
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
from milvus_backup_grpc.testing.compare import compare_collections, read_rows
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


def _fill_2_2_types(client: MilvusClient, name: str) -> set[int]:
    """Every field type Milvus 2.2.16 holds, a dynamic field, partitions, deletes, an index."""
    rng = random.Random(5)
    schema = client.create_schema(auto_id=False, enable_dynamic_field=True, description="down")
    schema.add_field("id", DataType.INT64, is_primary=True)
    schema.add_field("vec", DataType.FLOAT_VECTOR, dim=8)
    schema.add_field("b", DataType.BOOL)
    schema.add_field("i8", DataType.INT8)
    schema.add_field("i16", DataType.INT16)
    schema.add_field("i32", DataType.INT32)
    schema.add_field("f", DataType.FLOAT)
    schema.add_field("d", DataType.DOUBLE)
    schema.add_field("s", DataType.VARCHAR, max_length=32, description="a string")
    schema.add_field("j", DataType.JSON)
    client.create_collection(name, schema=schema, consistency_level="Strong")
    client.create_partition(name, "older")
    for p_index, part in enumerate(("_default", "older")):
        client.insert(name, [
            {"id": i, "vec": [rng.uniform(-1, 1) for _ in range(8)], "b": i % 2 == 0,
             "i8": i % 100, "i16": -i, "i32": i * 99, "f": i / 3, "d": -i / 7, "s": f"v{i}",
             "j": {"i": i, "l": [i, "x"]}, "dyn": i % 3}
            for i in range(p_index * 150, p_index * 150 + 150)], partition_name=part)
    deleted = {4, 151, 299}
    client.delete(name, ids=sorted(deleted))
    index = client.prepare_index_params()
    index.add_index("vec", index_type="IVF_FLAT", metric_type="L2", params={"nlist": 8})
    client.create_index(name, index)
    client.load_collection(name)
    return deleted


def _old_service(old_milvus: EmbeddedMilvus, backup_root: Path) -> BackupService:
    return BackupService(load_config(None, env={}, overrides={
        "milvus.address": old_milvus.host, "milvus.port": str(old_milvus.port),
        "minio.storageType": "local", "minio.rootPath": str(old_milvus.local_storage_path),
        "minio.backupRootPath": str(backup_root)}))


def _top10(client: MilvusClient, name: str) -> list[Any]:
    query = [0.3, -0.1, 0.5, 0.2, -0.7, 0.0, 0.4, -0.3]
    hits = client.search(name, data=[query], limit=10, anns_field="vec",
                         search_params={"metric_type": "L2", "params": {"nprobe": 8}})[0]
    return [hit["id"] for hit in hits]


def test_a_logical_backup_of_2_3_restores_into_the_older_2_2(
        old_milvus: EmbeddedMilvus, backup_root: Path, stub: Any, milvus: MilvusClient,
        unique: Callable[[str], str]) -> None:
    name = unique("down")
    deleted = _fill_2_2_types(milvus, name)
    backup = unique("logical_down")
    created = stub.CreateBackup(pb.CreateBackupRequest(
        backup_name=backup, collection_names=[name], format="logical"))
    assert created.code == pb.Success, created.msg
    old_service = _old_service(old_milvus, backup_root)
    old_client = MilvusClient(uri=f"http://{old_milvus.address}")
    try:
        restored = old_service.restore_backup(model.RestoreInput(
            backup_name=backup, restore_index=True))
        assert restored.state_code == model.RESTORE_SUCCESS, restored.errorMessage
        old_client.load_collection(name)
        result = compare_collections(milvus, name, name, actual_client=old_client)
        assert result.equal, result.differences
        assert result.rows == 300 - len(deleted)
        assert not set(read_rows(old_client, name)) & deleted
        assert old_client.list_indexes(name) == ["vec"]
        assert _top10(old_client, name) == _top10(milvus, name)
    finally:
        old_service.close()
        old_client.close()


def test_a_logical_restore_into_2_2_refuses_an_array_before_creating_anything(
        old_milvus: EmbeddedMilvus, backup_root: Path, stub: Any, milvus: MilvusClient,
        unique: Callable[[str], str]) -> None:
    name = unique("arr_logical")
    schema = milvus.create_schema(auto_id=False, enable_dynamic_field=True)
    schema.add_field("id", DataType.INT64, is_primary=True)
    schema.add_field("vec", DataType.FLOAT_VECTOR, dim=4)
    schema.add_field("tags", DataType.ARRAY, element_type=DataType.VARCHAR, max_capacity=4,
                     max_length=8)
    milvus.create_collection(name, schema=schema)
    milvus.insert(name, [{"id": i, "vec": [0.2] * 4, "tags": ["t"]} for i in range(10)])
    # Not loaded and without an index, the rows cannot be read: refused, nothing written.
    refused_backup = stub.CreateBackup(pb.CreateBackupRequest(
        backup_name=unique("unreadable"), collection_names=[name], format="logical"))
    assert refused_backup.code == pb.Parameter_Error
    assert "have no index, so Milvus cannot load it" in refused_backup.msg
    index = milvus.prepare_index_params()
    index.add_index("vec", index_type="FLAT", metric_type="L2")
    milvus.create_index(name, index)
    backup = unique("logical_arr")
    created = stub.CreateBackup(pb.CreateBackupRequest(
        backup_name=backup, collection_names=[name], format="logical"))
    assert created.code == pb.Success, created.msg
    old_service = _old_service(old_milvus, backup_root)
    old_client = MilvusClient(uri=f"http://{old_milvus.address}")
    try:
        with pytest.raises(UnsupportedBackupError) as refused:
            old_service.restore_backup(model.RestoreInput(backup_name=backup))
        assert f"default.{name}: field 'tags' is Array, which Milvus has only since 2.3.0" \
            in str(refused.value)
        assert not old_client.has_collection(name)
    finally:
        old_service.close()
        old_client.close()
