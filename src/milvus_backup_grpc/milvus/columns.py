"""Milvus's column messages (``FieldData``) to Arrow arrays and back, for logical backups.

Query answers and Insert requests carry rows as columns; this keeps them columns. Vectors and
floating-point scalars cross as one buffer each (numpy over the packed protobuf bytes, never a
Python object per number); integers and booleans cross through numpy in one C loop; only
strings, JSON, arrays and sparse vectors, which are Python objects in protobuf anyway, go row
by row. The Arrow types are the logical format's (``layout/logical.py``): Bool bool,
Int8..Int64, Float float32, Double float64, VarChar and JSON string, Array list<element>,
FloatVector list<float32>, Float16/BFloat16Vector list<float32> (exact: both widen to float32
without loss), Int8Vector list<int8>, BinaryVector binary, SparseFloatVector string (JSON
``{"index": value}``), the dynamic field a JSON object in text.
"""

from __future__ import annotations

import json
from typing import Any, cast

import numpy as np
import pyarrow as pa

from .. import model
from .client import schema_pb2

DYNAMIC_FIELD = "$meta"

_BOOL, _INT8, _INT16, _INT32, _INT64, _FLOAT, _DOUBLE = 1, 2, 3, 4, 5, 10, 11
_VARCHAR, _ARRAY, _JSON = 21, 22, 23
_BINARY_VECTOR, _FLOAT_VECTOR, _FLOAT16_VECTOR, _BFLOAT16_VECTOR = 100, 101, 102, 103
_SPARSE_VECTOR, _INT8_VECTOR = 104, 105
_INT_WIDTHS = {_INT8: np.int8, _INT16: np.int16, _INT32: np.int32}
# The ScalarField member that holds each scalar type (and each Array element type).
_SCALAR_MEMBER = {
    _BOOL: "bool_data",
    _INT8: "int_data",
    _INT16: "int_data",
    _INT32: "int_data",
    _INT64: "long_data",
    _FLOAT: "float_data",
    _DOUBLE: "double_data",
    _VARCHAR: "string_data",
    _JSON: "json_data",
}
# The packed ``data`` (field 1) of FloatArray / DoubleArray: tag byte of a length-delimited 1.
_PACKED_TAG = b"\x0a"
_SPARSE_PAIR = np.dtype([("index", "<u4"), ("value", "<f4")])


def _varint(n: int) -> bytes:
    out = bytearray()
    while True:
        low = n & 0x7F
        n >>= 7
        if n:
            out.append(low | 0x80)
        else:
            out.append(low)
            return bytes(out)


def _packed_bytes(message: Any) -> memoryview:
    """The packed payload of a message whose only field is ``repeated float/double data = 1``.

    Serializing the message is one C copy; the payload after the tag and length is the numbers
    in little-endian order, which numpy reads in place.
    """
    raw = message.SerializeToString()
    if not raw:
        return memoryview(b"")
    length, shift, pos = 0, 0, 1
    while True:
        byte = raw[pos]
        pos += 1
        length |= (byte & 0x7F) << shift
        if byte < 0x80:
            break
        shift += 7
    return memoryview(raw)[pos : pos + length]


def _set_packed(message: Any, values: np.ndarray) -> None:
    """Fill ``repeated float/double data = 1`` from a numpy array, parsed in C in one go."""
    if values.size:
        # One copy into the wire bytes, parsed in place by protobuf's C code.
        payload = np.ascontiguousarray(values).data.cast("B")
        message.MergeFromString(b"".join((_PACKED_TAG, _varint(payload.nbytes), payload)))


def _fixed_lists(values: np.ndarray, rows: int, width: int) -> pa.Array:
    offsets = np.arange(0, rows * width + 1, width, dtype=np.int32)
    return pa.ListArray.from_arrays(pa.array(offsets), pa.array(values))


def _dim(field: model.FieldSchema) -> int:
    return next((int(p.value) for p in field.type_params if p.key == "dim"), 0)


# -- from Milvus ---------------------------------------------------------------------------


def _numbers(data: Any, kind: int, rows: int) -> np.ndarray:
    if kind == _BOOL:
        return np.fromiter(data.bool_data.data, np.bool_, rows)
    if kind in _INT_WIDTHS:
        return np.fromiter(data.int_data.data, np.int32, rows).astype(_INT_WIDTHS[kind])
    if kind == _INT64:
        return np.fromiter(data.long_data.data, np.int64, rows)
    if kind == _FLOAT:
        return np.frombuffer(_packed_bytes(data.float_data), "<f4", rows)
    return np.frombuffer(_packed_bytes(data.double_data), "<f8", rows)


def _sparse_text(row: bytes) -> str:
    pairs = np.frombuffer(row, _SPARSE_PAIR)
    return json.dumps(dict(zip(pairs["index"].tolist(), pairs["value"].tolist(), strict=True)))


def to_arrow(data: schema_pb2.FieldData, rows: int) -> pa.Array:
    """One column of a Query answer as an Arrow array of the logical format's type."""
    kind = data.type
    mask = None
    if len(data.valid_data):
        mask = ~np.fromiter(data.valid_data, np.bool_, rows)
    if kind in _SCALAR_MEMBER and kind not in (_VARCHAR, _JSON):
        return pa.array(_numbers(data.scalars, kind, rows), mask=mask)
    if kind in (_VARCHAR, _JSON):
        values: list[Any] = list(getattr(data.scalars, _SCALAR_MEMBER[kind]).data)
        if kind == _JSON:
            values = [v.decode() for v in values]
        return pa.array(_nulled(values, mask), pa.string())
    if kind == _ARRAY:
        element = data.scalars.array_data.element_type
        member = _SCALAR_MEMBER[element]
        cells = [list(getattr(cell, member).data) for cell in data.scalars.array_data.data]
        return pa.array(_nulled(cells, mask), pa.list_(_element_type(element)))
    vectors = data.vectors
    dim = vectors.dim
    if kind == _FLOAT_VECTOR:
        return _fixed_lists(np.frombuffer(_packed_bytes(vectors.float_vector), "<f4"), rows, dim)
    if kind == _FLOAT16_VECTOR:
        halves = np.frombuffer(vectors.float16_vector, "<f2").astype(np.float32)
        return _fixed_lists(halves, rows, dim)
    if kind == _BFLOAT16_VECTOR:
        # bfloat16 is the top half of a float32: widening is a shift, exact.
        high = np.frombuffer(vectors.bfloat16_vector, "<u2").astype(np.uint32) << 16
        return _fixed_lists(high.view(np.float32), rows, dim)
    if kind == _INT8_VECTOR:
        return _fixed_lists(np.frombuffer(vectors.int8_vector, np.int8), rows, dim)
    if kind == _BINARY_VECTOR:
        width = dim // 8
        offsets = np.arange(0, rows * width + 1, width, dtype=np.int32)
        return pa.Array.from_buffers(
            pa.binary(), rows, [None, pa.py_buffer(offsets), pa.py_buffer(vectors.binary_vector)]
        )
    if kind == _SPARSE_VECTOR:
        return pa.array(
            [_sparse_text(r) for r in vectors.sparse_float_vector.contents], pa.string()
        )
    raise ValueError(f"field {data.field_name!r}: Milvus type {kind} has no logical column")


def _nulled(values: list[Any], mask: np.ndarray | None) -> list[Any]:
    if mask is None or not mask.any():
        return values
    return [None if null else v for v, null in zip(values, mask.tolist(), strict=True)]


def _element_type(kind: int) -> pa.DataType:
    return {
        _BOOL: pa.bool_(),
        _INT8: pa.int8(),
        _INT16: pa.int16(),
        _INT32: pa.int32(),
        _INT64: pa.int64(),
        _FLOAT: pa.float32(),
        _DOUBLE: pa.float64(),
    }.get(kind, pa.string())


def to_batch(columns: list[schema_pb2.FieldData], schema: pa.Schema) -> pa.RecordBatch:
    """A Query answer's columns as a record batch of ``schema`` (the dynamic field as ``$meta``)."""
    by_name = {DYNAMIC_FIELD if c.is_dynamic else c.field_name: c for c in columns}
    rows = _rows(columns)
    arrays = []
    for field in schema:
        data = by_name.get(field.name)
        if data is None:
            if field.name != DYNAMIC_FIELD:
                raise ValueError(f"Milvus returned no column {field.name!r}")
            arrays.append(pa.array(["{}"] * rows, pa.string()))
            continue
        array = to_arrow(data, rows)
        arrays.append(array if array.type == field.type else array.cast(field.type))
    return pa.RecordBatch.from_arrays(arrays, schema=schema)


def _rows(columns: list[schema_pb2.FieldData]) -> int:
    for data in columns:
        if data.type == _INT64:
            return len(data.scalars.long_data.data)
        if data.type == _VARCHAR:
            return len(data.scalars.string_data.data)
    raise ValueError("a Query answer without its primary key column")


def primary_keys(columns: list[schema_pb2.FieldData], name: str) -> list[Any]:
    """The primary keys of a Query answer, in its order."""
    for data in columns:
        if data.field_name == name:
            member = "long_data" if data.type == _INT64 else "string_data"
            return list(getattr(data.scalars, member).data)
    raise ValueError(f"Milvus returned no primary key column {name!r}")


# -- to Milvus -----------------------------------------------------------------------------


def from_arrow(array: pa.Array, field: model.FieldSchema) -> schema_pb2.FieldData:
    """An Arrow column of a logical backup as the ``FieldData`` of an Insert."""
    kind = field.data_type
    data = schema_pb2.FieldData(type=_data_type(kind), field_name=field.name)
    if field.nullable or field.default_value_base64 or field.default_value_proto:
        # Milvus takes the non-null values only, and which rows they belong to.
        valid = array.is_valid().to_numpy(zero_copy_only=False)
        data.valid_data.extend(valid.tolist())
        array = array.drop_null()
    if kind in _SCALAR_MEMBER and kind not in (_VARCHAR, _JSON):
        values = array.to_numpy(zero_copy_only=False)
        member = getattr(data.scalars, _SCALAR_MEMBER[kind])
        if kind in (_FLOAT, _DOUBLE):
            _set_packed(member, np.asarray(values, "<f4" if kind == _FLOAT else "<f8"))
        else:
            member.data.extend(values.tolist())
    elif kind == _VARCHAR:
        data.scalars.string_data.data.extend(array.to_pylist())
    elif kind == _JSON:
        data.scalars.json_data.data.extend(v.encode() for v in array.to_pylist())
    elif kind == _ARRAY:
        _fill_array(data, array, field.element_type)
    elif kind in (_FLOAT_VECTOR, _FLOAT16_VECTOR, _BFLOAT16_VECTOR, _INT8_VECTOR):
        data.vectors.dim = _dim(field)
        flat = array.flatten().to_numpy(zero_copy_only=False)
        if kind == _FLOAT_VECTOR:
            _set_packed(data.vectors.float_vector, np.asarray(flat, "<f4"))
        elif kind == _FLOAT16_VECTOR:
            data.vectors.float16_vector = flat.astype("<f2").tobytes()
        elif kind == _BFLOAT16_VECTOR:
            bits = np.ascontiguousarray(flat, "<f4").view("<u4") >> 16
            data.vectors.bfloat16_vector = bits.astype("<u2").tobytes()
        else:
            data.vectors.int8_vector = flat.astype(np.int8).tobytes()
    elif kind == _BINARY_VECTOR:
        data.vectors.dim = _dim(field)
        data.vectors.binary_vector = b"".join(array.to_pylist())
    elif kind == _SPARSE_VECTOR:
        sparse = data.vectors.sparse_float_vector
        dim = 0
        for text in array.to_pylist():
            row = sorted((int(k), float(v)) for k, v in json.loads(text).items())
            pairs = np.array(row, dtype=[("index", "<u4"), ("value", "<f4")])
            sparse.contents.append(pairs.tobytes())
            dim = max(dim, row[-1][0] + 1 if row else 0)
        sparse.dim = dim
        data.vectors.dim = dim
    else:
        raise ValueError(f"field {field.name!r}: Milvus type {kind} has no logical column")
    return data


def _fill_array(data: schema_pb2.FieldData, array: pa.Array, element: int) -> None:
    cells = data.scalars.array_data
    cells.element_type = _data_type(element)
    member = _SCALAR_MEMBER.get(element, "string_data")
    for value in array.to_pylist():
        cell = cells.data.add()
        getattr(cell, member).data.extend(value or [])


def dynamic_from_arrow(array: pa.Array) -> schema_pb2.FieldData:
    """The ``$meta`` column (JSON text; null for no keys) as the dynamic field of an Insert."""
    data = schema_pb2.FieldData(type=_data_type(_JSON), field_name=DYNAMIC_FIELD, is_dynamic=True)
    data.scalars.json_data.data.extend((v or "{}").encode() for v in array.to_pylist())
    return data


def _data_type(kind: int) -> schema_pb2.DataType:
    # Our model keeps Milvus's type numbers as plain ints; the stubs type them as the enum.
    return cast("schema_pb2.DataType", kind)
