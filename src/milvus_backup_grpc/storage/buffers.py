"""Memory for streamed copies: chunks of one size, reused, read back as one request body.

A store that takes an object in one request (an S3 PutObject) needs the whole object in
memory while the request is sent. A buffer of each object's own size left glibc's heap with
freed holes between live buffers of other sizes, which no later buffer fit: 48 MiB of
concurrent streams peaked about 80 MiB above the idle process (benchmarks/RESULTS.md, 3.).
Chunks of one size are taken from and given back to one pool, so a freed chunk is always
what the next stream needs, and the memory streams hold stays what they hold.
"""

from __future__ import annotations

import io
import threading
from typing import Any, BinaryIO

from .base import read_into

#: Bytes per chunk: small beside any object streamed in one request, big beside a read.
CHUNK = 1024 * 1024


class ChunkPool:
    """Free chunks, kept for the next stream until ``trim``."""

    def __init__(self) -> None:
        self._free: list[bytearray] = []
        self._lock = threading.Lock()

    def take(self) -> bytearray:
        """A chunk of ``CHUNK`` bytes (its contents are whatever was there)."""
        with self._lock:
            if self._free:
                return self._free.pop()
        return bytearray(CHUNK)

    def give(self, chunks: list[bytearray]) -> None:
        """Return chunks for reuse."""
        with self._lock:
            self._free.extend(chunks)

    def trim(self) -> None:
        """Drop the free chunks: called when a transfer ends, so idle memory is given back."""
        with self._lock:
            self._free.clear()

    @property
    def free(self) -> int:
        """How many chunks wait for reuse."""
        return len(self._free)


#: The process's pool: streams of every transfer share it.
POOL = ChunkPool()


class ChunkedBody(io.RawIOBase):
    """``size`` bytes held in pool chunks, read as one seekable stream (a request body).

    Reads stop at chunk ends (short reads, which HTTP clients and hashers loop over), so no
    read copies more than one chunk. ``release`` gives the chunks back; the body is unusable
    after it.
    """

    def __init__(self, chunks: list[bytearray], size: int) -> None:
        super().__init__()
        self._chunks = chunks
        self._size = size
        self._offset = 0

    def __len__(self) -> int:
        return self._size

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._offset

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._offset, io.SEEK_END: self._size}[whence]
        self._offset = min(max(0, base + offset), self._size)
        return self._offset

    def _view(self, limit: int) -> memoryview:
        """The bytes from the offset to the end of its chunk, at most ``limit``."""
        index, start = divmod(self._offset, CHUNK)
        end = min(CHUNK, self._size - index * CHUNK, start + limit)
        return memoryview(self._chunks[index])[start:end]

    def read(self, size: int = -1) -> bytes:
        if self._offset >= self._size:
            return b""
        data = bytes(self._view(CHUNK if size is None or size < 0 else size))
        self._offset += len(data)
        return data

    def readinto(self, buffer: Any) -> int:
        if self._offset >= self._size:
            return 0
        target = memoryview(buffer).cast("B")
        view = self._view(len(target))
        target[: len(view)] = view
        self._offset += len(view)
        return len(view)

    def release(self) -> None:
        """Give the chunks back to the pool."""
        chunks, self._chunks = self._chunks, []
        POOL.give(chunks)
        self.close()


def fill(stream: BinaryIO, size: int, key: str) -> ChunkedBody:
    """Exactly ``size`` bytes of ``stream`` in pool chunks (the whole of a ``size``-byte object).

    Raises:
        StorageError: the stream ended first (the chunks are back in the pool).
    """
    chunks: list[bytearray] = []
    try:
        for start in range(0, size, CHUNK):
            chunk = POOL.take()
            chunks.append(chunk)
            read_into(stream, memoryview(chunk)[: min(CHUNK, size - start)], size, key)
    except BaseException:
        POOL.give(chunks)
        raise
    return ChunkedBody(chunks, size)
