"""Every schema attribute Milvus 3.0 sets is either carried by the backup meta or refused."""

from __future__ import annotations

import pytest
from google.protobuf.message import Message

from milvus_backup_grpc import model
from milvus_backup_grpc.api.codes import code_for
from milvus_backup_grpc.layout import codec
from milvus_backup_grpc.milvus.carried import (
    CARRIED,
    RUNTIME,
    UnsupportedSchemaError,
    check_carried,
    schema_gaps,
)
from milvus_backup_grpc.milvus.schema import schema_to_backup, schema_to_milvus
from milvus_backup_grpc.milvuspb import common_pb2, milvus_pb2, schema_pb2
from milvus_backup_grpc.pb import backup_pb2 as pb

#: What Milvus 3.0 can describe that the meta does not hold; a new protocol field must be
#: classified (carried, runtime, or here) before the stubs can be regenerated.
REFUSED = {
    "milvus.proto.schema.CollectionSchema": {
        "struct_array_fields", "external_source", "external_spec", "do_physical_backfill",
        "file_resource_ids", "enable_namespace",
    },
    "milvus.proto.schema.FieldSchema": {"external_field"},
}

MESSAGES: list[type[Message]] = [
    milvus_pb2.DescribeCollectionResponse, schema_pb2.CollectionSchema, schema_pb2.FieldSchema,
    schema_pb2.FunctionSchema, milvus_pb2.IndexDescription,
]


def kv(**pairs: str) -> list[common_pb2.KeyValuePair]:
    return [common_pb2.KeyValuePair(key=k, value=v) for k, v in pairs.items()]


def everything_carried() -> milvus_pb2.DescribeCollectionResponse:
    """A collection using every attribute the meta carries (and some runtime ones)."""
    schema = schema_pb2.CollectionSchema(
        name="docs", description="all of it", autoID=False, enable_dynamic_field=True,
        properties=kv(**{"collection.ttl.seconds": "60"}), dbName="db1", version=3,
    )
    schema.fields.add(fieldID=100, name="id", is_primary_key=True, data_type=schema_pb2.Int64,
                      autoID=True, description="key")
    schema.fields.add(fieldID=101, name="text", data_type=schema_pb2.VarChar,
                      type_params=kv(max_length="512", enable_analyzer="true",
                                     analyzer_params='{"type": "english"}'),
                      is_partition_key=True)
    schema.fields.add(fieldID=110, name="day", data_type=schema_pb2.Int64,
                      is_clustering_key=True)
    schema.fields.add(fieldID=102, name="sparse", data_type=schema_pb2.SparseFloatVector,
                      is_function_output=True)
    schema.fields.add(fieldID=103, name="tags", data_type=schema_pb2.Array,
                      element_type=schema_pb2.Int64, type_params=kv(max_capacity="8"),
                      nullable=True)
    label = schema.fields.add(fieldID=104, name="label", data_type=schema_pb2.VarChar,
                              type_params=kv(max_length="16"), nullable=True,
                              index_params=kv(mmap="x"))
    label.default_value.string_data = "none"
    for number, name in enumerate(("Int8Vector", "Float16Vector", "BFloat16Vector",
                                   "BinaryVector", "Geometry", "Timestamptz", "JSON")):
        schema.fields.add(fieldID=105 + number, name=name.lower(),
                          data_type=schema_pb2.DataType.Value(name), type_params=kv(dim="8"))
    schema.fields.add(fieldID=199, name="$meta", data_type=schema_pb2.JSON, is_dynamic=True,
                      state=schema_pb2.FieldCreated)
    schema.functions.add(name="bm25", id=1, description="d", type=schema_pb2.FunctionType.BM25,
                         input_field_names=["text"], input_field_ids=[101],
                         output_field_names=["sparse"], output_field_ids=[102],
                         params=kv(k="v"))
    return milvus_pb2.DescribeCollectionResponse(
        status=common_pb2.Status(), schema=schema, collectionID=7, shards_num=2,
        virtual_channel_names=["v"], physical_channel_names=["p"], created_timestamp=1,
        created_utc_timestamp=2, aliases=["a"], consistency_level=common_pb2.Strong,
        collection_name="docs", properties=kv(**{"mmap.enabled": "true"}), db_name="db1",
        num_partitions=16, db_id=3, request_time=4, update_timestamp=5, update_timestamp_str="5",
        start_positions=[common_pb2.KeyDataPair(key="v", data=b"x")],
    )


def an_index() -> milvus_pb2.IndexDescription:
    return milvus_pb2.IndexDescription(
        index_name="sparse_idx", indexID=9, field_name="sparse",
        params=kv(index_type="SPARSE_INVERTED_INDEX", metric_type="BM25"), indexed_rows=1,
        total_rows=1, state=common_pb2.Finished, pending_index_rows=0, min_index_version=1,
        max_index_version=2,
    )


@pytest.mark.parametrize("message", MESSAGES, ids=lambda m: m.DESCRIPTOR.name)
def test_every_attribute_of_the_protocol_is_classified(message: type[Message]) -> None:
    name = message.DESCRIPTOR.full_name
    fields = {f.name for f in message.DESCRIPTOR.fields}
    carried, runtime, refused = CARRIED[name], RUNTIME[name], REFUSED.get(name, set())
    assert not carried & runtime
    assert carried | runtime | refused == fields


def test_a_collection_with_every_carried_attribute_is_accepted_and_round_trips() -> None:
    described = everything_carried()
    assert schema_gaps("db1.docs", described, [an_index()]) == []
    # schema -> backup meta -> meta JSON (upstream's codec) -> CreateCollection schema
    stored = codec.loads(codec.dumps(schema_to_backup(described.schema)), pb.CollectionSchema)
    back = schema_to_milvus(stored, "docs")
    expected = schema_pb2.CollectionSchema()
    expected.CopyFrom(described.schema)
    expected.ClearField("dbName")
    expected.ClearField("version")
    del expected.fields[-1]  # the dynamic field: Milvus adds it again itself
    assert back == expected


@pytest.mark.parametrize(
    ("mutate", "where", "attribute"),
    [
        (lambda d: setattr(d.schema.fields[2], "external_field", "col"), "field 'day'",
         "external_field"),
        (lambda d: setattr(d.schema, "external_source", "s3://x"), "collection schema",
         "external_source"),
        (lambda d: setattr(d.schema, "enable_namespace", True), "collection schema",
         "enable_namespace"),
        (lambda d: d.schema.file_resource_ids.append(4), "collection schema",
         "file_resource_ids"),
        (lambda d: d.schema.struct_array_fields.add(name="clips", fieldID=300), "field 'clips'",
         "an array of structs"),
        (lambda d: setattr(d.schema.fields[4], "element_type", schema_pb2.Struct),
         "field 'tags'", "element type Struct"),
        (lambda d: setattr(d.schema.fields[0], "data_type", schema_pb2.Decimal),
         "field 'id'", "data type Decimal"),
        (lambda d: setattr(d.schema.functions[0], "type", schema_pb2.FunctionType.MinHash),
         "function 'bm25'", "function type MinHash"),
    ],
)
def test_an_attribute_not_carried_is_refused_naming_it(mutate, where, attribute) -> None:  # type: ignore[no-untyped-def]
    described = everything_carried()
    mutate(described)
    with pytest.raises(UnsupportedSchemaError) as caught:
        check_carried("db1.docs", described, [an_index()])
    assert [(g.collection, g.where) for g in caught.value.gaps] == [("db1.docs", where)]
    assert caught.value.gaps[0].attribute.startswith(attribute)
    assert f"db1.docs: {where} has {attribute}" in str(caught.value)
    assert code_for(caught.value) == pb.Parameter_Error


def test_a_field_newer_than_our_protocol_is_refused_by_number() -> None:
    described = everything_carried()
    # field 500 of FieldSchema, varint 1: what a Milvus newer than 3.0 might add
    raw = described.schema.fields[0].SerializeToString() + bytes([0xA0, 0x1F, 0x01])
    described.schema.fields[0].ParseFromString(raw)
    gaps = schema_gaps("db1.docs", described, [])
    assert [str(g) for g in gaps] == [
        "db1.docs: field 'id' has field number 500 (newer than this tool's Milvus protocol)"
    ]


def test_every_gap_of_several_collections_is_named_at_once() -> None:
    first, second = everything_carried(), everything_carried()
    first.schema.fields[1].external_field = "t"
    second.schema.external_spec = "{}"
    gaps = schema_gaps("db1.a", first, []) + schema_gaps("db1.b", second, [])
    text = str(UnsupportedSchemaError(gaps))
    assert "db1.a: field 'text' has external_field" in text
    assert "db1.b: collection schema has external_spec" in text


def test_meta_names_the_types_the_check_allows() -> None:
    # The meta's enums are the allow-list: Int8Vector is carried, Milvus 3.0's Mol is not.
    assert "Int8Vector" in model.pb.DataType.DESCRIPTOR.values_by_name
    assert "Mol" not in model.pb.DataType.DESCRIPTOR.values_by_name
