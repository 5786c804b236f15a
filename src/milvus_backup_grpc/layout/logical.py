"""The logical format: rows in Parquet, the collection described in JSON.

Under the backup's directory, beside upstream's meta files (which mark the backup
``format: logical``)::

    logical/{db}/{collection}/collection.json
    logical/{db}/{collection}/{partition}/part-00000.parquet, part-00001.parquet, ...

One Parquet column per field, named as the field, plus ``$meta`` (the dynamic field's keys as
a JSON object, in text) when the collection has a dynamic field. Column types:

    Bool bool, Int8..Int64 int8..int64, Float float32, Double float64, VarChar string,
    JSON string (JSON text), Array list<element>, FloatVector list<float32>,
    Float16Vector and BFloat16Vector list<float32> (widened without loss), Int8Vector
    list<int8>, BinaryVector binary, SparseFloatVector string (JSON object {"index": value})

A nullable field's null is a Parquet null. ``collection.json`` holds the schema as a person or
another tool reads it, the indexes, properties, aliases, and for each partition its files and
row count. Every file is listed with its size and SHA-256 in the backup's manifest.
"""

from __future__ import annotations

import base64
import json
import os
from typing import Any

import pyarrow as pa

from .. import heap, model
from ..milvuspb import schema_pb2
from . import paths


def _use_the_c_heap_for_arrow() -> None:
    """Have Arrow allocate from the C heap (``heap.py``), unless the operator chose a pool.

    Arrow's own pool (mimalloc) keeps what rows passed through and grew with each collection
    read: a logical backup of 256 MiB then one of 1 GiB peaked at 238 and 263 MiB with it, at
    203 and 214 MiB from the C heap, which ``release_memory`` hands back (benchmarks/RESULTS.md,
    6.). This reaches pyarrow's own calls only; the service also sets
    ``ARROW_DEFAULT_MEMORY_POOL`` before pyarrow loads (``heap.arrow_on_the_c_heap``), so
    Arrow's C++ code, the Parquet writer and reader among it, uses the C heap too.
    """
    if "ARROW_DEFAULT_MEMORY_POOL" not in os.environ:
        pa.set_memory_pool(pa.system_memory_pool())


_use_the_c_heap_for_arrow()

FORMAT = "logical"
FORMAT_VERSION = 1
DIR = "logical/"
META_COLUMN = "$meta"

_TYPE_NAMES = {
    1: "Bool",
    2: "Int8",
    3: "Int16",
    4: "Int32",
    5: "Int64",
    10: "Float",
    11: "Double",
    21: "VarChar",
    22: "Array",
    23: "JSON",
    100: "BinaryVector",
    101: "FloatVector",
    102: "Float16Vector",
    103: "BFloat16Vector",
    104: "SparseFloatVector",
    105: "Int8Vector",
}
_SCALARS: dict[int, pa.DataType] = {
    1: pa.bool_(),
    2: pa.int8(),
    3: pa.int16(),
    4: pa.int32(),
    5: pa.int64(),
    10: pa.float32(),
    11: pa.float64(),
    21: pa.string(),
}


def supported(data_type: int) -> bool:
    """Whether the logical format carries a field of this type."""
    return data_type in _TYPE_NAMES


def type_name(data_type: int) -> str:
    """A data type's name as Milvus spells it."""
    return _TYPE_NAMES.get(data_type, f"type {data_type}")


def collection_dir(layout: paths.BackupLayout, db: str, collection: str) -> str:
    """Directory of one collection's logical files."""
    return f"{layout.dir}{DIR}{db}/{collection}/"


def collection_doc_key(layout: paths.BackupLayout, db: str, collection: str) -> str:
    """Key of a collection's ``collection.json``."""
    return collection_dir(layout, db, collection) + "collection.json"


def part_key(layout: paths.BackupLayout, db: str, collection: str, partition: str, n: int) -> str:
    """Key of the ``n``-th Parquet file of a partition."""
    return f"{collection_dir(layout, db, collection)}{partition}/part-{n:05d}.parquet"


def data_fields(schema: model.CollectionSchema) -> list[model.FieldSchema]:
    """The fields that are Parquet columns (not the dynamic field, not function outputs)."""
    return [f for f in schema.fields if not f.is_dynamic and not f.is_function_output]


def arrow_schema(schema: model.CollectionSchema) -> pa.Schema:
    """The Parquet schema of a collection's rows."""
    columns = [pa.field(f.name, _arrow_type(f), nullable=True) for f in data_fields(schema)]
    if schema.enable_dynamic_field:
        columns.append(pa.field(META_COLUMN, pa.string(), nullable=True))
    return pa.schema(columns)


def _arrow_type(field: model.FieldSchema) -> pa.DataType:
    if field.data_type in _SCALARS:
        return _SCALARS[field.data_type]
    if field.data_type == 22:
        return pa.list_(_SCALARS.get(field.element_type, pa.string()))
    if field.data_type in (101, 102, 103):
        return pa.list_(pa.float32())
    if field.data_type == 105:
        return pa.list_(pa.int8())
    if field.data_type == 100:
        return pa.binary()
    return pa.string()  # JSON, SparseFloatVector: text


def default_value(field: model.FieldSchema) -> Any:
    """A field's default value as plain JSON, or None."""
    if not field.default_value_base64:
        return None
    value = schema_pb2.ValueField()
    value.ParseFromString(base64.b64decode(field.default_value_base64))
    which = value.WhichOneof("data")
    return getattr(value, which) if which else None


def collection_doc(
    info: model.CollectionBackupInfo,
    aliases: list[str],
    partitions: list[dict[str, Any]],
    timestamp: int,
) -> dict[str, Any]:
    """The content of ``collection.json``."""
    schema = info.schema
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "database": info.db_name or model.DEFAULT_DB,
        "collection": info.collection_name,
        "description": schema.description,
        "consistency_level": info.consistency_level,
        "shards_num": info.shards_num,
        "read_timestamp": timestamp,
        "enable_dynamic_field": schema.enable_dynamic_field,
        "fields": [
            {
                "name": f.name,
                "type": type_name(f.data_type),
                "element_type": type_name(f.element_type) if f.data_type == 22 else None,
                "params": {p.key: p.value for p in f.type_params},
                "is_primary": f.is_primary_key,
                "auto_id": f.autoID,
                "is_partition_key": f.is_partition_key,
                "nullable": f.nullable,
                "default_value": default_value(f),
                "description": f.description,
            }
            for f in schema.fields
            if not f.is_dynamic
        ],
        "functions": [
            {
                "name": fn.name,
                "input": list(fn.input_field_names),
                "output": list(fn.output_field_names),
            }
            for fn in schema.functions
        ],
        "indexes": [
            {"field": i.field_name, "name": i.index_name, "params": dict(i.params)}
            for i in info.index_infos
        ],
        "properties": {p.key: p.value for p in info.properties},
        "aliases": aliases,
        "partitions": partitions,
    }


def encode_doc(doc: dict[str, Any]) -> bytes:
    """``collection.json`` as stored."""
    return json.dumps(doc, indent=1, ensure_ascii=False).encode()


def release_memory() -> None:
    """Hand freed memory back to the system after a file of rows.

    Rows pass through as Arrow buffers and protobuf messages, freed by many threads (gRPC's),
    each with its own malloc arena that keeps what it freed; without this
    the process's resident memory grows with every file instead of staying flat.
    """
    pa.default_memory_pool().release_unused()
    heap.release_freed()
