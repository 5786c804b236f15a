"""What only the native GCS backend has: endpoint, credentials, configuration keys, errors.

The behaviour every backend shares (conditional writes, races, copies, listings) is in
test_conformance.py, which runs against fake-gcs-server too.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from google.auth.credentials import AnonymousCredentials
from google.oauth2 import service_account

from milvus_backup_grpc.config import StorageConfig, load_config
from milvus_backup_grpc.errors import ConfigError, StorageError
from milvus_backup_grpc.storage.factory import open_storage
from milvus_backup_grpc.storage.gcs import GCSStorage, gcs_endpoint
from milvus_backup_grpc.storage.transfer import CopyItem, copy_objects
from tests.fixtures.gcs_server import ExternalGcs
from tests.storage.conftest import storage_config


def config(**changes: Any) -> StorageConfig:
    return storage_config(
        **{"storage_type": "gcpnative", "address": "127.0.0.1", "port": 4443, **changes}
    )


@pytest.fixture(scope="module")
def key_json() -> str:
    """A service-account key as Google Cloud writes it (a throwaway RSA key)."""
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    return json.dumps(
        {
            "type": "service_account",
            "project_id": "backup-project",
            "private_key_id": "k1",
            "private_key": pem,
            "client_email": "backup@backup-project.iam.gserviceaccount.com",
            "client_id": "1",
            "token_uri": "https://oauth2.googleapis.com/token",
        }
    )


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"address": ""}, "https://storage.googleapis.com"),
        ({"address": "storage.googleapis.com", "port": 443}, "https://storage.googleapis.com"),
        ({}, "http://127.0.0.1:4443"),
        ({"address": "gcs.internal", "port": 443, "use_ssl": True}, "https://gcs.internal:443"),
    ],
)
def test_endpoint_from_config(changes: dict[str, Any], expected: str) -> None:
    assert gcs_endpoint(config(**changes)) == expected


def test_an_emulator_endpoint_without_a_key_is_anonymous() -> None:
    opened = open_storage(config())
    assert isinstance(opened, GCSStorage)
    assert isinstance(opened.client._credentials, AnonymousCredentials)
    assert opened.description == "gs://b@http://127.0.0.1:4443"


def test_a_service_account_key_file_or_inline_json_signs_the_requests(
    key_json: str, tmp_path: Path
) -> None:
    key_file = tmp_path / "key.json"
    key_file.write_text(key_json)

    for given in (str(key_file), key_json):
        opened = GCSStorage(config(address="", gcp_credential_json=given))
        credentials = opened.client._credentials
        assert isinstance(credentials, service_account.Credentials)
        assert credentials.service_account_email == "backup@backup-project.iam.gserviceaccount.com"
        assert opened.client.project == "backup-project"


@pytest.mark.parametrize("given", ["/nowhere/key.json", '{"type": "service_account"}'])
def test_an_unusable_key_is_a_config_error_naming_the_setting(given: str) -> None:
    with pytest.raises(ConfigError, match="gcpCredentialJSON"):
        GCSStorage(config(gcp_credential_json=given))
    with pytest.raises(ConfigError, match="bucketName"):
        GCSStorage(config(bucket_name=""))


def test_upstreams_v1_keys_select_gcpnative_with_its_key(key_json: str) -> None:
    loaded = load_config(
        None,
        env={"GCP_KEY_JSON": "/keys/milvus.json", "BACKUP_GCP_KEY_JSON": "/keys/backup.json"},
        overrides={"minio.cloudProvider": "gcpnative"},
    )
    assert loaded.milvus_storage.storage_type == loaded.backup_storage.storage_type == "gcpnative"
    assert loaded.milvus_storage.gcp_credential_json == "/keys/milvus.json"
    assert loaded.backup_storage.gcp_credential_json == "/keys/backup.json"
    inherited = load_config(None, env={"GCP_KEY_JSON": key_json}, overrides={})
    assert inherited.backup_storage.gcp_credential_json == key_json
    shown = {key: value for key, value, _ in inherited.describe()}
    assert shown["minio.gcpCredentialJSON"] == shown["minio.backupGcpCredentialJSON"] == "****"


def test_a_v1_file_with_upstreams_cloud_provider(tmp_path: Path) -> None:
    path = tmp_path / "backup.yaml"
    path.write_text("minio:\n  cloudProvider: gcpnative\n  gcpCredentialJSON: /keys/sa.json\n")
    loaded = load_config(path, env={})
    assert loaded.milvus_storage.storage_type == "gcpnative"
    assert loaded.values["minio.storageType"].source == "file (as minio.cloudProvider)"
    path.write_text("minio:\n  cloudProvider: gcpnative\n  storageType: minio\n")
    assert load_config(path, env={}).milvus_storage.storage_type == "minio"  # as upstream


def test_upstreams_v2_service_account_keys(tmp_path: Path) -> None:
    path = tmp_path / "backup.yaml"
    path.write_text(
        "configVersion: v2\n"
        "milvus:\n  storage:\n    provider: gcpnative\n    bucketName: milvus-bucket\n"
        "    auth:\n      type: serviceAccount\n      credentialsFile: /keys/sa.json\n"
    )
    loaded = load_config(path, env={})
    assert loaded.milvus_storage.storage_type == "gcpnative"
    assert loaded.milvus_storage.gcp_credential_json == "/keys/sa.json"
    assert loaded.milvus_storage.use_iam is False
    assert loaded.backup_storage.gcp_credential_json == "/keys/sa.json"


def test_a_missing_bucket_is_named(gcs_server: ExternalGcs) -> None:
    store = GCSStorage(gcs_server.storage_config("no-such-bucket-here"))
    with pytest.raises(StorageError, match="bucket 'no-such-bucket-here' does not exist"):
        store.stat("any/key")
    with pytest.raises(StorageError, match="no-such-bucket-here"):
        store.write_bytes("any/key", b"x")


def test_server_side_copies_are_checked_against_the_listing(gcs_server: ExternalGcs) -> None:
    src = GCSStorage(gcs_server.storage_config(gcs_server.new_bucket("src")))
    dst = GCSStorage(gcs_server.storage_config(gcs_server.new_bucket("dst")))
    items = []
    for i in range(12):
        src.write_bytes(f"binlogs/{i}", bytes([i]) * (100 + i))
        items.append(CopyItem(f"binlogs/{i}", f"bk/binlogs/{i}", 100 + i))

    checksums = copy_objects(src, dst, items, parallelism=4)

    assert {o.key: o.etag for o in dst.list_objects("bk/")} == {
        k: c.value for k, c in checksums.items()
    }
    victim = items[5]

    def replace(_: int) -> None:
        if dst.stat(victim.dst_key) is not None:
            dst.write_bytes(victim.dst_key, b"\xff" * victim.size)

    with pytest.raises(StorageError, match=rf"{victim.dst_key}.*tagged"):
        copy_objects(src, dst, items, parallelism=1, on_copied=replace)
