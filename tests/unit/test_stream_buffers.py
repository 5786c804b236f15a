"""Streamed objects held in pool chunks: read back whole, seekable, and the chunks reused."""

from __future__ import annotations

import hashlib
import io
import os

import pytest

from milvus_backup_grpc.errors import StorageError
from milvus_backup_grpc.storage import buffers
from milvus_backup_grpc.storage.buffers import CHUNK, POOL, fill


@pytest.fixture(autouse=True)
def _empty_pool() -> None:
    POOL.trim()


@pytest.mark.parametrize("size", [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK + 12345])
def test_a_filled_body_reads_back_the_exact_bytes_however_it_is_read(size: int) -> None:
    data = os.urandom(size)
    body = fill(io.BytesIO(data), size, "k")
    assert len(body) == size and body.seekable()

    got = b"".join(iter(lambda: body.read(16 * 1024), b""))  # as an HTTP client sends it
    assert got == data
    body.seek(0)  # as botocore rewinds after hashing the payload, or to retry
    assert hashlib.sha256(b"".join(iter(body.read, b""))).digest() == (
        hashlib.sha256(data).digest()
    )
    body.seek(-1, io.SEEK_END)
    assert body.tell() == max(0, size - 1) and body.read() == data[-1:]
    body.seek(0)
    into = bytearray(size)
    view, at = memoryview(into), 0
    while count := body.readinto(view[at:]):
        at += count
    assert bytes(into) == data


def test_released_chunks_are_reused_and_trim_drops_them() -> None:
    body = fill(io.BytesIO(b"x" * (2 * CHUNK + 5)), 2 * CHUNK + 5, "k")
    body.release()
    assert POOL.free == 3
    again = fill(io.BytesIO(b"y" * CHUNK), CHUNK, "k")
    assert POOL.free == 2  # one taken back out, not a new allocation
    again.release()
    POOL.trim()
    assert POOL.free == 0


def test_a_short_source_is_refused_and_its_chunks_go_back() -> None:
    with pytest.raises(StorageError, match="short read for 'k'.*expected 3145728 bytes"):
        fill(io.BytesIO(b"z" * (CHUNK + 10)), 3 * CHUNK, "k")
    assert POOL.free == 2


def test_a_source_without_readinto_is_read_too() -> None:
    class _ReadOnly:
        def __init__(self, data: bytes) -> None:
            self._data = io.BytesIO(data)

        def read(self, amount: int = -1) -> bytes:
            return self._data.read(min(amount, 1000))  # short reads, as sockets give

    data = os.urandom(CHUNK + 3000)
    body = fill(_ReadOnly(data), len(data), "k")  # type: ignore[arg-type]
    assert body.read(CHUNK) + body.read() == data
    assert buffers.CHUNK == CHUNK
