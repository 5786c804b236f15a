"""Conversion between Milvus's schema messages and the backup model's.

Default values travel as ``default_value_base64`` (base64 of the serialized ValueField):
upstream's JSON encoder cannot carry a oneof, and its older string form is lossy.
"""

from __future__ import annotations

import base64

from .. import model
from ..milvuspb import common_pb2, schema_pb2


def _kv(pairs: object) -> list[model.KeyValuePair]:
    return [model.KeyValuePair(key=p.key, value=p.value) for p in pairs]  # type: ignore[attr-defined]


def schema_to_backup(schema: schema_pb2.CollectionSchema) -> model.CollectionSchema:
    """The backup model's copy of a collection schema described by Milvus."""
    out = model.CollectionSchema(
        name=schema.name,
        description=schema.description,
        autoID=schema.autoID,
        enable_dynamic_field=schema.enable_dynamic_field,
        properties=_kv(schema.properties),
    )
    for f in schema.fields:
        field = out.fields.add(
            fieldID=f.fieldID,
            name=f.name,
            is_primary_key=f.is_primary_key,
            description=f.description,
            data_type=int(f.data_type),
            type_params=_kv(f.type_params),
            index_params=_kv(f.index_params),
            autoID=f.autoID,
            state=int(f.state),
            element_type=int(f.element_type),
            is_dynamic=f.is_dynamic,
            is_partition_key=f.is_partition_key,
            is_clustering_key=f.is_clustering_key,
            nullable=f.nullable,
            is_function_output=f.is_function_output,
        )
        if f.HasField("default_value"):
            field.default_value_base64 = base64.b64encode(
                f.default_value.SerializeToString()
            ).decode("ascii")
    for fn in schema.functions:
        # The backup's FunctionSchema mirrors Milvus's field for field (same numbers).
        out.functions.add().ParseFromString(fn.SerializeToString())
    return out


def _default_value(field: model.FieldSchema) -> schema_pb2.ValueField | None:
    raw: bytes | None = None
    if field.default_value_base64:
        raw = base64.b64decode(field.default_value_base64)
    elif field.default_value_proto:
        # Older upstream backups put the proto bytes straight into a JSON string.
        raw = field.default_value_proto.encode("utf-8", "surrogateescape")
    if raw is None:
        return None
    value = schema_pb2.ValueField()
    value.ParseFromString(raw)
    return value


def _common_kv(pairs: object) -> list[common_pb2.KeyValuePair]:
    return [common_pb2.KeyValuePair(key=p.key, value=p.value) for p in pairs]  # type: ignore[attr-defined]


def schema_to_milvus(schema: model.CollectionSchema, name: str) -> schema_pb2.CollectionSchema:
    """A CreateCollection schema from a backed-up one, named ``name``.

    The dynamic field is left out (Milvus adds it itself when the schema enables it); the
    other fields keep their order, so Milvus gives them the IDs the binlogs are filed under.
    """
    out = schema_pb2.CollectionSchema(
        name=name,
        description=schema.description,
        autoID=schema.autoID,
        enable_dynamic_field=schema.enable_dynamic_field,
        properties=_common_kv(schema.properties),
    )
    for f in schema.fields:
        if f.is_dynamic:
            continue
        field = out.fields.add(
            fieldID=f.fieldID,
            name=f.name,
            is_primary_key=f.is_primary_key,
            description=f.description,
            data_type=f.data_type,
            type_params=_common_kv(f.type_params),
            index_params=_common_kv(f.index_params),
            autoID=f.autoID,
            element_type=f.element_type,
            is_partition_key=f.is_partition_key,
            is_clustering_key=f.is_clustering_key,
            nullable=f.nullable,
            is_function_output=f.is_function_output,
        )
        default = _default_value(f)
        if default is not None:
            field.default_value.CopyFrom(default)
    for fn in schema.functions:
        # The backup's FunctionSchema mirrors Milvus's field for field (same numbers).
        out.functions.add().ParseFromString(fn.SerializeToString())
    return out


def is_vector(data_type: int) -> bool:
    """Whether a data type is a vector type (they share the 100s)."""
    return 100 <= data_type < 200
