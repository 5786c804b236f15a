"""milvus.uri, and the logical format's conversion of rows to Parquet columns and back."""

from __future__ import annotations

from pathlib import Path

import pytest

from milvus_backup_grpc import model
from milvus_backup_grpc.config import load_config
from milvus_backup_grpc.errors import ConfigError
from milvus_backup_grpc.layout import logical


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
    schema.fields.add(name="vec", data_type=101)
    schema.fields.add(name="bits", data_type=100)
    schema.fields.add(name="j", data_type=23, nullable=True)
    schema.fields.add(name="arr", data_type=22, element_type=21)
    schema.fields.add(name="sparse", data_type=104)
    schema.fields.add(name="$meta", data_type=23, is_dynamic=True)
    return schema


def test_rows_survive_parquet_columns_and_back() -> None:
    schema = _schema()
    rows = [
        {"id": 1, "vec": [0.5, -0.0], "bits": [b"\x0f"], "j": {"a": [1, "x"]},
         "arr": ["p", "q"], "sparse": {3: 0.25, 9: 1.5}, "color": "red"},
        {"id": 2, "vec": [1.0, 2.0], "bits": [b"\xf0"], "j": None, "arr": [],
         "sparse": {}, },
    ]
    arrow = logical.arrow_schema(schema)
    assert arrow.names == ["id", "vec", "bits", "j", "arr", "sparse", "$meta"]
    batch = logical.to_columns(schema, rows, arrow)
    back = logical.to_rows(schema, batch)
    assert back[0] == {"id": 1, "vec": [0.5, -0.0], "bits": b"\x0f", "j": {"a": [1, "x"]},
                       "arr": ["p", "q"], "sparse": {3: 0.25, 9: 1.5}, "color": "red"}
    assert back[1]["j"] is None and back[1]["arr"] == [] and "color" not in back[1]


def test_types_the_format_does_not_carry_are_named() -> None:
    assert logical.supported(101) and not logical.supported(102)
    assert logical.type_name(22) == "Array"
