"""Self-test of the ``milvus_server`` fixture (tests/fixtures/milvus_server.py)."""

from __future__ import annotations

import os
import socket
import uuid
from pathlib import Path

import pytest
from pymilvus import (
    Collection,
    CollectionSchema,
    DataType,
    FieldSchema,
    connections,
    utility,
)

from tests.fixtures.milvus_server import EmbeddedMilvus, ExternalMilvus


def _listening(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(1)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def test_insert_flush_count(milvus_server: EmbeddedMilvus | ExternalMilvus) -> None:
    assert milvus_server.version.startswith("v")
    alias = f"fixture-{uuid.uuid4().hex[:8]}"
    connections.connect(alias=alias, uri=milvus_server.uri)
    name = f"fixture_selftest_{uuid.uuid4().hex[:8]}"
    try:
        schema = CollectionSchema(
            [
                FieldSchema("id", DataType.INT64, is_primary=True),
                FieldSchema("vec", DataType.FLOAT_VECTOR, dim=4),
            ]
        )
        coll = Collection(name, schema, using=alias)
        n = 300
        coll.insert([list(range(n)), [[float(i), 0.0, 1.0, 2.0] for i in range(n)]])
        coll.flush()
        assert coll.num_entities == n

        if milvus_server.local_storage_path is not None:
            # local storage: the flushed binlogs are files under local_storage_path
            coll_dir = (
                Path(milvus_server.local_storage_path)
                / "insert_log"
                / str(coll.describe()["collection_id"])
            )
            assert coll_dir.is_dir(), f"no binlogs in {coll_dir}"

        coll.create_index("vec", {"index_type": "FLAT", "metric_type": "L2", "params": {}})
        coll.load()
        rows = coll.query("id >= 0", output_fields=["count(*)"])
        assert rows[0]["count(*)"] == n
    finally:
        if utility.has_collection(name, using=alias):
            utility.drop_collection(name, using=alias)
        connections.disconnect(alias)


def test_second_instance_side_by_side(
    milvus_server: EmbeddedMilvus | ExternalMilvus, tmp_path: Path
) -> None:
    """Another instance gets its own ports, and stop() frees them and ends the process."""
    pytest.importorskip("milvus")
    with EmbeddedMilvus(tmp_path / "second") as other:
        assert other.port != milvus_server.port
        if isinstance(milvus_server, EmbeddedMilvus):
            assert not set(other.ports.values()) & set(milvus_server.ports.values())
        assert other.version.startswith("v")
        ports, pid = other.ports, other.pid
        assert pid is not None and _listening(other.port)
    assert not other.running
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
    assert not any(_listening(p) for p in ports.values())
    assert milvus_server.version  # the session server is unaffected
