"""What of Milvus's description of a collection the backup meta carries; the rest is refused.

A restore rebuilds a collection from the backup's meta, so an attribute of its schema that the
meta does not hold would come back different, silently. Every attribute Milvus sets (protobuf's
``ListFields``: the fields holding a non-default value) is looked up in explicit lists, message
by message:

- carried: copied into the meta and given back to Milvus at restore;
- runtime: Milvus's state rather than the collection's definition (channels, timestamps, index
  build progress), or derived again at restore (the database name);
- anything else, including field numbers newer than our protocol (``milvuspb``) and data or
  function types the meta does not name, refuses the backup, naming the collection, the field
  and the attribute.

A unit test fails when the protocol grows a field that no list names, so regenerating the
stubs forces a decision about it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from google.protobuf import unknown_fields
from google.protobuf.message import Message

from ..errors import RequestError
from ..milvuspb import milvus_pb2, schema_pb2
from ..pb import backup_pb2 as pb

_RESPONSE = milvus_pb2.DescribeCollectionResponse.DESCRIPTOR.full_name
_SCHEMA = schema_pb2.CollectionSchema.DESCRIPTOR.full_name
_FIELD = schema_pb2.FieldSchema.DESCRIPTOR.full_name
_FUNCTION = schema_pb2.FunctionSchema.DESCRIPTOR.full_name
_INDEX = milvus_pb2.IndexDescription.DESCRIPTOR.full_name

#: Attributes the backup meta holds (CollectionBackupInfo, its schema, IndexInfo).
CARRIED: dict[str, frozenset[str]] = {
    _RESPONSE: frozenset(
        {
            "schema",
            "collectionID",
            "collection_name",
            "shards_num",
            "consistency_level",
            "properties",
            "aliases",
            # a partition-key collection's partition count: one partition backup each
            "num_partitions",
        }
    ),
    _SCHEMA: frozenset(
        {
            "name",
            "description",
            "autoID",
            "fields",
            "enable_dynamic_field",
            "properties",
            "functions",
        }
    ),
    _FIELD: frozenset(
        {
            "fieldID",
            "name",
            "is_primary_key",
            "description",
            "data_type",
            # every key, analyzer and match settings included (dim, max_length, analyzer_params…)
            "type_params",
            "index_params",
            "autoID",
            "state",
            "element_type",
            # whole, as the serialized ValueField (default_value_base64)
            "default_value",
            "is_dynamic",
            "is_partition_key",
            "is_clustering_key",  # our field 1005 of the meta's FieldSchema
            "nullable",
            "is_function_output",
        }
    ),
    # The meta's FunctionSchema has Milvus's fields, numbers and all.
    _FUNCTION: frozenset(
        {
            "name",
            "id",
            "description",
            "type",
            "input_field_names",
            "input_field_ids",
            "output_field_names",
            "output_field_ids",
            "params",
        }
    ),
    # index_type and every other parameter travel in params.
    _INDEX: frozenset({"index_name", "field_name", "params"}),
}

#: Attributes that describe Milvus's state, not the collection's definition.
RUNTIME: dict[str, frozenset[str]] = {
    _RESPONSE: frozenset(
        {
            "status",
            "virtual_channel_names",
            "physical_channel_names",
            "created_timestamp",
            "created_utc_timestamp",
            "start_positions",
            "db_name",  # the database the backup records the collection under
            "db_id",
            "request_time",
            "update_timestamp",
            "update_timestamp_str",
        }
    ),
    # dbName: as db_name above; version: Milvus's counter of schema changes, its own to set.
    _SCHEMA: frozenset({"dbName", "version"}),
    _FIELD: frozenset(),
    _FUNCTION: frozenset(),
    _INDEX: frozenset(
        {
            "indexID",
            "indexed_rows",
            "total_rows",
            "pending_index_rows",
            "state",
            "index_state_fail_reason",
            "min_index_version",
            "max_index_version",
        }
    ),
}

#: Data types the meta names (backup.proto's DataType), less the parts of struct-array fields,
#: whose schema (CollectionSchema.struct_array_fields) is not carried.
CARRIED_DATA_TYPES: frozenset[int] = frozenset(
    v.number
    for v in pb.DataType.DESCRIPTOR.values
    if v.name not in ("None", "ArrayOfVector", "ArrayOfStruct", "Struct")
)
#: Function types the meta names (backup.proto's FunctionType).
CARRIED_FUNCTION_TYPES: frozenset[int] = frozenset(
    v.number for v in pb.FunctionType.DESCRIPTOR.values if v.name != "Unknown"
)


@dataclass(frozen=True)
class SchemaGap:
    """One attribute of a collection that the backup meta cannot carry."""

    collection: str  # db.collection
    where: str  # "collection", "field 'vec'", "function 'bm25'", "index 'idx'"
    attribute: str  # the attribute's name, with its value where that is what is missing

    def __str__(self) -> str:
        return f"{self.collection}: {self.where} has {self.attribute}"


class UnsupportedSchemaError(RequestError):
    """A collection has attributes the backup meta cannot carry; nothing was backed up.

    Attributes:
        gaps: every attribute found, collection by collection.
    """

    def __init__(self, gaps: list[SchemaGap]) -> None:
        self.gaps = gaps
        super().__init__(
            "cannot back up without losing part of the schema, which a restore would bring "
            f"back different: {'; '.join(map(str, gaps))}. This version of milvus-backup-grpc "
            "does not carry these attributes; leave these collections out of the backup"
        )


def _data_type_name(number: int) -> str:
    value = schema_pb2.DataType.DESCRIPTOR.values_by_number.get(number)
    return value.name if value is not None else f"data type {number}"


def _unlisted(message: Message) -> Iterator[str]:
    """The attributes of ``message`` that are set and neither carried nor runtime."""
    name = message.DESCRIPTOR.full_name
    known = CARRIED[name] | RUNTIME[name]
    for descriptor, _ in message.ListFields():
        if descriptor.name not in known:
            yield descriptor.name
    # Fields newer than our protocol survive parsing as unknown fields.
    unknown = unknown_fields.UnknownFieldSet(message)
    for number in sorted({unknown[i].field_number for i in range(len(unknown))}):
        yield f"field number {number} (newer than this tool's Milvus protocol)"


def _field_gaps(field: schema_pb2.FieldSchema) -> Iterator[str]:
    yield from _unlisted(field)
    if field.data_type not in CARRIED_DATA_TYPES:
        yield f"data type {_data_type_name(field.data_type)}"
    elif field.data_type == schema_pb2.Array and field.element_type not in CARRIED_DATA_TYPES:
        yield f"element type {_data_type_name(field.element_type)}"


def _function_gaps(function: schema_pb2.FunctionSchema) -> Iterator[str]:
    yield from _unlisted(function)
    if function.type not in CARRIED_FUNCTION_TYPES:
        value = schema_pb2.FunctionType.DESCRIPTOR.values_by_number.get(function.type)
        yield f"function type {value.name if value else function.type}"


def schema_gaps(
    collection: str,
    described: milvus_pb2.DescribeCollectionResponse,
    indexes: list[milvus_pb2.IndexDescription],
) -> list[SchemaGap]:
    """Every attribute of a described collection that the backup meta cannot carry."""
    gaps = [SchemaGap(collection, "collection", a) for a in _unlisted(described)]
    schema = described.schema
    gaps += [
        SchemaGap(collection, "collection schema", a)
        for a in _unlisted(schema)
        if a != "struct_array_fields"  # named one by one below
    ]
    for struct in schema.struct_array_fields:
        gaps.append(SchemaGap(collection, f"field {struct.name!r}", "an array of structs"))
    for field in schema.fields:
        gaps += [SchemaGap(collection, f"field {field.name!r}", a) for a in _field_gaps(field)]
    for function in schema.functions:
        where = f"function {function.name!r}"
        gaps += [SchemaGap(collection, where, a) for a in _function_gaps(function)]
    for index in indexes:
        where = f"index {index.index_name!r}"
        gaps += [SchemaGap(collection, where, a) for a in _unlisted(index)]
    return gaps


def check_carried(
    collection: str,
    described: milvus_pb2.DescribeCollectionResponse,
    indexes: list[milvus_pb2.IndexDescription],
) -> None:
    """Refuse a collection the backup meta cannot carry whole.

    Raises:
        UnsupportedSchemaError: naming each attribute, field and the collection.
    """
    gaps = schema_gaps(collection, described, indexes)
    if gaps:
        raise UnsupportedSchemaError(gaps)
