"""The snapshot format on Milvus 3.0 (a milvusdb/milvus image of the 3.0 line), where Docker
runs. Skipped without a Docker engine, as the rest of tests/docker.

Milvus exports snapshot bundles into object storage, so this case runs Milvus on MinIO (a
container on a network of their own) and keeps the backups in the same bucket: the URI
Milvus is given is then ``s3://a-bucket/...`` and no credential travels. A backup without a
format is taken in the snapshot format, restored under a new name, and compared row by row.
``MILVUS3_DOCKER_IMAGE`` chooses the image (default: ``master-latest``, the 3.0 line, as
upstream tests it until a v3.0 tag exists).
"""

from __future__ import annotations

import os
import random
from collections.abc import Iterator

import pytest
from pymilvus import DataType, MilvusClient

from milvus_backup_grpc import model
from milvus_backup_grpc.config import load_config
from milvus_backup_grpc.engine.service import BackupService
from milvus_backup_grpc.testing.compare import compare_collections
from tests.fixtures.docker_milvus import DockerMilvus, DockerMinio, docker_available

pytestmark = pytest.mark.slow

_REASON = docker_available()
if _REASON:
    pytest.skip(_REASON, allow_module_level=True)

IMAGE = os.environ.get("MILVUS3_DOCKER_IMAGE", "milvusdb/milvus:master-latest")
ROWS = 600


@pytest.fixture(scope="module")
def milvus3(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DockerMilvus]:
    with DockerMinio() as minio, DockerMilvus(
        IMAGE, tmp_path_factory.mktemp("milvus3"), minio=minio
    ) as server:
        yield server


@pytest.fixture(scope="module")
def service(milvus3: DockerMilvus) -> Iterator[BackupService]:
    minio = milvus3.minio
    assert minio is not None
    config = load_config(None, env={}, overrides={
        "milvus.address": milvus3.host,
        "milvus.port": str(milvus3.port),
        "minio.storageType": "minio",
        "minio.address": minio.host,
        "minio.port": str(minio.port),
        "minio.accessKeyID": DockerMinio.USER,
        "minio.secretAccessKey": DockerMinio.PASSWORD,
        "minio.bucketName": "a-bucket",
        "minio.rootPath": "files",
        "minio.backupBucketName": "a-bucket",
        "minio.backupRootPath": "backups",
        "backup.importPollSeconds": "1",
    })
    running = BackupService(config)
    yield running
    running.close()


def test_a_3_0_backup_is_a_snapshot_and_restores_row_by_row(
    milvus3: DockerMilvus, service: BackupService,
) -> None:
    client = MilvusClient(uri=f"http://{milvus3.address}")
    rng = random.Random(7)
    name = "v30_snapshot"
    schema = client.create_schema(auto_id=False, enable_dynamic_field=True)
    schema.add_field("id", DataType.INT64, is_primary=True)
    schema.add_field("vec", DataType.FLOAT_VECTOR, dim=8)
    schema.add_field("title", DataType.VARCHAR, max_length=64)
    client.create_collection(name, schema=schema, consistency_level="Strong")
    client.insert(name, [{"id": i, "vec": [rng.uniform(-1, 1) for _ in range(8)],
                          "title": f"t{i}", "extra": i % 5} for i in range(ROWS)])
    client.delete(name, filter="id < 30")
    index = client.prepare_index_params()
    index.add_index("vec", index_type="HNSW", metric_type="L2", params={"M": 8})
    client.create_index(name, index)
    client.create_alias(name, "v30_live")

    info = service.create_backup(model.CreateBackupInput(
        name="bk_v30", selection={"default": [name]}))  # no format: snapshot on 3.0
    assert info.state_code == model.BACKUP_SUCCESS
    assert info.format == "snapshot"
    coll = info.collection_backups[0]
    assert coll.snapshot_backup.metadata_path.startswith("bundle/")
    assert coll.snapshot_backup.total_files > 0

    restored = service.restore_backup(model.RestoreInput(backup_name="bk_v30", suffix="_r"))
    assert restored.state_code == model.RESTORE_SUCCESS, restored.errorMessage
    client.load_collection(name)
    client.load_collection(name + "_r")
    result = compare_collections(client, name, name + "_r")
    assert result.equal, result.differences
    assert result.rows == ROWS - 30
    assert "v30_live_r" in client.list_aliases(name + "_r")["aliases"]
    client.close()
