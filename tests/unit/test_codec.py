"""The meta JSON codec writes and reads what upstream's Go encoding/json does.

Upstream marshals protoc-gen-go v1.3.2 structs with encoding/json: keys are the proto field
names, enums and 64-bit integers are JSON numbers, zero values are omitted except for the
fields whose tags gen_proto.sh strips ``omitempty`` from, and decoding ignores unknown keys
and matches keys case-insensitively.
"""

from __future__ import annotations

import base64
import json

import pytest

from milvus_backup_grpc import model
from milvus_backup_grpc.errors import LayoutError
from milvus_backup_grpc.layout import codec
from milvus_backup_grpc.pb import backup_pb2 as pb
from tests.unit.samples import COLL_ID, PART_DEFAULT, SEG_A, SEG_B


def _encoded(info: model.BackupInfo) -> dict:
    return json.loads(codec.dumps(info))


def test_keys_are_proto_field_names_not_lower_camel(backup_info: model.BackupInfo) -> None:
    tree = _encoded(backup_info)
    coll = tree["collection_backups"][0]
    field = coll["schema"]["fields"][0]
    binlog_group = coll["partition_backups"][0]["segment_backups"][0]["binlogs"][0]

    assert "collection_backups" in tree and "collectionBackups" not in tree
    assert coll["collection_id"] == COLL_ID
    assert coll["collection_name"] == "books"
    assert field["fieldID"] == 100 and "field_id" not in field
    assert field["is_primary_key"] is True
    assert binlog_group["fieldID"] == 100
    assert set(binlog_group["binlogs"][0]) == {"entries_num", "log_path", "log_size", "log_id"}


def test_camel_case_proto_names_stay_camel_case() -> None:
    info = model.BackupInfo(errorMessage="boom")
    schema = model.CollectionSchema(autoID=True, fields=[model.FieldSchema(fieldID=7, autoID=True)])

    assert _encoded(info)["errorMessage"] == "boom"
    assert codec.to_go_dict(schema) == {"autoID": True, "fields": [{"fieldID": 7, "autoID": True}]}


def test_enums_are_integers(backup_info: model.BackupInfo) -> None:
    tree = _encoded(backup_info)
    coll = tree["collection_backups"][0]

    assert tree["state_code"] == 2
    assert coll["state_code"] == 2
    assert coll["consistency_level"] == 1
    assert [f["data_type"] for f in coll["schema"]["fields"]] == [5, 101, 21]


def test_int64_values_are_json_numbers_without_precision_loss(
    backup_info: model.BackupInfo,
) -> None:
    text = codec.dumps(backup_info).decode("utf-8")

    assert f'"collection_id":{COLL_ID}' in text
    assert f'"segment_id":{SEG_A}' in text
    assert '"backup_timestamp":450123456789012345' in text
    assert f'"{COLL_ID}"' not in text


def test_output_is_compact_utf8_like_go() -> None:
    data = codec.dumps(model.BackupInfo(name="bk", milvus_version="书"))

    assert data == (
        b'{"state_code":0,"progress":0,"name":"bk","size":0,'
        b'"milvus_version":"\xe4\xb9\xa6","meta_size":0}'
    )


def test_zero_values_are_omitted_except_the_always_emitted_fields() -> None:
    assert codec.to_go_dict(model.BackupInfo()) == {
        "state_code": 0,
        "progress": 0,
        "size": 0,
        "meta_size": 0,
    }
    assert codec.to_go_dict(model.CollectionBackupInfo()) == {
        "state_code": 0,
        "progress": 0,
        "size": 0,
        "has_index": False,
    }
    assert codec.to_go_dict(model.PartitionBackupInfo()) == {"size": 0}
    assert codec.to_go_dict(model.SegmentBackupInfo()) == {"size": 0}
    assert codec.to_go_dict(model.Binlog()) == {"log_size": 0}
    # A FieldBinlog with nothing in it is "{}": upstream v0.4.30 writes "deltalogs":[{}].
    assert codec.to_go_dict(model.FieldBinlog()) == {}
    assert codec.to_go_dict(model.FieldSchema()) == {}


def test_unset_message_under_an_always_emitted_name_is_null() -> None:
    response = pb.BackupInfoResponse(requestId="r1", code=pb.Success)

    assert codec.to_go_dict(response) == {"requestId": "r1", "data": None}


def test_keys_follow_declaration_order(backup_info: model.BackupInfo) -> None:
    tree = _encoded(backup_info)
    segment = tree["collection_backups"][0]["partition_backups"][0]["segment_backups"][0]

    assert list(tree) == [
        "id",
        "state_code",
        "start_time",
        "end_time",
        "progress",
        "name",
        "collection_backups",
        "size",
        "milvus_version",
        "database_backups",
        "meta_size",
    ]
    assert list(segment) == [
        "segment_id",
        "collection_id",
        "partition_id",
        "num_of_rows",
        "binlogs",
        "deltalogs",
        "size",
        "group_id",
        "backuped",
    ]


def test_bytes_are_standard_base64() -> None:
    position = pb.MsgPosition(channel_name="ch", msgID=b"\x01\x02\xff", timestamp=9)

    assert codec.to_go_dict(position) == {"channel_name": "ch", "msgID": "AQL/", "timestamp": 9}
    assert codec.loads(b'{"msgID":"AQL/"}', pb.MsgPosition).msgID == b"\x01\x02\xff"


def test_maps_are_json_objects(backup_info: model.BackupInfo) -> None:
    coll = _encoded(backup_info)["collection_backups"][0]

    assert coll["index_infos"][0]["params"] == {
        "index_type": "HNSW",
        "metric_type": "L2",
        "params": '{"M": 8}',
    }
    assert list(coll["channel_checkpoints"]) == [f"by-dev-rootcoord-dml_0_{COLL_ID}v0"]


def test_round_trip_is_lossless(backup_info: model.BackupInfo) -> None:
    again = codec.loads(codec.dumps(backup_info), model.BackupInfo)

    assert again == backup_info


def test_round_trip_with_indent_is_lossless(backup_info: model.BackupInfo) -> None:
    text = codec.dumps(backup_info, indent=2)

    assert text.startswith(b'{\n  "id": ')
    assert codec.loads(text, model.BackupInfo) == backup_info


def test_decode_ignores_unknown_keys() -> None:
    data = json.dumps(
        {
            "name": "bk",
            "format": "snapshot",
            "flush_all_msgs_base64": {"by-dev-rootcoord-dml_0": "AAAA"},
            "collection_backups": [{"collection_id": 5, "db_id": 1, "replicas": [{"id": 1}]}],
        }
    )

    info = codec.loads(data, model.BackupInfo)

    assert info.name == "bk"
    assert [c.collection_id for c in info.collection_backups] == [5]


def test_aliases_use_upstream_key() -> None:
    # Upstream (since #892) writes a collection's aliases as "aliases" in collection_meta.json.
    data = b'{"name":"bk","collection_backups":[{"collection_name":"c","aliases":["a","b"]}]}'

    info = codec.loads(data, model.BackupInfo)

    assert list(info.collection_backups[0].aliases) == ["a", "b"]
    assert json.loads(codec.dumps(info))["collection_backups"][0]["aliases"] == ["a", "b"]


def test_decode_matches_keys_case_insensitively() -> None:
    data = (
        b'{"NAME":"bk","Collection_Backups":[{"COLLECTION_ID":7,"Schema":{"AUTOID":true,'
        b'"fields":[{"FieldID":100,"Data_Type":5}]}}],"errormessage":"x"}'
    )

    info = codec.loads(data, model.BackupInfo)

    assert info.name == "bk"
    assert info.errorMessage == "x"
    coll = info.collection_backups[0]
    assert coll.collection_id == 7
    assert coll.schema.autoID is True
    assert (coll.schema.fields[0].fieldID, coll.schema.fields[0].data_type) == (100, pb.Int64)


def test_decode_accepts_null_everywhere() -> None:
    data = (
        b'{"name":"bk","size":null,"collection_backups":null,"rbac_meta":null,'
        b'"database_backups":[null],"state_code":null}'
    )

    info = codec.loads(data, model.BackupInfo)

    assert info.name == "bk"
    assert info.size == 0
    assert len(info.collection_backups) == 0
    assert not info.HasField("rbac_meta")
    assert len(info.database_backups) == 1 and info.database_backups[0].db_name == ""
    assert codec.loads(b"null", model.BackupInfo) == model.BackupInfo()


def test_decode_accepts_enum_names_as_well_as_numbers() -> None:
    coll = codec.loads(
        b'{"consistency_level":"Bounded","state_code":3}', model.CollectionBackupInfo
    )

    assert coll.consistency_level == pb.Bounded
    assert coll.state_code == model.BACKUP_FAIL


def test_upstream_v0430_segment_with_empty_deltalogs_entry_decodes() -> None:
    # As upstream v0.4.30 writes a segment without deletes: one empty FieldBinlog.
    data = (
        (
            '{"segment_id":SEG,"collection_id":COLL,"partition_id":PART,"num_of_rows":200,'
            '"binlogs":[{"fieldID":100,"binlogs":[{"entries_num":200,"log_path":'
            '"files/insert_log/COLL/PART/SEG/100/1001","log_size":10200}]},'
            '{"fieldID":101,"binlogs":[{"entries_num":200,"log_path":'
            '"files/insert_log/COLL/PART/SEG/101/1002","log_size":10300}]}],'
            '"deltalogs":[{}],"size":20500,"group_id":SEG,"backuped":true}'
        )
        .replace("SEG", str(SEG_B))
        .replace("COLL", str(COLL_ID))
        .replace("PART", str(PART_DEFAULT))
    )

    seg = codec.loads(data, model.SegmentBackupInfo)

    assert (seg.segment_id, seg.partition_id, seg.group_id) == (SEG_B, PART_DEFAULT, SEG_B)
    assert seg.num_of_rows == 200 and seg.size == 20500 and seg.backuped
    assert [fb.fieldID for fb in seg.binlogs] == [100, 101]
    assert seg.binlogs[1].binlogs[0].log_path.endswith("/101/1002")
    assert seg.binlogs[1].binlogs[0].log_size == 10300
    assert len(seg.deltalogs) == 1
    assert seg.deltalogs[0].fieldID == 0 and len(seg.deltalogs[0].binlogs) == 0


def test_upstream_field_schema_with_default_value_base64_decodes() -> None:
    raw = pb.ValueField(string_data="hello").SerializeToString()
    data = (
        '{"fieldID":102,"name":"title","description":"book title","data_type":21,'
        '"type_params":[{"key":"max_length","value":"256"}],"nullable":true,'
        '"default_value_base64":"B64"}'
    ).replace("B64", base64.b64encode(raw).decode())

    field = codec.loads(data, model.FieldSchema)

    assert (field.fieldID, field.name, field.data_type) == (102, "title", pb.VarChar)
    assert field.nullable is True
    assert [(kv.key, kv.value) for kv in field.type_params] == [("max_length", "256")]
    value = pb.ValueField()
    value.ParseFromString(base64.b64decode(field.default_value_base64))
    assert value.string_data == "hello"


def test_go_shaped_default_value_oneof_is_ignored_on_decode() -> None:
    # encoding/json writes a filled oneof as {"Data":{"LongData":5}}, which nothing can read
    # back; the value that counts is default_value_base64.
    raw = pb.ValueField(long_data=5).SerializeToString()
    data = (
        '{"fieldID":1,"name":"n","default_value":{"Data":{"LongData":5}},'
        '"default_value_base64":"B64"}'
    ).replace("B64", base64.b64encode(raw).decode())

    field = codec.loads(data, model.FieldSchema)

    assert field.default_value.WhichOneof("data") is None
    assert base64.b64decode(field.default_value_base64) == raw


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"{not json", "not valid JSON for BackupInfo"),
        (b"\xff\xfe", "not valid JSON for BackupInfo"),
        (b"[1, 2]", "BackupInfo must be a JSON object, got list"),
        (b'"bk"', "BackupInfo must be a JSON object, got str"),
        (b'{"size":"lots"}', "BackupInfo.size"),
        (b'{"name":5}', "BackupInfo.name"),
        (b'{"collection_backups":{}}', "BackupInfo.collection_backups"),
        (b'{"rbac_meta":[]}', "BackupInfo.rbac_meta"),
        (b'{"collection_backups":[{"has_index":"yes"}]}', "CollectionBackupInfo.has_index"),
        (b'{"collection_backups":[{"channel_checkpoints":{"ch":5}}]}', "channel_checkpoints"),
    ],
)
def test_malformed_json_raises_layout_error(data: bytes, expected: str) -> None:
    with pytest.raises(LayoutError, match=expected):
        codec.loads(data, model.BackupInfo)


def test_list_item_that_is_not_an_object_raises_layout_error() -> None:
    with pytest.raises(LayoutError):
        codec.loads(b'{"collection_backups":[5]}', model.BackupInfo)


def test_unknown_enum_name_raises_layout_error() -> None:
    with pytest.raises(LayoutError):
        codec.loads(b'{"state_code":"DONE"}', model.BackupInfo)
