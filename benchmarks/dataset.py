"""Loading benchmark data into Milvus: float-vector collections of a given binlog size."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from pymilvus import DataType, MilvusClient

from milvus_backup_grpc.milvus.client import MilvusGateway

log = logging.getLogger(__name__)

DIM = 128
# Binlog bytes per row: the vector, plus what the compressed id/timestamp/rowID logs take
# (measured on Milvus 2.3.5: 519 bytes a row at 128 dimensions).
_OVERHEAD_PER_ROW = 7
# Rows per insert: 10 MiB messages, well under the proxy's 64 MiB limit; Milvus's 16 MiB
# insert buffer then writes binlogs of about 20 MiB, as a steady ingest would.
_BATCH_ROWS = 20_000
_FLUSH_TIMEOUT = 600.0


@dataclass(frozen=True)
class Loaded:
    """A collection the benchmarks made: its name and row count."""

    name: str
    rows: int


def rows_for(size_bytes: int, dim: int = DIM) -> int:
    """Rows whose binlogs take about ``size_bytes``."""
    return max(1, size_bytes // (dim * 4 + _OVERHEAD_PER_ROW))


def create(client: MilvusClient, name: str, dim: int) -> None:
    """An empty collection of ids and ``dim``-dimensional float vectors (replaced if it exists)."""
    if client.has_collection(name):
        client.drop_collection(name)
    schema = client.create_schema(auto_id=False, enable_dynamic_field=False)
    schema.add_field("id", DataType.INT64, is_primary=True)
    schema.add_field("vec", DataType.FLOAT_VECTOR, dim=dim)
    client.create_collection(name, schema=schema, consistency_level="Strong")


def insert(
    client: MilvusClient, name: str, rows: int, dim: int, seed: int, first_id: int = 0
) -> None:
    """``rows`` random vectors with ids from ``first_id``."""
    rng = np.random.default_rng(seed)
    for start in range(0, rows, _BATCH_ROWS):
        count = min(_BATCH_ROWS, rows - start)
        vectors = rng.random((count, dim), dtype=np.float32)
        client.insert(
            name,
            [{"id": first_id + start + i, "vec": vectors[i]} for i in range(count)],
        )


def flush_all(gateway: MilvusGateway, names: Sequence[str], db: str = "default") -> None:
    """Seal every collection's data, then wait for all of it to be written.

    The flushes are sent first and waited for after, so Milvus persists them together.
    """
    pending = [(name, gateway.flush(db, name)) for name in names]
    for name, flush in pending:
        gateway.wait_flushed(db, name, flush, _FLUSH_TIMEOUT)


def load_vectors(
    client: MilvusClient, name: str, size_bytes: int, dim: int = DIM
) -> Loaded:
    """A collection holding about ``size_bytes`` of binlogs once flushed (see ``flush_all``)."""
    rows = rows_for(size_bytes, dim)
    log.info("loading %s: %d rows of %d-dim vectors", name, rows, dim)
    create(client, name, dim)
    insert(client, name, rows, dim, seed=rows)
    return Loaded(name, rows)


def load_small(
    client: MilvusClient, names: Sequence[str], rows: int, dim: int = DIM, first_seed: int = 0
) -> list[Loaded]:
    """Many small collections of ``rows`` rows each (flushed by ``flush_all``)."""
    log.info("loading %d small collections of %d rows", len(names), rows)
    for index, name in enumerate(names, start=first_seed):
        create(client, name, dim)
        insert(client, name, rows, dim, seed=index)
    return [Loaded(name, rows) for name in names]


def row_count(client: MilvusClient, name: str) -> int:
    """Rows Milvus counts in a collection (flushed and imported data)."""
    return int(client.get_collection_stats(name)["row_count"])
