"""How many requests a batch of copies sends to S3, and that checking by listing stays as strict.

Run against moto's server (or ``--s3-endpoint``). Requests are counted with botocore's
``before-send`` event, which fires once per HTTP request actually sent (retries included).
"""

from __future__ import annotations

import os
from collections import Counter
from typing import Any

import pytest

from milvus_backup_grpc.errors import StorageError
from milvus_backup_grpc.storage.s3 import S3Storage
from milvus_backup_grpc.storage.transfer import CopyItem, copy_objects
from tests.fixtures.s3_server import ExternalS3
from tests.storage.conftest import SMALL_PART, MiB

OBJECTS = 40


def open_store(server: ExternalS3, bucket: str, **changes: Any) -> S3Storage:
    return S3Storage(
        server.storage_config(bucket, multipart_copy_threshold_mib=SMALL_PART // MiB, **changes),
        upload_part_size=SMALL_PART,
    )


def count_requests(store: S3Storage) -> Counter[str]:
    """A counter of the operations ``store``'s client sends from now on."""
    sent: Counter[str] = Counter()

    def on_send(event_name: str, **_: Any) -> None:
        sent[event_name.rsplit(".", 1)[-1]] += 1

    store.client.meta.events.register("before-send.s3", on_send)
    return sent


@pytest.fixture
def source(s3_server: ExternalS3) -> tuple[S3Storage, list[CopyItem]]:
    src = open_store(s3_server, s3_server.new_bucket("src"))
    items = []
    for i in range(OBJECTS):
        data = os.urandom(1000 + i)
        src.write_bytes(f"binlogs/insert_log/1/2/3/{i}", data)
        items.append(CopyItem(f"binlogs/insert_log/1/2/3/{i}", f"bk/x/binlogs/{i}", len(data)))
    return src, items


def test_server_side_copies_send_one_request_each_plus_a_listing(
    s3_server: ExternalS3, source: tuple[S3Storage, list[CopyItem]]
) -> None:
    src, items = source
    dst = open_store(s3_server, s3_server.new_bucket("dst"))
    sent = count_requests(dst)

    checksums = copy_objects(src, dst, items, parallelism=8)

    # No HEAD of the source (the size is known) nor of the copy (one listing checks them all).
    assert sent == Counter({"CopyObject": OBJECTS, "ListObjectsV2": 1})
    listed = {o.key: o for o in dst.list_objects("bk/x/")}
    assert {k: (o.size, o.etag) for k, o in listed.items()} == {
        i.dst_key: (i.size, checksums[i.dst_key].value) for i in items
    }


def test_streamed_copies_send_a_get_and_a_put_each_plus_a_listing(
    s3_server: ExternalS3, source: tuple[S3Storage, list[CopyItem]]
) -> None:
    src, items = source
    # Other credentials on the same endpoint: no server-side copy, the bytes stream.
    dst = open_store(s3_server, s3_server.new_bucket("dst"), access_key_id="other-key")
    sent_dst, sent_src = count_requests(dst), count_requests(src)

    copy_objects(src, dst, items, parallelism=8)

    assert sent_src == Counter({"GetObject": OBJECTS})
    assert sent_dst == Counter({"PutObject": OBJECTS, "ListObjectsV2": 1})
    assert [dst.read_bytes(i.dst_key) for i in items] == [src.read_bytes(i.src_key) for i in items]


def test_checking_by_listing_refuses_a_copy_replaced_before_the_check(
    s3_server: ExternalS3, source: tuple[S3Storage, list[CopyItem]]
) -> None:
    src, items = source
    dst = open_store(s3_server, s3_server.new_bucket("dst"))
    victim = items[7]

    def replace_one(_: int) -> None:
        # Same size, other bytes: only the tag tells (a stat of the size alone would pass).
        if dst.stat(victim.dst_key) is not None:
            dst.write_bytes(victim.dst_key, b"x" * victim.size)

    with pytest.raises(StorageError, match=rf"{victim.dst_key}.*tagged"):
        copy_objects(src, dst, items, parallelism=1, on_copied=replace_one)


def test_checking_by_listing_refuses_a_missing_or_short_copy(
    s3_server: ExternalS3, source: tuple[S3Storage, list[CopyItem]]
) -> None:
    src, items = source
    dst = open_store(s3_server, s3_server.new_bucket("dst"))
    wrong = [*items[:3], CopyItem(items[3].src_key, items[3].dst_key, items[3].size + 1)]

    with pytest.raises(StorageError, match=rf"{items[3].dst_key}.*expected {items[3].size + 1}"):
        copy_objects(src, dst, wrong, parallelism=2)

    def drop(_: int) -> None:
        dst.delete(items[1].dst_key)

    with pytest.raises(StorageError, match=rf"{items[1].dst_key}.*left nothing"):
        copy_objects(src, dst, items[:3], parallelism=1, on_copied=drop)
