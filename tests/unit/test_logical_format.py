"""milvus.uri, and the logical format's columns to Milvus's column messages and back."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest

from milvus_backup_grpc import model
from milvus_backup_grpc.config import load_config
from milvus_backup_grpc.errors import ConfigError
from milvus_backup_grpc.layout import logical
from milvus_backup_grpc.milvus import columns
from milvus_backup_grpc.milvus.client import schema_pb2
from milvus_backup_grpc.milvus.lite import lite_problems


def test_a_db_path_is_milvus_lite_made_absolute(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    config = load_config(None, env={}, overrides={"milvus.uri": "./local.db"})
    assert config.milvus.is_lite
    assert config.milvus.lite_path == str(tmp_path / "local.db")
    assert config.milvus.target == str(tmp_path / "local.db")


def test_a_server_uri_wins_over_address_and_port() -> None:
    config = load_config(None, env={"MILVUS_URI": "http://milvus.internal:29530"},
                         overrides={"milvus.address": "other", "milvus.port": "1"})
    assert not config.milvus.is_lite
    assert config.milvus.target == "milvus.internal:29530"
    assert config.milvus.tls_mode == 0
    secure = load_config(None, env={}, overrides={"milvus.uri": "https://zilliz.example"})
    assert secure.milvus.target == "zilliz.example:443" and secure.milvus.tls_mode == 1


def test_address_and_port_keep_working_without_a_uri() -> None:
    config = load_config(None, env={}, overrides={"milvus.address": "db", "milvus.port": "7"})
    assert config.milvus.target == "db:7" and not config.milvus.is_lite


@pytest.mark.parametrize("uri", ["milvus.internal:19530", "ftp://x:1", "data.sqlite"])
def test_a_uri_that_is_neither_is_refused(uri: str) -> None:
    with pytest.raises(ConfigError, match="milvus.uri is .* give a server address"):
        load_config(None, env={}, overrides={"milvus.uri": uri})


def _schema() -> model.CollectionSchema:
    schema = model.CollectionSchema(name="c", enable_dynamic_field=True)
    schema.fields.add(name="id", data_type=5, is_primary_key=True)
    schema.fields.add(name="vec", data_type=101).type_params.add(key="dim", value="2")
    schema.fields.add(name="bits", data_type=100).type_params.add(key="dim", value="8")
    schema.fields.add(name="j", data_type=23, nullable=True)
    schema.fields.add(name="arr", data_type=22, element_type=21)
    schema.fields.add(name="sparse", data_type=104)
    schema.fields.add(name="half", data_type=102).type_params.add(key="dim", value="2")
    schema.fields.add(name="brain", data_type=103).type_params.add(key="dim", value="2")
    schema.fields.add(name="small", data_type=105).type_params.add(key="dim", value="2")
    schema.fields.add(name="i8", data_type=2, nullable=True)
    schema.fields.add(name="f", data_type=10)
    schema.fields.add(name="d", data_type=11)
    schema.fields.add(name="ok", data_type=1)
    schema.fields.add(name="$meta", data_type=23, is_dynamic=True)
    return schema


ROWS = {
    "id": [1, 2, -(2**63)],
    "vec": [[0.5, -0.0], [1.0, 2.0], [3.25, -1e-30]],
    "bits": [b"\x0f", b"\xf0", b"\x00"],
    "j": ['{"a":[1,"x"]}', None, "[1]"],
    "arr": [["p", "q"], [], ["r"]],
    "sparse": ['{"3": 0.25, "9": 1.5}', "{}", '{"0": 2.0}'],
    "half": [[0.5, 65504.0], [-2.0, 0.0009765625], [1.0, 1.0]],
    "brain": [[1.0, -(2.0**100)], [0.5, 0.0078125], [2.0, 0.0]],
    "small": [[-128, 127], [0, 1], [5, -5]],
    "i8": [-128, None, 7],
    "f": [0.1, -1.5, 3.0],
    "d": [0.1, -1e300, 3.0],
    "ok": [True, False, True],
    "$meta": ['{"color":"red"}', None, "{}"],
}


def _batch(schema: model.CollectionSchema) -> pa.RecordBatch:
    arrow = logical.arrow_schema(schema)
    return pa.RecordBatch.from_pydict(ROWS, schema=arrow)


def test_arrow_columns_survive_insert_and_query_messages() -> None:
    # An Insert's columns are what a Query answers for the same rows (but that the answer
    # keeps a null's place in the values); Arrow -> FieldData -> Arrow keeps every value.
    schema = _schema()
    arrow = logical.arrow_schema(schema)
    assert arrow.names == ["id", "vec", "bits", "j", "arr", "sparse", "half", "brain", "small",
                           "i8", "f", "d", "ok", "$meta"]
    batch = _batch(schema)
    fields = {f.name: f for f in schema.fields}
    sent = [columns.dynamic_from_arrow(col) if name == "$meta"
            else columns.from_arrow(col, fields[name])
            for name, col in zip(batch.schema.names, batch.columns, strict=True)]
    assert list(sent[9].valid_data) == [True, False, True]
    assert list(sent[9].scalars.int_data.data) == [-128, 7]  # Milvus takes non-null values only
    assert sent[1].vectors.dim == 2 and sent[2].vectors.binary_vector == b"\x0f\xf0\x00"
    assert len(sent[6].vectors.float16_vector) == 3 * 2 * 2
    answered = []
    for data in sent:  # as a Query answers: a null keeps its place, with a zero value
        answer = schema_pb2.FieldData()
        answer.CopyFrom(data)
        if data.field_name == "i8":
            answer.scalars.int_data.ClearField("data")
            answer.scalars.int_data.data.extend([-128, 0, 7])
        if data.field_name == "j":
            answer.scalars.json_data.ClearField("data")
            answer.scalars.json_data.data.extend([b'{"a":[1,"x"]}', b"", b"[1]"])
        answered.append(answer)
    back = columns.to_batch(answered, arrow)
    expected = batch.to_pydict()
    expected["$meta"] = ['{"color":"red"}', "{}", "{}"]
    got = back.to_pydict()
    for name in ("f",):  # float32 through protobuf: compared as float32
        expected[name] = np.float32(expected[name]).tolist()
    expected["sparse"] = [json.dumps(json.loads(v)) for v in expected["sparse"]]
    assert got == expected


def test_vectors_cross_as_buffers_not_python_numbers() -> None:
    schema = _schema()
    vectors = np.random.default_rng(1).random((1000, 2), dtype=np.float32)
    column = pa.FixedSizeListArray.from_arrays(pa.array(vectors.ravel()), 2)
    data = columns.from_arrow(column.cast(pa.list_(pa.float32())), schema.fields[1])
    assert np.array_equal(np.asarray(data.vectors.float_vector.data, np.float32), vectors.ravel())
    back = columns.to_arrow(data, 1000)
    assert np.array_equal(back.flatten().to_numpy(), vectors.ravel())


def test_a_float16_value_is_widened_exactly() -> None:
    field = _schema().fields[6]
    values = np.array([0.1, 3.0, -7.5, 1e-5], np.float16)
    rows = values.astype(np.float32).reshape(2, 2).tolist()
    data = columns.from_arrow(pa.array(rows, pa.list_(pa.float32())), field)
    assert data.vectors.float16_vector == values.tobytes()
    assert columns.to_arrow(data, 2).to_pylist() == rows


def test_types_the_format_does_not_carry_are_named() -> None:
    assert logical.supported(101) and logical.supported(102) and not logical.supported(24)
    assert logical.type_name(22) == "Array"


@pytest.mark.parametrize(("data_type", "name"), [(102, "Float16Vector"), (103, "BFloat16Vector"),
                                                 (105, "Int8Vector"), (100, "BinaryVector")])
def test_vectors_milvus_lite_refuses_to_create_are_named_before_a_restore(
        data_type: int, name: str) -> None:
    # Measured on milvus-lite 3.2.2: CreateCollection answers "... which MilvusLite does not
    # support" for each of these, so a restore into Lite refuses them before creating anything.
    coll = model.CollectionBackupInfo(collection_name="c", db_name="default")
    coll.schema.fields.add(name="id", data_type=5, is_primary_key=True)
    coll.schema.fields.add(name="v", data_type=data_type)
    assert list(lite_problems(coll, restore_index=False, use_auto_index=False)) == [
        f"default.c: field 'v' is {name}, which Milvus Lite does not store"]
