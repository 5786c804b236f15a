"""RBAC: users' roles, roles and grants are backed up and merged back without extras."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pymilvus import MilvusClient

from milvus_backup_grpc import model
from milvus_backup_grpc.config import load_config
from milvus_backup_grpc.engine.service import BackupService
from milvus_backup_grpc.testing.embedded import EmbeddedMilvus
from milvus_backup_grpc.testing.sample import create_sample_collection
from tests.integration.service_tools import database_client

ROOT_PASSWORD = "Milvus"


@pytest.fixture(scope="module")
def auth_milvus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedMilvus]:
    with EmbeddedMilvus(tmp_path_factory.mktemp("milvus_auth"),
                        config={"authorization_enabled": True}) as server:
        yield server


@pytest.fixture(scope="module")
def client(auth_milvus: EmbeddedMilvus) -> Iterator[MilvusClient]:
    c = MilvusClient(uri=f"http://{auth_milvus.address}", user="root", password=ROOT_PASSWORD)
    try:
        yield c
    finally:
        c.close()


@pytest.fixture(scope="module")
def service(auth_milvus: EmbeddedMilvus, tmp_path_factory: pytest.TempPathFactory
            ) -> Iterator[BackupService]:
    root: Path = tmp_path_factory.mktemp("rbac_backups")
    config = load_config(None, env={}, overrides={
        "milvus.address": auth_milvus.host, "milvus.port": str(auth_milvus.port),
        "milvus.user": "root", "milvus.password": ROOT_PASSWORD,
        "minio.storageType": "local", "minio.rootPath": str(auth_milvus.local_storage_path),
        "minio.backupRootPath": str(root), "backup.importPollSeconds": "0.5"})
    svc = BackupService(config)
    try:
        yield svc
    finally:
        svc.close()


def grants_of(client: MilvusClient, milvus: EmbeddedMilvus,
              role: str) -> set[tuple[str, str, str, str]]:
    found = set()
    for db in client.list_databases():
        with database_client(f"http://{milvus.address}", db, user="root",
                             password=ROOT_PASSWORD) as in_db:
            for g in in_db.describe_role(role).get("privileges", []):
                found.add((g["object_type"], g["object_name"], g["privilege"], g["db_name"]))
    return found


def test_rbac_round_trip_adds_only_what_was_there(client: MilvusClient, service: BackupService,
                                                  auth_milvus: EmbeddedMilvus) -> None:
    create_sample_collection(client, "rbac_data", rows=200)
    client.create_user("analyst", "analyst-pass-1")
    client.create_user("bystander", "bystander-pass-1")
    client.create_role("reader")
    client.grant_role("analyst", "reader")
    client.grant_privilege("reader", "Collection", "Query", "rbac_data")
    client.grant_privilege("reader", "Collection", "Search", "rbac_data")
    client.create_database("rbac_db")
    # Scoped to another database: it must come back in that database, not in default.
    client.grant_privilege("reader", "Collection", "Insert", "*", db_name="rbac_db")
    expected_grants = grants_of(client, auth_milvus, "reader")
    assert len(expected_grants) == 3
    assert ("Collection", "*", "Insert", "rbac_db") in expected_grants

    info = service.create_backup(model.CreateBackupInput(
        name="with_rbac", selection={"default": ["rbac_data"]}, rbac=True))
    rbac = info.rbac_meta
    assert "reader" in [r.name for r in rbac.roles]
    assert {u.user: [r.name for r in u.roles] for u in rbac.users}["analyst"] == ["reader"]
    assert {(g.role.name, g.object_name, g.grantor.privilege.name) for g in rbac.grants} >= {
        ("reader", "rbac_data", "Query"), ("reader", "rbac_data", "Search")}

    for _, name, privilege, db in expected_grants:
        client.revoke_privilege("reader", "Collection", privilege, name, db_name=db)
    client.revoke_role("analyst", "reader")
    client.drop_role("reader")
    assert "reader" not in client.list_roles()

    for attempt in range(2):  # a second restore must neither fail nor duplicate anything
        task = service.restore_backup(model.RestoreInput(
            backup_name="with_rbac", suffix=f"_r{attempt}", rbac=True))
        assert task.state_code == model.RESTORE_SUCCESS, task.errorMessage
        assert "reader" in client.list_roles()
        assert grants_of(client, auth_milvus, "reader") == expected_grants
        assert client.describe_user("analyst")["roles"] == ("reader",)
        assert client.describe_user("bystander")["roles"] == ()
