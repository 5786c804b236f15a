"""REST answers in upstream's v0.5.10+ shapes (the default) and in those of v0.5.9."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest

from milvus_backup_grpc.api import rest_shapes
from milvus_backup_grpc.api.grpc_server import BackupServicer
from milvus_backup_grpc.api.rest import Request, RestApi
from milvus_backup_grpc.config import load_config
from milvus_backup_grpc.errors import ConfigError
from milvus_backup_grpc.layout import codec
from milvus_backup_grpc.pb import backup_pb2 as pb
from tests.unit.samples import build_backup_info

# upstream v0.5.16's messages: every key a BackupInfoBrief / BackupSummary can carry
BRIEF_KEYS = {"id", "state_code", "errorMessage", "start_time", "end_time", "progress", "name",
              "backup_timestamp", "collection_backups", "size", "milvus_version",
              "rpc_channel_info", "database_backups", "meta_size"}
COLLECTION_BRIEF_KEYS = {"id", "collection_id", "db_name", "collection_name", "schema",
                         "shards_num", "backup_timestamp", "size", "has_index", "index_infos",
                         "load_state", "backup_physical_timestamp", "channel_checkpoints",
                         "properties"}


def _info_answer(request_id: str = "") -> dict[str, Any]:
    return codec.to_go_dict(pb.BackupInfoResponse(requestId=request_id, data=build_backup_info()))


def test_get_backup_answers_a_brief_with_names() -> None:
    full = _info_answer("r1")
    shaped = rest_shapes.shape_answer("get_backup", full, rest_shapes.NEWEST)
    data = shaped["data"]
    assert set(data) <= BRIEF_KEYS
    assert data["name"] == full["data"]["name"] and data["name"]
    [coll] = data["collection_backups"]
    assert set(coll) <= COLLECTION_BRIEF_KEYS
    assert "partition_backups" not in coll
    assert coll["collection_name"] == full["data"]["collection_backups"][0]["collection_name"]
    assert coll["schema"] == full["data"]["collection_backups"][0]["schema"]
    assert shaped["requestId"] == "r1"


def test_list_answers_summaries() -> None:
    info = build_backup_info()
    full = codec.to_go_dict(pb.ListBackupsResponse(data=[info, info]))
    shaped = rest_shapes.shape_answer("list", full, rest_shapes.NEWEST)
    assert shaped["data"] == [
        {"id": info.id, "name": info.name, "size": info.size,
         "milvus_version": info.milvus_version}] * 2
    assert "code" not in shaped  # Success stays omitted, as upstream's gin answers


@pytest.mark.parametrize("route", ["create", "get_backup", "delete", "restore"])
def test_a_request_id_is_made_up_when_none_was_given(route: str) -> None:
    shaped = rest_shapes.shape_answer(route, _info_answer(), rest_shapes.NEWEST)
    assert uuid.UUID(shaped["requestId"])
    assert next(iter(shaped)) == "requestId"


@pytest.mark.parametrize("route", ["list", "get_restore"])
def test_list_and_get_restore_make_up_none_as_upstream(route: str) -> None:
    assert "requestId" not in rest_shapes.shape_answer(route, _info_answer(), rest_shapes.NEWEST)


def test_restore_answers_carry_sizes() -> None:
    tree = codec.to_go_dict(pb.RestoreBackupResponse(data=pb.RestoreBackupTaskResponse(id="t")))
    shaped = rest_shapes.shape_answer("get_restore", tree, rest_shapes.NEWEST, (10, 40))
    assert (shaped["data"]["restored_size"], shaped["data"]["to_restore_size"]) == (10, 40)


@pytest.mark.parametrize("route", ["create", "get_backup", "list", "restore", "delete"])
def test_v059_shapes_are_the_messages_as_they_are(route: str) -> None:
    tree = _info_answer()
    assert rest_shapes.shape_answer(route, tree, rest_shapes.V059, (1, 2)) == tree


def test_the_setting_is_checked_and_reaches_the_rest_door() -> None:
    assert load_config(None, env={}).server.rest_shapes == "v0.5.10"
    old = load_config(None, env={"MILVUS_BACKUP_REST_SHAPES": "v0.5.9"})
    assert old.server.rest_shapes == "v0.5.9"
    with pytest.raises(ConfigError, match="server.rest.shapes is 'v0.6'"):
        load_config(None, env={}, overrides={"server.rest.shapes": "v0.6"})


class _Engine:
    """Just enough engine for a list answer."""

    def list_backups(self, collection_name: str = "") -> list[pb.BackupInfo]:
        return [build_backup_info()]


@pytest.mark.parametrize(("shapes", "keys"), [
    ("v0.5.10", {"id", "name", "size", "milvus_version"}),
    ("v0.5.9", None),
])
def test_rest_door_lists_in_the_configured_shapes(shapes: str, keys: set[str] | None) -> None:
    api = RestApi(BackupServicer(_Engine()), shapes=shapes)  # type: ignore[arg-type]
    body = json.loads(api.handle(Request("GET", "/api/v1/list")).body)
    [entry] = body["data"]
    if keys is None:
        assert "collection_backups" in entry
    else:
        assert set(entry) == keys


def test_a_request_may_ask_for_the_other_shapes_and_a_bad_ask_changes_nothing() -> None:
    api = RestApi(BackupServicer(_Engine()))  # type: ignore[arg-type]
    body = json.loads(api.handle(Request("GET", "/api/v1/list", {"shapes": "v0.5.9"})).body)
    assert "collection_backups" in body["data"][0]
    bad = api.handle(Request("POST", "/api/v1/create", {"shapes": "v9"}, body=b'{"x": 1}'))
    assert bad.status == 400 and b"shapes='v9'" in bad.body  # _Engine has no create_backup


def test_the_brief_keeps_this_services_own_fields() -> None:
    info = build_backup_info()
    info.incremental = True
    info.depends_on.append("base")
    brief = rest_shapes.backup_info_brief(codec.to_go_dict(info))
    assert (brief["incremental"], brief["depends_on"]) == (True, ["base"])
