"""The restore oracle: what came back against what went in, partition by partition.

Reading and judging are separate. ``read_snapshot`` takes what a user can see of a loaded
collection through a ``MilvusClient`` (schema, settings, partitions, indexes, and every row
keyed by its partition and primary key) into a ``Snapshot``; ``compare_snapshots`` is a pure
function that reports each difference between two snapshots in a sentence a person can act on.
``compare_collections`` does both for two collections.

Values are compared exactly: floats bit for bit (so -0.0 is not 0.0, and a vector that lost one
bit of one component differs), integers, booleans and floats never equal to one another, JSON
structurally. Float32 values reach Python as the doubles they convert to exactly, so comparing
the doubles' bits compares the stored floats' bits.

Partition-key collections: Milvus owns their partitions (``_default_0`` ... ``_default_N``),
routes each row by a hash of its partition key modulo the partition count, and refuses to read
one of them by name (``partition_names`` with a partition key is an error). It does use the
route to read: a query filtering on one key value looks only in the partition that value routes
to, so a row stored anywhere else is invisible to it. The reader therefore asks, for each key
value, which rows that query finds, and files each row under ``ROUTED`` (found where its key
routes it) or ``NOT_ROUTED`` (stored elsewhere). Two collections with the same partition count
(compared with the partitions) route a key value to the same partition, so rows filed under
``ROUTED`` in both are in the same partition of each: the per-partition comparison holds.
(A Milvus that did not confine such queries would find every row and file it under ``ROUTED``:
the check would then prove nothing, but never report a false difference.)
"""

from __future__ import annotations

import json
import math
import struct
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pymilvus import DataType, MilvusClient

_BATCH = 1000
# Fewer rows than this come back from one query; more go through an iterator. On a
# Strong-consistency collection each query waits for Milvus' next time tick, and an iterator
# makes at least three.
_ONE_QUERY = 4096
# Queries (partitions, partition-key values) in flight at once.
_PARALLEL_READS = 8
_T = TypeVar("_T")
_R = TypeVar("_R")
# Row differences listed one by one before the rest are only counted.
_MAX_ROW_DIFFERENCES = 20
# Keys shown as examples in a summary of missing or unexpected rows.
_EXAMPLES = 5

# Where a row of a partition-key collection is: the reader can tell only these two apart.
ROUTED = "the partition its partition key routes it to"
NOT_ROUTED = "a partition its partition key does not route it to (queries on that key miss it)"

# Index details that describe progress, not the index a user asked for.
_INDEX_PROGRESS = frozenset(
    {"total_rows", "indexed_rows", "pending_index_rows", "state", "index_state", "failed_reason"}
)

RowKey = tuple[str, Any]
"""(partition, primary key): one row of a snapshot."""


@dataclass(frozen=True)
class FieldView:
    """One field of a schema as a user declares it (no field IDs, which Milvus assigns)."""

    name: str
    type: str
    is_primary: bool = False
    auto_id: bool = False
    is_partition_key: bool = False
    description: str = ""
    params: tuple[tuple[str, str], ...] = ()
    element_type: str = ""
    nullable: bool = False
    default_value: str = ""

    @classmethod
    def of(cls, described: Mapping[str, Any]) -> FieldView:
        """The view of one field of pymilvus' ``describe_collection``."""
        default = described.get("default_value")
        return cls(
            name=described["name"],
            type=_type_name(described["type"]),
            is_primary=bool(described.get("is_primary")),
            auto_id=bool(described.get("auto_id")),
            is_partition_key=bool(described.get("is_partition_key")),
            description=described.get("description") or "",
            # Some servers and clients give "16", others 16: a user sees one number.
            params=tuple(sorted((k, str(v)) for k, v in (described.get("params") or {}).items())),
            element_type=_type_name(described["element_type"])
            if described.get("element_type")
            else "",
            nullable=bool(described.get("nullable")),
            default_value="" if default is None else str(default),
        )


@dataclass
class Snapshot:
    """What a user sees of one collection, read at one moment.

    Attributes:
        name: the collection's name (only used in messages).
        fields: the schema's fields, in schema order.
        settings: collection-level settings: ``enable_dynamic_field``, ``num_shards``,
            ``consistency_level``, ``auto_id``, ``description``, ``properties``.
        partitions: partition names, sorted.
        indexes: index name -> what ``describe_index`` says, without build progress.
        rows: (partition, primary key) -> the row with every field (dynamic keys included);
            for a partition-key collection the partition is ``ROUTED`` or ``NOT_ROUTED``.
        primary_key: the primary key field's name.
    """

    name: str
    fields: tuple[FieldView, ...]
    settings: dict[str, Any]
    partitions: tuple[str, ...]
    indexes: dict[str, dict[str, Any]]
    rows: dict[RowKey, dict[str, Any]]
    primary_key: str = "id"


@dataclass
class Comparison:
    """The differences found; empty means the collections are equal.

    Attributes:
        rows: how many rows the actual collection holds.
        differences: one sentence per difference, saying what was expected and what was found.
    """

    rows: int = 0
    differences: list[str] = field(default_factory=list)

    @property
    def equal(self) -> bool:
        """Whether no difference was found."""
        return not self.differences


# -- reading ----------------------------------------------------------------------------------


def read_snapshot(client: MilvusClient, collection: str) -> Snapshot:
    """Read ``collection`` (loaded) through ``client``: schema, settings, partitions, indexes, rows.

    Rows are read one partition at a time, so each is filed under the partition that holds it
    (see the module docstring for partition-key collections).
    """
    desc = client.describe_collection(collection)
    primary = next(f["name"] for f in desc["fields"] if f.get("is_primary"))
    partitions = sorted(client.list_partitions(collection))
    routing_key = next((f["name"] for f in desc["fields"] if f.get("is_partition_key")), None)
    rows: dict[RowKey, dict[str, Any]] = {}
    if routing_key is None:
        read = _in_parallel(
            lambda partition: list(_query_all(client, desc, collection, partitions=[partition])),
            partitions,
        )
        for partition, partition_rows in zip(partitions, read, strict=True):
            for row in partition_rows:
                rows[(partition, row[primary])] = row
    else:
        everything = list(_query_all(client, desc, collection))
        routed = _routed_keys(client, desc, collection, routing_key, everything)
        for row in everything:
            pk = row[primary]
            rows[(ROUTED if pk in routed else NOT_ROUTED, pk)] = row
    return snapshot_of(
        desc,
        partitions,
        {name: client.describe_index(collection, name) for name in client.list_indexes(collection)},
        rows,
    )


def snapshot_of(
    described: Mapping[str, Any],
    partitions: Iterable[str],
    indexes: Mapping[str, Mapping[str, Any]],
    rows: dict[RowKey, dict[str, Any]],
) -> Snapshot:
    """A snapshot from what pymilvus describes, for an expected side not read from a Milvus.

    Args:
        described: ``describe_collection`` of the collection (type names or numbers).
        partitions: its partition names.
        indexes: index name -> ``describe_index`` of that index (build progress is dropped).
        rows: (partition, primary key) -> the row with every field, dynamic keys included.
    """
    fields = tuple(FieldView.of(f) for f in described["fields"])
    return Snapshot(
        name=described.get("collection_name", ""),
        fields=fields,
        settings={
            "enable_dynamic_field": bool(described.get("enable_dynamic_field")),
            "num_shards": described.get("num_shards"),
            "consistency_level": described.get("consistency_level"),
            "auto_id": bool(described.get("auto_id")),
            "description": described.get("description") or "",
            "properties": dict(described.get("properties") or {}),
        },
        partitions=tuple(sorted(partitions)),
        indexes={
            name: {k: v for k, v in index.items() if k not in _INDEX_PROGRESS}
            for name, index in indexes.items()
        },
        rows=rows,
        primary_key=next(f.name for f in fields if f.is_primary),
    )


def read_rows(client: MilvusClient, collection: str) -> dict[Any, dict[str, Any]]:
    """Every row of a loaded collection, keyed by primary key alone, with every field.

    For a check of where the rows are, use ``read_snapshot``.
    """
    desc = client.describe_collection(collection)
    pk = next(f["name"] for f in desc["fields"] if f.get("is_primary"))
    return {row[pk]: row for row in _query_all(client, desc, collection)}


def _query_all(
    client: MilvusClient,
    desc: Mapping[str, Any],
    collection: str,
    partitions: list[str] | None = None,
    condition: str = "",
    fields: list[str] | None = None,
) -> Iterator[dict[str, Any]]:
    """Every row matching ``condition`` (all rows when empty): one query, or an iterator."""
    key = next(f for f in desc["fields"] if f.get("is_primary"))
    # Milvus 2.2 refuses an empty filter, and its parser cannot read -2**63 as a literal:
    # this holds for every key but that one.
    everything = (
        f'{key["name"]} >= ""'
        if key["type"] == DataType.VARCHAR
        else f"{key['name']} >= {1 - 2**63}"
    )
    if fields is None:
        # "*" alone leaves out vector fields on Milvus 2.2: name every field as well.
        fields = ["*", *(f["name"] for f in desc["fields"])]
    extra: dict[str, Any] = {"partition_names": partitions} if partitions else {}
    condition = condition or everything
    rows = client.query(
        collection, filter=condition, output_fields=fields, limit=_ONE_QUERY, **extra
    )
    if len(rows) < _ONE_QUERY:
        yield from (dict(row) for row in rows)
        return
    iterator = client.query_iterator(
        collection, batch_size=_BATCH, filter=condition, output_fields=fields, **extra
    )
    try:
        while True:
            batch = iterator.next()
            if not batch:
                return
            for row in batch:
                yield dict(row)
    finally:
        iterator.close()


def _routed_keys(
    client: MilvusClient,
    desc: Mapping[str, Any],
    collection: str,
    routing_key: str,
    rows: Iterable[Mapping[str, Any]],
) -> set[Any]:
    """Primary keys of the rows a query on their own partition-key value finds.

    Such a query looks only in the partition the value routes to (one query per distinct value:
    a query on several values would look in several partitions and prove nothing).
    """
    pk = next(f["name"] for f in desc["fields"] if f.get("is_primary"))

    def found_by(value: Any) -> list[Any]:
        literal = json.dumps(value, ensure_ascii=False) if isinstance(value, str) else str(value)
        condition = f"{routing_key} == {literal}"
        return [
            row[pk]
            for row in _query_all(client, desc, collection, condition=condition, fields=[pk])
        ]

    values = sorted({row[routing_key] for row in rows}, key=repr)
    return {key for keys in _in_parallel(found_by, values) for key in keys}


def _in_parallel(read: Callable[[_T], list[_R]], items: Sequence[_T]) -> list[list[_R]]:
    """``read`` of each item, in order.

    The reads run side by side: on a Strong-consistency collection each query mostly waits
    for Milvus' next time tick.
    """
    with ThreadPoolExecutor(max_workers=max(1, min(_PARALLEL_READS, len(items)))) as pool:
        return list(pool.map(read, items))


# -- judging ----------------------------------------------------------------------------------


def compare_snapshots(
    expected: Snapshot, actual: Snapshot, check_indexes: bool = True
) -> Comparison:
    """Every difference of ``actual`` from ``expected``, one sentence each.

    Args:
        expected: what should have come back (e.g. the source collection).
        actual: what did (e.g. the restored collection).
        check_indexes: also compare the indexes.
    """
    result = Comparison(rows=len(actual.rows))
    result.differences += _schema_differences(expected.fields, actual.fields)
    for key in sorted(set(expected.settings) | set(actual.settings)):
        want, got = expected.settings.get(key), actual.settings.get(key)
        if want != got:
            result.differences.append(f"collection setting {key}: {want!r} expected, {got!r} found")
    result.differences += _set_differences("partition", expected.partitions, actual.partitions)
    if check_indexes:
        result.differences += _index_differences(expected.indexes, actual.indexes)
    result.differences += _row_differences(expected, actual)
    return result


def compare_collections(
    client: MilvusClient,
    expected: str,
    actual: str,
    check_indexes: bool = True,
    actual_client: MilvusClient | None = None,
) -> Comparison:
    """Compare ``actual`` with ``expected`` (both loaded), partition by partition.

    Args:
        client: reads ``expected`` (and ``actual`` unless ``actual_client`` is given).
        expected: the collection holding what should be there.
        actual: the collection to check.
        check_indexes: also compare the indexes.
        actual_client: reads ``actual`` when it lives in another Milvus or database.
    """
    return compare_snapshots(
        read_snapshot(client, expected),
        read_snapshot(actual_client or client, actual),
        check_indexes=check_indexes,
    )


def _schema_differences(want: tuple[FieldView, ...], got: tuple[FieldView, ...]) -> list[str]:
    wanted = {f.name: f for f in want}
    found = {f.name: f for f in got}
    out = _set_differences("field", list(wanted), list(found))
    for name, w in wanted.items():
        g = found.get(name)
        if g is None or g == w:
            continue
        for attr in FieldView.__dataclass_fields__:
            if getattr(w, attr) != getattr(g, attr):
                out.append(
                    f"field {name!r}: {attr} {_shown(getattr(w, attr))} expected, "
                    f"{_shown(getattr(g, attr))} found"
                )
    common_want = [f.name for f in want if f.name in found]
    common_got = [f.name for f in got if f.name in wanted]
    if common_want != common_got:
        out.append(f"field order: {common_want} expected, {common_got} found")
    return out


def _index_differences(
    want: Mapping[str, Mapping[str, Any]], got: Mapping[str, Mapping[str, Any]]
) -> list[str]:
    out = _set_differences("index", list(want), list(got))
    for name in sorted(set(want) & set(got)):
        for key in sorted(set(want[name]) | set(got[name])):
            w, g = want[name].get(key), got[name].get(key)
            if w != g:
                out.append(f"index {name!r}: {key} {w!r} expected, {g!r} found")
    return out


def _set_differences(what: str, want: Iterable[str], got: Iterable[str]) -> list[str]:
    want_set, got_set = set(want), set(got)
    return [f"{what} {n!r} is missing" for n in sorted(want_set - got_set)] + [
        f"{what} {n!r} is unexpected" for n in sorted(got_set - want_set)
    ]


def _row_differences(expected: Snapshot, actual: Snapshot) -> list[str]:
    pk_name = expected.primary_key
    missing = set(expected.rows) - set(actual.rows)
    extra = set(actual.rows) - set(expected.rows)
    # A key missing from one partition and unexpected in exactly one other moved there.
    missing_by_pk: dict[Any, list[str]] = {}
    for partition, pk in missing:
        missing_by_pk.setdefault(pk, []).append(partition)
    extra_by_pk: dict[Any, list[str]] = {}
    for partition, pk in extra:
        extra_by_pk.setdefault(pk, []).append(partition)
    moved = {
        pk: (missing_by_pk[pk][0], extra_by_pk[pk][0])
        for pk in set(missing_by_pk) & set(extra_by_pk)
        if len(missing_by_pk[pk]) == len(extra_by_pk[pk]) == 1
    }
    sentences: list[str] = []
    for pk in sorted(moved, key=_order):
        was, now = moved[pk]
        sentence = f"row {pk_name}={pk!r} is in {_place(now)}, expected in {_place(was)}"
        changed = _field_differences(expected.rows[(was, pk)], actual.rows[(now, pk)])
        if changed:
            sentence += "; and " + "; ".join(changed)
        sentences.append(sentence)
    for partition, pk in sorted(set(expected.rows) & set(actual.rows), key=_row_order):
        changed = _field_differences(expected.rows[(partition, pk)], actual.rows[(partition, pk)])
        if changed:
            sentences.append(f"row {pk_name}={pk!r} in {_place(partition)}: " + "; ".join(changed))
    out = sentences[:_MAX_ROW_DIFFERENCES]
    if len(sentences) > _MAX_ROW_DIFFERENCES:
        out.append(f"... and {len(sentences) - _MAX_ROW_DIFFERENCES} more rows differ")
    out += _summaries("missing from", [k for k in missing if k[1] not in moved], pk_name)
    out += _summaries("unexpected in", [k for k in extra if k[1] not in moved], pk_name)
    return out


def _summaries(verb: str, keys: Iterable[RowKey], pk_name: str) -> list[str]:
    """One sentence per partition: how many rows, and a few of their keys."""
    by_partition: dict[str, list[Any]] = {}
    for partition, pk in keys:
        by_partition.setdefault(partition, []).append(pk)
    out = []
    for partition in sorted(by_partition):
        pks = sorted(by_partition[partition], key=_order)
        shown = ", ".join(repr(p) for p in pks[:_EXAMPLES])
        more = ", ..." if len(pks) > _EXAMPLES else ""
        noun = "row" if len(pks) == 1 else "rows"
        out.append(f"{len(pks)} {noun} {verb} {_place(partition)} ({pk_name}={shown}{more})")
    return out


def _place(partition: str) -> str:
    """``partition 'p1'``, or the phrase standing for a partition of a partition-key collection."""
    return partition if partition in (ROUTED, NOT_ROUTED) else f"partition {partition!r}"


def _field_differences(want: Mapping[str, Any], got: Mapping[str, Any]) -> list[str]:
    out = []
    for name in sorted(set(want) | set(got)):
        if name not in got:
            out.append(f"field {name!r} is missing")
        elif name not in want:
            out.append(f"field {name!r} is unexpected ({_shown(got[name])})")
        elif _canonical(want[name]) != _canonical(got[name]):
            out.append(f"field {name!r}{_first_difference(want[name], got[name])}")
    return out


def _first_difference(want: Any, got: Any, path: str = "") -> str:
    """Where two values first differ (``[3]``, ``['key']``) and how, as the end of a sentence."""
    if _is_list(want) and _is_list(got):
        if len(want) != len(got):
            return f"{path}: {len(want)} elements expected, {len(got)} found"
        for i, (w, g) in enumerate(zip(want, got, strict=True)):
            if _canonical(w) != _canonical(g):
                return _first_difference(w, g, f"{path}[{i}]")
    if isinstance(want, dict) and isinstance(got, dict):
        for key in sorted(set(want) | set(got), key=repr):
            if key not in got:
                return f"{path}: key {key!r} is missing"
            if key not in want:
                return f"{path}: key {key!r} is unexpected"
            if _canonical(want[key]) != _canonical(got[key]):
                return _first_difference(want[key], got[key], f"{path}[{key!r}]")
    if isinstance(want, bytes) and isinstance(got, bytes) and len(want) == len(got):
        at = next(i for i, (w, g) in enumerate(zip(want, got, strict=True)) if w != g)
        return f"{path}: byte {at} is {want[at]:#04x} expected, {got[at]:#04x} found"
    return f"{path}: {_shown(want)} expected, {_shown(got)} found"


def _shown(value: Any) -> str:
    """A value as a person reads it (repr tells -0.0 from 0.0, 1 from 1.0 and True)."""
    text = repr(value)
    if len(text) > 80:
        text = text[:77] + "..."
    if isinstance(value, float) and math.isnan(value):
        text += f" (bits {struct.pack('>d', value).hex()})"  # NaNs differ only in their bits
    return text


def _canonical(value: Any) -> Any:
    """A form equal for two values exactly when a user would call them the same."""
    if isinstance(value, bool):
        return ("bool", value)
    if isinstance(value, int):
        return ("int", value)
    if isinstance(value, float):
        return ("float", struct.pack("<d", value))  # bit for bit (tells -0.0 from 0.0)
    if _is_list(value):
        return ("list", tuple(_canonical(v) for v in value))
    if isinstance(value, dict):
        return ("dict", tuple(sorted((str(k), _canonical(v)) for k, v in value.items())))
    if hasattr(value, "tolist"):  # numpy scalars and arrays
        return _canonical(value.tolist())
    return value


def _is_list(value: Any) -> bool:
    """Lists, tuples, and the protobuf repeated containers pymilvus returns ARRAY values in."""
    return isinstance(value, Sequence) and not isinstance(value, (str, bytes, bytearray))


def _order(pk: Any) -> tuple[str, Any]:
    """A sort key for primary keys: numbers in numeric order, strings in string order."""
    return (type(pk).__name__, pk if isinstance(pk, (int, str)) else repr(pk))


def _row_order(key: RowKey) -> tuple[str, tuple[str, Any]]:
    return (key[0], _order(key[1]))


def _type_name(data_type: Any) -> str:
    """``FLOAT_VECTOR`` for ``DataType.FLOAT_VECTOR`` or its number."""
    try:
        return str(DataType(int(data_type)).name)
    except (TypeError, ValueError):
        return str(data_type)
