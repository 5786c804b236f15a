"""Compare two collections row by row: what came back against what went in.

Used by the demo and by every restore test. Rows are matched by primary key and every
field is compared exactly (floats and vectors bit for bit, JSON structurally),
together with the schema, partitions and indexes a user would notice.
Float32 values reach Python as the doubles they convert to exactly, so comparing the
doubles' bits compares the stored floats' bits.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from typing import Any

from pymilvus import DataType, MilvusClient

_BATCH = 1000


@dataclass
class Comparison:
    """The differences found; empty means the collections are equal."""

    rows: int = 0
    differences: list[str] = field(default_factory=list)

    @property
    def equal(self) -> bool:
        """Whether no difference was found."""
        return not self.differences


def _canonical(value: Any) -> Any:
    if isinstance(value, float):
        return struct.pack("<d", value)  # bit for bit (tells -0.0 from 0.0)
    if isinstance(value, bytes):
        return value
    if isinstance(value, list):
        return [_canonical(v) for v in value]
    if isinstance(value, dict):
        return {k: _canonical(v) for k, v in value.items()}
    return value


def read_rows(client: MilvusClient, collection: str) -> dict[Any, dict[str, Any]]:
    """Every row of a loaded collection, keyed by primary key, with every field."""
    desc = client.describe_collection(collection)
    key = next(f for f in desc["fields"] if f.get("is_primary"))
    pk = key["name"]
    # Milvus 2.2 refuses an empty filter, and its parser cannot read -2**63 as a literal:
    # this holds for every key but that one.
    everything = f'{pk} >= ""' if key["type"] == DataType.VARCHAR else f"{pk} >= {1 - 2**63}"
    rows: dict[Any, dict[str, Any]] = {}
    # "*" alone leaves out vector fields on Milvus 2.2: name every field as well.
    fields = ["*", *(f["name"] for f in desc["fields"])]
    iterator = client.query_iterator(
        collection, batch_size=_BATCH, filter=everything, output_fields=fields
    )
    try:
        while True:
            batch = iterator.next()
            if not batch:
                break
            for row in batch:
                rows[row[pk]] = dict(row)
    finally:
        iterator.close()
    return rows


def _schema_view(desc: dict[str, Any]) -> list[tuple[Any, ...]]:
    return [
        (
            f["name"],
            f["type"],
            bool(f.get("is_primary")),
            bool(f.get("auto_id")),
            bool(f.get("is_partition_key")),
            f.get("description", ""),
            tuple(sorted((f.get("params") or {}).items())),
        )
        for f in desc["fields"]
    ]


def compare_collections(
    client: MilvusClient,
    expected: str,
    actual: str,
    check_indexes: bool = True,
    actual_client: MilvusClient | None = None,
) -> Comparison:
    """Compare ``actual`` with ``expected`` (both loaded).

    Args:
        client: reads ``expected`` (and ``actual`` unless ``actual_client`` is given).
        actual_client: reads ``actual`` when it lives in another Milvus or database.
    """
    other = actual_client or client
    result = Comparison()
    want_desc = client.describe_collection(expected)
    got_desc = other.describe_collection(actual)
    if _schema_view(want_desc) != _schema_view(got_desc):
        result.differences.append(
            f"schema differs: {_schema_view(want_desc)} != {_schema_view(got_desc)}"
        )
    for key in ("enable_dynamic_field", "num_shards", "consistency_level", "auto_id"):
        if want_desc.get(key) != got_desc.get(key):
            result.differences.append(f"{key}: {want_desc.get(key)!r} != {got_desc.get(key)!r}")
    want_parts = sorted(client.list_partitions(expected))
    got_parts = sorted(other.list_partitions(actual))
    if want_parts != got_parts:
        result.differences.append(f"partitions: {want_parts} != {got_parts}")
    if check_indexes:
        want_idx = {
            i: _index_view(client.describe_index(expected, i))
            for i in client.list_indexes(expected)
        }
        got_idx = {
            i: _index_view(other.describe_index(actual, i)) for i in other.list_indexes(actual)
        }
        if want_idx != got_idx:
            result.differences.append(f"indexes: {want_idx} != {got_idx}")
    want = read_rows(client, expected)
    got = read_rows(other, actual)
    result.rows = len(got)
    missing = sorted(set(want) - set(got), key=str)
    extra = sorted(set(got) - set(want), key=str)
    if missing:
        result.differences.append(f"{len(missing)} rows missing, e.g. {missing[:5]}")
    if extra:
        result.differences.append(f"{len(extra)} unexpected rows, e.g. {extra[:5]}")
    for pk in set(want) & set(got):
        if _canonical(want[pk]) != _canonical(got[pk]):
            fields = sorted(
                k
                for k in set(want[pk]) | set(got[pk])
                if _canonical(want[pk].get(k)) != _canonical(got[pk].get(k))
            )
            result.differences.append(f"row {pk!r} differs in {fields}")
            if len(result.differences) > 20:
                break
    return result


def _index_view(desc: dict[str, Any]) -> dict[str, Any]:
    ignored = {
        "total_rows",
        "indexed_rows",
        "pending_index_rows",
        "state",
        "index_state",
        "failed_reason",
    }
    return {k: v for k, v in desc.items() if k not in ignored}
