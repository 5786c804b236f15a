"""A sample collection with the shapes a backup must carry: used by the demo and the tests.

Float vectors with an index, scalars of several types, a dynamic field, several partitions,
and deleted rows, all flushed so the data lives in binlogs.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from pymilvus import DataType, MilvusClient

DIM = 8
PARTITIONS = ("_default", "p_2024", "p_2025")


@dataclass(frozen=True)
class SampleCollection:
    """What was written: the collection, its row count and the deleted keys."""

    name: str
    rows: int
    deleted: list[int]


def create_sample_collection(
    client: MilvusClient, name: str, rows: int = 3000, seed: int = 7
) -> SampleCollection:
    """Create ``name`` with ``rows`` rows across three partitions, then delete a few."""
    rng = random.Random(seed)
    schema = client.create_schema(
        auto_id=False,
        enable_dynamic_field=True,
        description="sample collection for backup round trips",
    )
    schema.add_field("id", DataType.INT64, is_primary=True)
    schema.add_field("vec", DataType.FLOAT_VECTOR, dim=DIM)
    schema.add_field("title", DataType.VARCHAR, max_length=128, description="a label")
    schema.add_field("score", DataType.DOUBLE)
    schema.add_field("rank", DataType.INT32)
    schema.add_field("flag", DataType.BOOL)
    schema.add_field("meta", DataType.JSON)
    client.create_collection(name, schema=schema, consistency_level="Strong")
    for partition in PARTITIONS[1:]:
        client.create_partition(name, partition)
    per_partition = rows // len(PARTITIONS)
    for p_index, partition in enumerate(PARTITIONS):
        start = p_index * per_partition
        stop = rows if p_index == len(PARTITIONS) - 1 else start + per_partition
        batch = [
            {
                "id": i,
                "vec": [rng.uniform(-1, 1) for _ in range(DIM)],
                "title": f"item-{i}",
                "score": rng.random() * 100,
                "rank": rng.randint(-1000, 1000),
                "flag": i % 3 == 0,
                "meta": {"partition": partition, "tags": [i % 5, i % 7]},
                "color": rng.choice(["red", "green", "blue"]),  # goes to the dynamic field
            }
            for i in range(start, stop)
        ]
        client.insert(name, batch, partition_name=partition)
    deleted = sorted(rng.sample(range(rows), k=max(1, rows // 100)))
    client.delete(name, ids=deleted)
    client.flush(name)
    index = client.prepare_index_params()
    index.add_index("vec", index_type="IVF_FLAT", metric_type="L2", params={"nlist": 32})
    client.create_index(name, index)
    return SampleCollection(name=name, rows=rows, deleted=deleted)


def query_vector(seed: int = 99) -> list[float]:
    """A fixed search vector."""
    rng = random.Random(seed)
    return [rng.uniform(-1, 1) for _ in range(DIM)]
