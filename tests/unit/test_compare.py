"""The restore oracle fails on each difference it claims to catch, and says what it found.

Snapshots are built here by hand (no Milvus): ``compare_snapshots`` is the pure half of the
oracle; the integration tests cover the reading half.
"""

from __future__ import annotations

import copy
import struct
from typing import Any

from pymilvus.grpc_gen import schema_pb2

from milvus_backup_grpc.testing.compare import (
    NOT_ROUTED,
    ROUTED,
    FieldView,
    Snapshot,
    compare_snapshots,
    snapshot_of,
)


def _float32(value: float) -> float:
    """``value`` as Milvus stores it in a FLOAT_VECTOR and returns it (a float32, widened)."""
    return float(struct.unpack("<f", struct.pack("<f", value))[0])


def _flip_lowest_bit(value: float) -> float:
    """The float32 next to ``value``: one bit of its mantissa flipped."""
    bits = struct.unpack("<I", struct.pack("<f", value))[0] ^ 1
    return float(struct.unpack("<f", struct.pack("<I", bits))[0])


def _row(pk: int) -> dict[str, Any]:
    return {
        "id": pk,
        "vec": [_float32(pk / 10 + k / 3) for k in range(4)],
        "score": pk * 0.5,
        "title": f"item-{pk}",
        "meta": {"tags": [pk % 3, "x"], "nested": {"ok": True, "n": pk}},
        "color": "red",  # a dynamic field key
    }


def _snapshot() -> Snapshot:
    """Two partitions, four rows in each, an IVF_FLAT index on the vector."""
    return Snapshot(
        name="products",
        fields=(
            FieldView("id", "INT64", is_primary=True),
            FieldView("vec", "FLOAT_VECTOR", params=(("dim", "4"),)),
            FieldView("score", "DOUBLE"),
            FieldView("title", "VARCHAR", params=(("max_length", "64"),)),
            FieldView("meta", "JSON"),
        ),
        settings={
            "enable_dynamic_field": True,
            "num_shards": 2,
            "consistency_level": 0,
            "auto_id": False,
            "description": "",
            "properties": {},
        },
        partitions=("_default", "p1"),
        indexes={
            "vec": {
                "field_name": "vec",
                "index_name": "vec",
                "index_type": "IVF_FLAT",
                "metric_type": "L2",
                "nlist": "16",
            }
        },
        rows={
            (partition, pk): _row(pk)
            for partition, pks in (("_default", range(0, 4)), ("p1", range(4, 8)))
            for pk in pks
        },
    )


def _differences(actual: Snapshot, **options: Any) -> list[str]:
    result = compare_snapshots(_snapshot(), actual, **options)
    assert result.equal is (not result.differences)
    return result.differences


def test_equal_snapshots_report_nothing() -> None:
    result = compare_snapshots(_snapshot(), _snapshot())
    assert result.equal
    assert result.differences == []
    assert result.rows == 8


def test_a_changed_scalar_is_reported_with_both_values() -> None:
    actual = _snapshot()
    actual.rows[("p1", 5)]["score"] = 2.25
    assert _differences(actual) == [
        "row id=5 in partition 'p1': field 'score': 2.5 expected, 2.25 found"
    ]


def test_a_vector_that_lost_one_bit_of_one_component_is_reported() -> None:
    actual = _snapshot()
    vec = actual.rows[("_default", 1)]["vec"]
    before = vec[2]
    vec[2] = _flip_lowest_bit(before)
    assert vec[2] != before and abs(vec[2] - before) < 1e-6
    assert _differences(actual) == [
        f"row id=1 in partition '_default': field 'vec'[2]: {before!r} expected, {vec[2]!r} found"
    ]


def test_a_vector_of_another_length_is_reported_with_both_lengths() -> None:
    actual = _snapshot()
    actual.rows[("_default", 1)]["vec"].pop()
    assert _differences(actual) == [
        "row id=1 in partition '_default': field 'vec': 4 elements expected, 3 found"
    ]


def test_list_elements_in_another_order_are_reported() -> None:
    actual = _snapshot()
    tags = actual.rows[("p1", 4)]["meta"]["tags"]
    tags.reverse()
    assert _differences(actual) == [
        "row id=4 in partition 'p1': field 'meta'['tags'][0]: 1 expected, 'x' found"
    ]


def _array_as_pymilvus_returns_it(values: list[int]) -> Any:
    """An ARRAY value as a query returns it: a protobuf repeated container, not a list."""
    array = schema_pb2.LongArray()
    array.data.extend(values)
    return array.data


def test_an_array_read_from_milvus_equals_the_list_of_its_elements() -> None:
    expected, actual = _snapshot(), _snapshot()
    expected.rows[("p1", 4)]["tags"] = [3, -(2**40)]
    actual.rows[("p1", 4)]["tags"] = _array_as_pymilvus_returns_it([3, -(2**40)])
    actual.rows[("p1", 5)]["tags"] = _array_as_pymilvus_returns_it([1, 2])
    expected.rows[("p1", 5)]["tags"] = [2, 1]
    assert compare_snapshots(expected, actual).differences == [
        "row id=5 in partition 'p1': field 'tags'[0]: 2 expected, 1 found"
    ]


def test_negative_zero_is_not_zero() -> None:
    expected, actual = _snapshot(), _snapshot()
    expected.rows[("_default", 0)]["score"] = -0.0
    actual.rows[("_default", 0)]["score"] = 0.0
    assert compare_snapshots(expected, actual).differences == [
        "row id=0 in partition '_default': field 'score': -0.0 expected, 0.0 found"
    ]


def test_a_changed_json_value_is_reported_with_its_path() -> None:
    actual = _snapshot()
    actual.rows[("p1", 6)]["meta"]["nested"]["n"] = 7
    assert _differences(actual) == [
        "row id=6 in partition 'p1': field 'meta'['nested']['n']: 6 expected, 7 found"
    ]


def test_json_true_is_not_one_and_one_is_not_one_point_zero() -> None:
    actual = _snapshot()
    actual.rows[("p1", 6)]["meta"]["nested"]["ok"] = 1
    actual.rows[("p1", 7)]["meta"]["nested"]["n"] = 7.0
    assert _differences(actual) == [
        "row id=6 in partition 'p1': field 'meta'['nested']['ok']: True expected, 1 found",
        "row id=7 in partition 'p1': field 'meta'['nested']['n']: 7 expected, 7.0 found",
    ]


def test_a_missing_row_is_reported_with_its_partition() -> None:
    actual = _snapshot()
    del actual.rows[("p1", 4)]
    assert _differences(actual) == ["1 row missing from partition 'p1' (id=4)"]


def test_an_extra_row_is_reported_with_its_partition() -> None:
    actual = _snapshot()
    actual.rows[("_default", 100)] = _row(100)
    assert _differences(actual) == ["1 row unexpected in partition '_default' (id=100)"]


def test_a_row_in_another_partition_is_reported_even_when_every_field_is_equal() -> None:
    actual = _snapshot()
    actual.rows[("_default", 5)] = actual.rows.pop(("p1", 5))
    assert _differences(actual) == [
        "row id=5 is in partition '_default', expected in partition 'p1'"
    ]


def test_a_moved_row_that_also_changed_says_both() -> None:
    actual = _snapshot()
    row = actual.rows.pop(("p1", 5))
    row["title"] = "renamed"
    actual.rows[("_default", 5)] = row
    assert _differences(actual) == [
        "row id=5 is in partition '_default', expected in partition 'p1'; "
        "and field 'title': 'item-5' expected, 'renamed' found"
    ]


def test_a_row_outside_the_partition_its_partition_key_routes_it_to_is_reported() -> None:
    expected, actual = _snapshot(), _snapshot()
    for snapshot in (expected, actual):
        snapshot.rows = {(ROUTED, pk): row for (_, pk), row in snapshot.rows.items()}
    actual.rows[(NOT_ROUTED, 3)] = actual.rows.pop((ROUTED, 3))
    assert compare_snapshots(expected, actual).differences == [
        f"row id=3 is in {NOT_ROUTED}, expected in {ROUTED}"
    ]


def test_a_missing_dynamic_field_key_is_reported() -> None:
    actual = _snapshot()
    del actual.rows[("p1", 4)]["color"]
    assert _differences(actual) == ["row id=4 in partition 'p1': field 'color' is missing"]


def test_an_unexpected_field_or_dynamic_key_is_reported_with_its_value() -> None:
    actual = _snapshot()
    actual.rows[("p1", 4)]["size"] = 3
    assert _differences(actual) == [
        "row id=4 in partition 'p1': field 'size' is unexpected (3)"
    ]


def test_many_row_differences_are_listed_up_to_a_limit_then_counted() -> None:
    actual = _snapshot()
    actual.rows = {}
    for pk in range(30):
        actual.rows[("_default", pk)] = {**_row(pk), "title": "changed"}
    expected = copy.deepcopy(actual)
    for row in expected.rows.values():
        row["title"] = "original"
    differences = compare_snapshots(expected, actual).differences
    assert len(differences) == 21
    assert differences[0].startswith("row id=0 in partition '_default': field 'title'")
    assert differences[-1] == "... and 10 more rows differ"


def test_a_missing_index_is_reported() -> None:
    actual = _snapshot()
    actual.indexes = {}
    assert _differences(actual) == ["index 'vec' is missing"]
    assert _differences(actual, check_indexes=False) == []


def test_a_different_index_parameter_is_reported() -> None:
    actual = _snapshot()
    actual.indexes["vec"]["nlist"] = "32"
    assert _differences(actual) == ["index 'vec': nlist '16' expected, '32' found"]


def test_a_missing_partition_is_reported() -> None:
    actual = _snapshot()
    actual.partitions = ("_default",)
    actual.rows = {key: row for key, row in actual.rows.items() if key[0] == "_default"}
    assert _differences(actual) == [
        "partition 'p1' is missing",
        "4 rows missing from partition 'p1' (id=4, 5, 6, 7)",
    ]


def test_an_empty_extra_partition_is_reported() -> None:
    actual = _snapshot()
    actual.partitions = ("_default", "p1", "p2")
    assert _differences(actual) == ["partition 'p2' is unexpected"]


def test_schema_differences_are_reported_field_by_field() -> None:
    actual = _snapshot()
    actual.fields = (
        FieldView("id", "INT64", is_primary=True),
        FieldView("vec", "FLOAT_VECTOR", params=(("dim", "4"),)),
        FieldView("score", "FLOAT"),
        FieldView("title", "VARCHAR", params=(("max_length", "32"),), description="a label"),
    )
    assert _differences(actual) == [
        "field 'meta' is missing",
        "field 'score': type 'DOUBLE' expected, 'FLOAT' found",
        "field 'title': description '' expected, 'a label' found",
        "field 'title': params (('max_length', '64'),) expected, (('max_length', '32'),) found",
    ]


def test_a_different_field_order_is_reported() -> None:
    actual = _snapshot()
    actual.fields = (actual.fields[1], actual.fields[0], *actual.fields[2:])
    assert _differences(actual) == [
        "field order: ['id', 'vec', 'score', 'title', 'meta'] expected, "
        "['vec', 'id', 'score', 'title', 'meta'] found"
    ]


def test_a_different_collection_setting_is_reported() -> None:
    actual = _snapshot()
    actual.settings["num_shards"] = 1
    actual.settings["properties"] = {"collection.ttl.seconds": "60"}
    assert _differences(actual) == [
        "collection setting num_shards: 2 expected, 1 found",
        "collection setting properties: {} expected, {'collection.ttl.seconds': '60'} found",
    ]


def test_field_views_of_describe_collection_ignore_the_form_of_numbers() -> None:
    described = {"name": "vec", "type": 101, "params": {"dim": 16}, "field_id": 102}
    assert FieldView.of(described) == FieldView.of({**described, "params": {"dim": "16"}})
    assert FieldView.of(described) == FieldView("vec", "FLOAT_VECTOR", params=(("dim", "16"),))


def test_a_snapshot_of_descriptions_equals_one_read_from_milvus() -> None:
    # An expected side written down elsewhere (type names, not numbers; index build progress).
    expected = _snapshot()
    described = {
        "collection_name": "products",
        "fields": [
            {"name": "id", "type": "INT64", "is_primary": True, "params": {}},
            {"name": "vec", "type": "FLOAT_VECTOR", "params": {"dim": 4}},
            {"name": "score", "type": "DOUBLE"},
            {"name": "title", "type": "VARCHAR", "params": {"max_length": 64}},
            {"name": "meta", "type": "JSON"},
        ],
        "enable_dynamic_field": True,
        "num_shards": 2,
        "consistency_level": 0,
        "auto_id": False,
        "description": "",
        "properties": {},
    }
    index = {**expected.indexes["vec"], "total_rows": 8, "state": "Finished"}
    built = snapshot_of(described, ["p1", "_default"], {"vec": index}, copy.deepcopy(expected.rows))
    assert built == expected
    assert compare_snapshots(built, expected).equal
