"""What is particular to the Azure Blob backend: endpoints, settings, and errors a user meets.

The behaviour every backend shares is in ``test_conformance.py``; these tests run against the
session's Azurite where they need a server.
"""

from __future__ import annotations

import io
import os
from typing import Any

import pytest
from azure.core.credentials import AzureNamedKeyCredential
from azure.storage.blob import ContainerClient, ExponentialRetry

from milvus_backup_grpc.config import StorageConfig, load_config
from milvus_backup_grpc.errors import ConfigError, StorageError
from milvus_backup_grpc.storage.azure import AzureStorage, account_url
from milvus_backup_grpc.storage.base import ObjectNotFound, PreconditionFailed
from milvus_backup_grpc.storage.factory import open_storage
from milvus_backup_grpc.storage.transfer import CopyItem, copy_object
from milvus_backup_grpc.testing.embedded import find_free_port
from tests.fixtures.azurite import ACCOUNT_KEY, OTHER_ACCOUNT, OTHER_KEY, ExternalAzurite
from tests.storage.conftest import SMALL_PART, MiB, sized, storage_config


def config(**changes: Any) -> StorageConfig:
    values: dict[str, Any] = {
        "storage_type": "azure",
        "address": "",
        "port": 443,
        "access_key_id": "myaccount",
        "secret_access_key": ACCOUNT_KEY,
        "use_ssl": True,
        "bucket_name": "backups",
        "root_path": "",
        **changes,
    }
    return storage_config(**values)


@pytest.mark.parametrize(
    ("address", "port", "use_ssl", "expected"),
    [
        ("", 9000, False, "https://myaccount.blob.core.windows.net"),
        ("core.windows.net", 443, False, "https://myaccount.blob.core.windows.net"),  # upstream's
        ("core.chinacloudapi.cn", 443, True, "https://myaccount.blob.core.chinacloudapi.cn"),
        ("blob.core.windows.net", 443, True, "https://myaccount.blob.core.windows.net"),
        (
            "myaccount.blob.core.windows.net",
            8443,
            True,
            "https://myaccount.blob.core.windows.net:8443",
        ),
        ("127.0.0.1", 10000, False, "http://127.0.0.1:10000/myaccount"),  # Azurite
        ("localhost", 10000, True, "https://localhost:10000/myaccount"),
        ("azurite", 10000, False, "http://azurite:10000/myaccount"),  # a compose service name
        ("http://127.0.0.1", 10000, False, "http://127.0.0.1:10000/myaccount"),
    ],
)
def test_account_url_follows_the_address(
    address: str, port: int, use_ssl: bool, expected: str
) -> None:
    assert account_url(config(address=address, port=port, use_ssl=use_ssl)) == expected


def test_factory_opens_azure_from_upstream_style_settings() -> None:
    loaded = load_config(
        None,
        env={},
        overrides={
            "minio.backupStorageType": "azure",
            "minio.backupAddress": "core.windows.net",
            "minio.backupPort": "443",
            "minio.backupAccessKeyID": "myaccount",
            "minio.backupSecretAccessKey": ACCOUNT_KEY,
            "minio.backupBucketName": "milvus-backups",
        },
    )
    opened = open_storage(loaded.backup_storage)

    assert isinstance(opened, AzureStorage)
    assert opened.description == "azure://milvus-backups@https://myaccount.blob.core.windows.net"
    assert opened.milvus_path("backup/x/meta/full_meta.json") == "backup/x/meta/full_meta.json"


@pytest.mark.parametrize(
    ("changes", "names"),
    [
        ({"access_key_id": ""}, "minio.accessKeyID"),
        ({"secret_access_key": "not a base64 key!"}, "minio.secretAccessKey"),
        ({"secret_access_key": ""}, "minio.secretAccessKey"),
        ({"bucket_name": "Backups_2024"}, "minio.bucketName"),
        ({"bucket_name": "ab"}, "minio.bucketName"),
        ({"use_iam": True}, "minio.useIAM"),
    ],
)
def test_unusable_settings_are_config_errors_that_name_the_key(
    changes: dict[str, Any], names: str
) -> None:
    with pytest.raises(ConfigError, match=names):
        AzureStorage(config(**changes))


def test_a_missing_container_names_the_bucket_settings(azurite: ExternalAzurite) -> None:
    store = AzureStorage(azurite.storage_config("no-such-container"))
    attempts = [
        lambda: store.stat("k"),
        lambda: store.read_bytes("k"),
        lambda: store.open_read("k"),
        lambda: store.write_bytes("k", b"1"),
        lambda: store.write_stream("k", io.BytesIO(b"1"), 1),
        lambda: list(store.list_objects("")),
        lambda: store.list_dirs(""),
        lambda: store.delete("k"),
    ]
    for attempt in attempts:
        with pytest.raises(StorageError) as caught:
            attempt()
        assert not isinstance(caught.value, ObjectNotFound)
        message = str(caught.value)
        assert "container 'no-such-container' does not exist" in message
        assert "minio.bucketName" in message and "minio.backupBucketName" in message


def test_a_wrong_key_names_the_account_key_settings(azurite: ExternalAzurite) -> None:
    container = azurite.new_container("auth")
    store = AzureStorage(
        azurite.storage_config(container, secret_access_key=OTHER_KEY), max_attempts=1
    )

    for attempt in (lambda: store.stat("k"), lambda: store.write_bytes("k", b"1")):
        with pytest.raises(StorageError, match="refused") as caught:
            attempt()
        assert "minio.secretAccessKey" in str(caught.value)
        assert "minio.backupSecretAccessKey" in str(caught.value)
    assert azurite.blob_names(container) == []


def test_an_unreachable_endpoint_names_the_address_settings(azurite: ExternalAzurite) -> None:
    (port,) = find_free_port(1)  # nothing listens there
    store = AzureStorage(azurite.storage_config("anything", port=port), max_attempts=1)

    with pytest.raises(StorageError, match="cannot reach") as caught:
        store.stat("k")
    assert f"127.0.0.1:{port}" in str(caught.value)
    assert "minio.backupAddress" in str(caught.value)


def test_streamed_writes_are_committed_blocks_of_the_part_size(azurite: ExternalAzurite) -> None:
    container = azurite.new_container("blocks")
    store = AzureStorage(azurite.storage_config(container), upload_part_size=SMALL_PART)
    data = os.urandom(2 * SMALL_PART + MiB + 123)

    store.write_stream("big", io.BytesIO(data), len(data))

    blob = azurite.client().get_container_client(container).get_blob_client("big")
    committed, uncommitted = blob.get_block_list("all")
    assert [b.size for b in committed] == [SMALL_PART, SMALL_PART, MiB + 123]
    assert uncommitted == []
    assert store.read_bytes("big") == data


def test_server_side_copy_is_a_copy_blob_within_the_account(azurite: ExternalAzurite) -> None:
    src = AzureStorage(azurite.storage_config(azurite.new_container("src")))
    dst = AzureStorage(azurite.storage_config(azurite.new_container("dst")))
    src.write_bytes("seg/1", b"0123456789")

    assert dst.copy_from(src, "seg/1", "copy/1") is not None

    properties = dst.container.get_blob_client("copy/1").get_blob_properties()
    assert properties.copy.status == "success"  # the service copied it, not this process
    assert properties.copy.source is not None and "/seg/1" in properties.copy.source
    assert dst.read_bytes("copy/1") == b"0123456789"
    assert not dst.same_store(src)  # another container: Milvus would not see the objects


def test_another_account_on_the_same_endpoint_streams(azurite: ExternalAzurite) -> None:
    if OTHER_ACCOUNT not in azurite.accounts:
        pytest.skip("--azurite-endpoint serves one known account")
    mine = AzureStorage(azurite.storage_config(azurite.new_container("mine")))
    theirs_container = azurite.new_container("theirs", account=OTHER_ACCOUNT)
    theirs = AzureStorage(azurite.storage_config(theirs_container, account=OTHER_ACCOUNT))
    mine.write_bytes("seg/1", b"payload")

    assert not theirs.same_store(mine)
    assert theirs.copy_from(mine, "seg/1", "seg/1") is None
    copy_object(mine, theirs, CopyItem("seg/1", "seg/1", 7))

    assert sized(theirs.stat("seg/1")) == ("seg/1", 7)
    assert azurite.blob_names(theirs_container, account=OTHER_ACCOUNT) == ["seg/1"]
    copied = theirs.container.get_blob_client("seg/1").get_blob_properties()
    assert copied.copy.status is None  # written by this process, not by Copy Blob


def test_an_account_the_endpoint_does_not_hold_names_the_account(
    azurite: ExternalAzurite,
) -> None:
    store = AzureStorage(
        azurite.storage_config("anything", access_key_id="nosuchaccount"), max_attempts=1
    )

    with pytest.raises(StorageError, match="minio.accessKeyID"):
        list(store.list_objects(""))


def test_a_conditional_write_refused_on_a_retry_says_it_may_have_landed(
    azurite: ExternalAzurite,
) -> None:
    store = AzureStorage(azurite.storage_config(azurite.new_container("claims")))
    created = store.create_exclusive("claim", b"owner A")
    with pytest.raises(PreconditionFailed) as first_try:
        store.create_exclusive("claim", b"owner B")
    assert not first_try.value.retried
    lose = [True]

    def lose_the_first_answer(response: Any) -> None:
        # The first PUT lands, but the client sends it again as if the store had failed.
        if response.http_request.method == "PUT" and lose:
            lose.clear()
            response.http_response.status_code = 500

    store.container = ContainerClient(
        store.account_url,
        store.container_name,
        credential=AzureNamedKeyCredential(store.account, ACCOUNT_KEY),
        retry_policy=ExponentialRetry(initial_backoff=0, increment_base=1, random_jitter_range=0),
        raw_response_hook=lose_the_first_answer,
    )

    with pytest.raises(PreconditionFailed, match="claim") as refused:
        store.replace_if("claim", b"owner A, renewed", created)

    assert not lose  # the first answer was turned into a failure, and the request repeated
    assert refused.value.retried  # the repeat met the first attempt's result ...
    assert store.read_bytes("claim") == b"owner A, renewed"  # ... which a read-back shows
