"""What only the S3 backend has: endpoints, credentials, server-side copy rules, error messages.

Run against moto's server (or ``--s3-endpoint``). A few tests make the real server's answer
look like a misbehaving store's (no ETag, a per-key delete error) with botocore's event hooks:
the request still goes to the server, only the parsed answer is changed.
"""

from __future__ import annotations

import io
import itertools
import os
from collections.abc import Iterator
from typing import Any

import pytest

from milvus_backup_grpc.config import StorageConfig, load_config
from milvus_backup_grpc.errors import ConfigError, StorageError
from milvus_backup_grpc.storage.base import PreconditionFailed
from milvus_backup_grpc.storage.factory import open_storage
from milvus_backup_grpc.storage.local import LocalStorage
from milvus_backup_grpc.storage.s3 import S3Storage, copy_ranges, endpoint_url
from milvus_backup_grpc.storage.transfer import CopyItem, copy_object, copy_objects
from tests.fixtures.s3_server import ExternalS3, MotoServer
from tests.storage.conftest import SMALL_PART, MiB, sized, storage_config


def config(**changes: Any) -> StorageConfig:
    return storage_config(**{"access_key_id": "ak", "secret_access_key": "sk", **changes})


def store(server: ExternalS3, bucket: str, **changes: Any) -> S3Storage:
    changes.setdefault("multipart_copy_threshold_mib", SMALL_PART // MiB)
    return S3Storage(
        server.storage_config(bucket, **changes),
        copy_part_size=SMALL_PART,
        upload_part_size=SMALL_PART,
    )


# -- configuration ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, "http://localhost:9000"),
        ({"use_ssl": True, "address": "minio.example", "port": 443}, "https://minio.example:443"),
        ({"storage_type": "aws", "address": ""}, None),
        ({"storage_type": "s3", "address": "s3.amazonaws.com", "port": 443}, None),
        (
            {
                "storage_type": "aws",
                "address": "s3.eu-west-1.amazonaws.com",
                "port": 443,
                "use_ssl": True,
            },
            "https://s3.eu-west-1.amazonaws.com:443",
        ),
        ({"storage_type": "gcp", "address": ""}, "https://storage.googleapis.com"),
    ],
)
def test_endpoint_from_config(changes: dict[str, Any], expected: str | None) -> None:
    assert endpoint_url(config(**changes)) == expected


def test_an_empty_address_without_a_default_endpoint_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="minio.address"):
        S3Storage(config(address=""))
    with pytest.raises(ConfigError, match="minio.bucketName"):
        S3Storage(config(bucket_name=""))


def test_addressing_style_and_description() -> None:
    minio = S3Storage(config())
    aws = S3Storage(config(storage_type="aws", address="", region="eu-west-1"))
    aliyun = S3Storage(config(storage_type="aliyun", address="oss-cn-hangzhou.aliyuncs.com"))

    assert minio.client.meta.config.s3 == {"addressing_style": "path"}
    assert aws.client.meta.config.s3 == {"addressing_style": "virtual"}
    assert aliyun.client.meta.config.s3 == {"addressing_style": "virtual"}
    assert minio.description == "s3://b@http://localhost:9000"
    assert aws.description == "s3://b@aws:eu-west-1"
    assert aws.client.meta.region_name == "eu-west-1"


@pytest.mark.parametrize("kind", ["minio", "s3", "aws", "gcp", "aliyun", "tencent", "hwc"])
def test_factory_opens_s3_compatible_types_with_s3(kind: str) -> None:
    opened = open_storage(config(storage_type=kind))
    assert isinstance(opened, S3Storage)
    assert isinstance(open_storage(config(storage_type="local")), LocalStorage)


def test_factory_refuses_unknown_types() -> None:
    with pytest.raises(ConfigError, match="storageType 'ftp' is not available.*gcpnative"):
        open_storage(config(storage_type="ftp"))


# Each cloud's S3-compatible endpoint as its vendor documents it for boto3: the bucket in the
# host name (virtual-hosted), the signature the store takes, and the region signed for.
@pytest.mark.parametrize(
    ("kind", "address", "region", "expected"),
    [
        ("aliyun", "s3.oss-cn-hangzhou.aliyuncs.com", "", ("virtual", "s3", "cn-hangzhou")),
        ("ali", "oss-cn-beijing-internal.aliyuncs.com", "", ("virtual", "s3", "cn-beijing")),
        ("tencent", "cos.ap-guangzhou.myqcloud.com", "", ("virtual", "s3v4", "ap-guangzhou")),
        ("tc", "cos.ap-shanghai.myqcloud.com", "ap-beijing", ("virtual", "s3v4", "ap-beijing")),
        ("hwc", "obs.cn-north-4.myhuaweicloud.com", "", ("virtual", "s3v4", "cn-north-4")),
        ("minio", "minio.internal", "", ("path", "s3v4", "us-east-1")),
        ("aws", "", "eu-west-1", ("virtual", "s3v4", "eu-west-1")),
    ],
)
def test_cloud_providers_get_their_addressing_signature_and_region(
    kind: str, address: str, region: str, expected: tuple[str, str, str]
) -> None:
    opened = open_storage(
        config(storage_type=kind, address=address, port=443, use_ssl=True, region=region)
    )
    assert isinstance(opened, S3Storage)
    meta = opened.client.meta
    signature = meta.config.signature_version or "s3v4"  # None: botocore's default, SigV4
    assert (meta.config.s3["addressing_style"], signature, meta.region_name) == expected
    if address:
        assert meta.endpoint_url == f"https://{address}:443"
        # The bucket goes into the host name of each request (virtual) or its path.
        request = opened.client.generate_presigned_url(
            "get_object", Params={"Bucket": "bkt", "Key": "k/1"}
        )
        in_host = request.startswith(f"https://bkt.{address}")
        assert in_host == (expected[0] == "virtual"), request
    # Trailing CRC32 checksums are off for every store but AWS (they break the others).
    checks = meta.config.request_checksum_calculation
    assert checks == ("when_supported" if kind == "aws" else "when_required")


@pytest.mark.parametrize("provider", ["aliyun", "tencent", "hwc", "gcpnative"])
def test_upstreams_cloud_provider_key_selects_the_storage_type(provider: str) -> None:
    loaded = load_config(None, env={}, overrides={"minio.cloudProvider": provider})
    assert loaded.milvus_storage.storage_type == provider
    assert loaded.backup_storage.storage_type == provider
    # minio.storageType, where given, wins (as upstream reads them).
    both = load_config(
        None, env={}, overrides={"minio.cloudProvider": provider, "minio.storageType": "s3"}
    )
    assert both.milvus_storage.storage_type == "s3"


def test_multipart_copy_threshold_is_a_setting() -> None:
    loaded = load_config(None, env={}, overrides={"minio.multipartCopyThresholdMiB": "64"})
    assert loaded.milvus_storage.multipart_copy_threshold_mib == 64
    assert loaded.backup_storage.multipart_copy_threshold_mib == 64
    assert S3Storage(loaded.backup_storage).copy_threshold == 64 * MiB
    assert S3Storage(config()).copy_threshold == 500 * MiB  # upstream's default
    with pytest.raises(ConfigError, match="multipartCopyThresholdMiB"):
        load_config(None, env={}, overrides={"minio.multipartCopyThresholdMiB": "6000"})


@pytest.mark.parametrize(
    "size", [1, 5 * MiB, 500 * MiB + 1, 5 * 1024 * MiB + 1, 6 * 1024 * MiB, 5 * 1024**4]
)
def test_multipart_copy_ranges_cover_objects_beyond_5_gib(size: int) -> None:
    ranges = copy_ranges(size, 128 * MiB)

    assert ranges[0][0] == 0 and ranges[-1][1] == size - 1
    assert all(a[1] + 1 == b[0] for a, b in itertools.pairwise(ranges))  # contiguous
    assert len(ranges) <= 10_000
    assert all(5 * MiB <= end - start + 1 <= 5 * 1024 * MiB for start, end in ranges[:-1])


def test_same_store_needs_endpoint_bucket_and_credentials() -> None:
    base = S3Storage(config())

    assert base.same_store(S3Storage(config()))
    assert not base.same_store(S3Storage(config(bucket_name="other")))
    assert not base.same_store(S3Storage(config(port=9001)))
    assert not base.same_store(S3Storage(config(access_key_id="other")))
    assert not base.same_store(LocalStorage("."))
    iam = S3Storage(config(use_iam=True, access_key_id=""))
    assert iam.same_store(S3Storage(config(use_iam=True, access_key_id="ignored")))
    assert not iam.same_store(base)
    assert base.milvus_path("files/insert_log/1/2/3") == "files/insert_log/1/2/3"


# -- against the server -----------------------------------------------------------------------


def test_copy_across_buckets_is_server_side_but_other_credentials_stream(
    s3_server: ExternalS3,
) -> None:
    source = store(s3_server, s3_server.new_bucket())
    other_bucket = store(s3_server, s3_server.new_bucket())
    other_keys = store(s3_server, other_bucket.bucket, access_key_id="someone-else")
    source.write_bytes("seg/1", b"binlog")

    assert other_bucket.copy_from(source, "seg/1", "copied/1") is not None
    assert other_keys.copy_from(source, "seg/1", "streamed/1") is None
    assert not other_keys.same_store(other_bucket)
    copy_object(source, other_keys, CopyItem("seg/1", "streamed/1", 6))
    assert other_bucket.read_bytes("copied/1") == other_bucket.read_bytes("streamed/1") == b"binlog"


@pytest.fixture
def etag_dropped(s3_server: ExternalS3) -> Iterator[tuple[S3Storage, S3Storage]]:
    """Two stores whose copy answers lose their ETag, as minio-go saw from some stores."""
    source, dest = (
        store(s3_server, s3_server.new_bucket()),
        store(s3_server, s3_server.new_bucket()),
    )

    def drop(parsed: dict[str, Any], **_: Any) -> None:
        for result in ("CopyObjectResult", "CopyPartResult"):
            if result in parsed:
                parsed[result]["ETag"] = ""

    dest.client.meta.events.register("after-call.s3.CopyObject", drop)
    dest.client.meta.events.register("after-call.s3.UploadPartCopy", drop)
    yield source, dest


def test_a_copy_answered_without_etag_fails(etag_dropped: tuple[S3Storage, S3Storage]) -> None:
    source, dest = etag_dropped
    source.write_bytes("seg/1", b"binlog")

    with pytest.raises(StorageError, match="without an ETag") as caught:
        copy_objects(source, dest, [CopyItem("seg/1", "backup/seg/1", 6)], parallelism=1)
    assert "seg/1" in str(caught.value)


def test_a_multipart_copy_part_without_etag_fails_and_aborts(
    etag_dropped: tuple[S3Storage, S3Storage],
) -> None:
    source, dest = etag_dropped
    data = os.urandom(SMALL_PART + 10)
    source.write_bytes("big", data)

    with pytest.raises(StorageError, match="part 1 answered without an ETag"):
        dest.copy_from(source, "big", "big-copy")
    assert dest.stat("big-copy") is None
    assert dest.client.list_multipart_uploads(Bucket=dest.bucket).get("Uploads", []) == []


def test_delete_prefix_reports_keys_the_store_refused(s3_server: ExternalS3) -> None:
    target = store(s3_server, s3_server.new_bucket())
    for i in range(3):
        target.write_bytes(f"tmp/{i}", b"x")

    def refuse_one(parsed: dict[str, Any], **_: Any) -> None:
        parsed["Errors"] = [{"Key": "tmp/1", "Code": "AccessDenied", "Message": "locked"}]

    target.client.meta.events.register("after-call.s3.DeleteObjects", refuse_one)
    with pytest.raises(
        StorageError,
        match=r"could not delete 1 objects under 'tmp/'.*2 deleted"
        r".*'tmp/1': AccessDenied locked",
    ):
        target.delete_prefix("tmp/")


def test_delete_objects_sends_content_md5(s3_server: ExternalS3) -> None:
    target = store(s3_server, s3_server.new_bucket())
    target.write_bytes("k", b"x")
    sent: list[dict[str, str]] = []
    target.client.meta.events.register(
        "before-send.s3.DeleteObjects", lambda request, **_: sent.append(dict(request.headers))
    )

    assert target.delete_prefix("") == 1
    assert "Content-MD5" in sent[0]  # MinIO and Ceph refuse DeleteObjects without it


def test_a_missing_bucket_names_the_bucket_and_the_settings(s3_server: ExternalS3) -> None:
    target = store(s3_server, "no-such-bucket-here")
    expected = r"bucket 'no-such-bucket-here' does not exist.*minio.bucketName.*backupBucketName"

    for action in (
        lambda: target.stat("k"),
        lambda: target.read_bytes("k"),
        lambda: list(target.list_objects("files/")),
        lambda: target.write_bytes("k", b"x"),
        lambda: target.write_stream("k", io.BytesIO(b"x"), 1),
    ):
        with pytest.raises(StorageError, match=expected):
            action()


def test_refused_credentials_name_the_endpoint_and_the_settings() -> None:
    with MotoServer(env={"INITIAL_NO_AUTH_ACTION_COUNT": "0"}) as strict:  # moto checks keys
        target = store(strict, "any-bucket")
        for action in (lambda: target.write_bytes("k", b"x"), lambda: target.stat("k")):
            with pytest.raises(StorageError, match="refused") as caught:
                action()
            assert strict.endpoint in str(caught.value)
            assert "minio.accessKeyID" in str(caught.value)


def test_an_unreachable_endpoint_names_the_endpoint_and_the_settings(
    s3_server: ExternalS3,
) -> None:
    from milvus_backup_grpc.testing.embedded import find_free_port

    (closed,) = find_free_port(1)
    target = S3Storage(
        s3_server.storage_config("b", address="127.0.0.1", port=closed), max_attempts=1
    )

    with pytest.raises(StorageError, match=f"cannot reach http://127.0.0.1:{closed}") as caught:
        target.read_bytes("k")
    assert "minio.address / minio.port" in str(caught.value)


def test_a_stream_interrupted_midway_resumes_where_it_broke_off(s3_server: ExternalS3) -> None:
    target = store(s3_server, s3_server.new_bucket())
    data = os.urandom(3 * MiB)
    target.write_bytes("obj", data)

    stream = target.open_read("obj")
    assert stream.read(MiB) == data[:MiB]
    stream.raw._body._raw_stream.close()  # type: ignore[attr-defined]  # the connection drops
    assert stream.read() == data[MiB:]  # the rest, by a ranged GET of the same version
    stream.close()


def test_a_stream_is_never_spliced_from_two_versions(s3_server: ExternalS3) -> None:
    target = store(s3_server, s3_server.new_bucket())
    target.write_bytes("obj", os.urandom(3 * MiB))

    stream = target.open_read("obj")
    assert len(stream.read(MiB)) == MiB
    target.write_bytes("obj", os.urandom(3 * MiB))  # replaced while being read
    stream.raw._body._raw_stream.close()  # type: ignore[attr-defined]  # the connection drops
    with pytest.raises(StorageError, match="cannot read 'obj'.*PreconditionFailed"):
        stream.read()
    stream.close()
    assert sized(target.stat("obj")) == ("obj", 3 * MiB)


def test_a_conditional_write_refused_on_a_retry_says_it_may_have_landed(
    s3_server: ExternalS3,
) -> None:
    target = store(s3_server, s3_server.new_bucket())
    created = target.create_exclusive("claim", b"owner A")
    with pytest.raises(PreconditionFailed) as first_try:
        target.create_exclusive("claim", b"owner B")
    assert not first_try.value.retried
    seen: list[int] = []

    def lose_the_first_answer(attempts: int, **_: Any) -> int | None:
        # The first PUT lands, but the client sends it again as if its answer had been lost.
        seen.append(attempts)
        return 0 if attempts == 1 else None

    target.client.meta.events.register_first("needs-retry.s3.PutObject", lose_the_first_answer)

    with pytest.raises(PreconditionFailed, match="claim") as refused:
        target.replace_if("claim", b"owner A, renewed", created)

    assert seen == [1, 2]
    assert refused.value.retried  # the repeat met the first attempt's result ...
    assert target.read_bytes("claim") == b"owner A, renewed"  # ... which a read-back shows


def test_a_streamed_multipart_upload_holds_one_part_of_pool_chunks(
    s3_server: ExternalS3,
) -> None:
    from milvus_backup_grpc.storage import buffers

    dest = store(s3_server, s3_server.new_bucket())
    data = os.urandom(3 * SMALL_PART + 7)  # beyond one PUT's two parts: four parts
    assert dest.stream_buffer(len(data)) == SMALL_PART  # what a transfer's budget reserves
    buffers.POOL.trim()

    dest.write_stream("big", io.BytesIO(data), len(data))

    # Every part was read into the same chunks, given back after each part was sent: the
    # upload held what the budget reserved, all of it in the pool the next stream reuses.
    assert buffers.POOL.free == SMALL_PART // buffers.CHUNK
    assert dest.read_bytes("big") == data
    assert dest.stat("big").etag.endswith("-4")  # type: ignore[union-attr]
    buffers.POOL.trim()

    with pytest.raises(StorageError, match="short read"):
        dest.write_stream("cut", io.BytesIO(data[:-1]), len(data))
    assert dest.stat("cut") is None
    assert dest.client.list_multipart_uploads(Bucket=dest.bucket).get("Uploads", []) == []
