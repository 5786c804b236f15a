"""Requests of the Milvus 2.5-3.0 features built from the milvuspb stubs: privilege groups,
per-collection GC pause, FlushAll, and the snapshot format. No Milvus of those versions runs
here, so a recording gateway stands in for the server and the tests pin what is sent."""

from __future__ import annotations

import http.server
import json
import threading
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from milvus_backup_grpc import model
from milvus_backup_grpc.errors import MilvusError, RequestError
from milvus_backup_grpc.milvus import rbac, versions
from milvus_backup_grpc.milvus.client import MilvusGateway
from milvus_backup_grpc.milvus.management import GCPause
from milvus_backup_grpc.milvus.versions import ServerFeatures
from milvus_backup_grpc.milvuspb import milvus_pb2
from milvus_backup_grpc.pb import backup_pb2 as pb


@dataclass
class _Config:
    target: str = "milvus:19530"


@dataclass
class RecordingMilvus:
    """Answers from a table; every call is recorded with its request."""

    answers: dict[str, Any] = field(default_factory=dict)
    missing: set[str] = field(default_factory=set)
    calls: list[tuple[str, Any]] = field(default_factory=list)
    config: _Config = field(default_factory=_Config)

    call_if_implemented = MilvusGateway.call_if_implemented

    def call(self, method: str, request: Any, db: str = "", **_: Any) -> Any:
        self.calls.append((method, request))
        if method in self.missing:
            raise MilvusError(
                f"Milvus {method} failed: StatusCode.UNIMPLEMENTED: unknown method {method} "
                "for service milvus.proto.milvus.MilvusService"
            )
        answer = self.answers.get(method)
        return answer(request) if callable(answer) else answer

    def list_databases(self) -> list[str]:
        return ["default"]

    def sent(self, method: str) -> list[Any]:
        return [r for m, r in self.calls if m == method]


def _rbac_answers(groups: list[milvus_pb2.PrivilegeGroupInfo]) -> dict[str, Any]:
    return {
        "SelectUser": milvus_pb2.SelectUserResponse(),
        "SelectRole": milvus_pb2.SelectRoleResponse(),
        "SelectGrant": milvus_pb2.SelectGrantResponse(),
        "ListPrivilegeGroups": milvus_pb2.ListPrivilegeGroupsResponse(privilege_groups=groups),
    }


def _group(name: str, *privileges: str) -> milvus_pb2.PrivilegeGroupInfo:
    return milvus_pb2.PrivilegeGroupInfo(
        group_name=name, privileges=[milvus_pb2.PrivilegeEntity(name=p) for p in privileges]
    )


# -- privilege groups ---------------------------------------------------------------------


def test_privilege_groups_are_backed_up_under_upstreams_json_key() -> None:
    milvus = RecordingMilvus(_rbac_answers([_group("readers", "Query", "Search")]))
    meta = rbac.read_rbac(milvus)  # type: ignore[arg-type]
    assert milvus.sent("ListPrivilegeGroups") == [milvus_pb2.ListPrivilegeGroupsRequest()]
    assert [(g.group_name, [p.name for p in g.privileges]) for g in meta.privilege_groups] == [
        ("readers", ["Query", "Search"])
    ]
    from milvus_backup_grpc.layout import codec

    as_json = codec.to_go_dict(pb.BackupInfo(rbac_meta=meta))
    assert as_json["rbac_meta"]["privilege_groups"] == [  # type: ignore[index]
        {"group_name": "readers", "privileges": [{"name": "Query"}, {"name": "Search"}]}
    ]


def test_a_server_without_privilege_groups_is_noted_and_skipped(
    caplog: pytest.LogCaptureFixture,
) -> None:
    milvus = RecordingMilvus(_rbac_answers([]), missing={"ListPrivilegeGroups"})
    with caplog.at_level("INFO"):
        meta = rbac.read_rbac(milvus)  # type: ignore[arg-type]
    assert list(meta.privilege_groups) == []
    assert "no privilege groups" in caplog.text


def test_groups_are_restored_before_the_grants_that_use_them() -> None:
    backup = model.RBACMeta(
        roles=[pb.RoleEntity(name="analyst")],
        privilege_groups=[
            pb.PrivilegeGroupInfo(group_name="readers", privileges=[
                pb.PrivilegeEntity(name="Query"), pb.PrivilegeEntity(name="Search")]),
            pb.PrivilegeGroupInfo(group_name="writers", privileges=[
                pb.PrivilegeEntity(name="Insert"), pb.PrivilegeEntity(name="Upsert")]),
        ],
        grants=[pb.GrantEntity(
            role=pb.RoleEntity(name="analyst"), object=pb.ObjectEntity(name="Collection"),
            object_name="docs", db_name="default",
            grantor=pb.GrantorEntity(privilege=pb.PrivilegeEntity(name="readers")))],
    )
    # The target has "writers" already, with one of its two privileges.
    milvus = RecordingMilvus(_rbac_answers([_group("writers", "Insert")]))
    report = rbac.restore_rbac(milvus, backup)  # type: ignore[arg-type]
    assert report.groups_created == ["readers"]
    assert report.group_privileges_added == 3
    assert milvus.sent("CreatePrivilegeGroup") == [
        milvus_pb2.CreatePrivilegeGroupRequest(group_name="readers")
    ]
    assert milvus.sent("OperatePrivilegeGroup") == [
        milvus_pb2.OperatePrivilegeGroupRequest(
            group_name="readers",
            privileges=[milvus_pb2.PrivilegeEntity(name="Query"),
                        milvus_pb2.PrivilegeEntity(name="Search")],
            type=milvus_pb2.AddPrivilegesToGroup,
        ),
        milvus_pb2.OperatePrivilegeGroupRequest(
            group_name="writers", privileges=[milvus_pb2.PrivilegeEntity(name="Upsert")],
            type=milvus_pb2.AddPrivilegesToGroup,
        ),
    ]
    order = [m for m, _ in milvus.calls]
    assert order.index("OperatePrivilegeGroup") < order.index("OperatePrivilege")
    (grant,) = milvus.sent("OperatePrivilege")
    assert grant.entity.grantor.privilege.name == "readers"


def test_restoring_groups_into_a_server_without_them_is_refused() -> None:
    backup = model.RBACMeta(privilege_groups=[pb.PrivilegeGroupInfo(group_name="readers")])
    milvus = RecordingMilvus(_rbac_answers([]), missing={"ListPrivilegeGroups"})
    with pytest.raises(RequestError, match=r"privilege groups \['readers'\].*2\.3\.5"):
        rbac.check_privilege_groups_target(milvus, backup, "2.3.5")  # type: ignore[arg-type]
    assert [m for m, _ in milvus.calls] == ["ListPrivilegeGroups"]  # nothing written
    # Without groups in the backup there is nothing to refuse, and nothing is asked.
    quiet = RecordingMilvus(missing={"ListPrivilegeGroups"})
    rbac.check_privilege_groups_target(quiet, model.RBACMeta(), "2.3.5")  # type: ignore[arg-type]
    assert quiet.calls == []


def test_other_failures_of_list_privilege_groups_are_not_taken_for_absence() -> None:
    milvus = RecordingMilvus({"ListPrivilegeGroups": _fail})
    with pytest.raises(MilvusError, match="permission denied"):
        rbac.read_privilege_groups(milvus)  # type: ignore[arg-type]


def _fail(_: Any) -> None:
    raise MilvusError("Milvus ListPrivilegeGroups failed: permission denied")


# -- FlushAll and GC pause ----------------------------------------------------------------


@pytest.mark.parametrize(("version", "serial", "flush_all"), [
    ("v2.3.5", False, False),
    ("2.6.10", False, False),
    ("v2.6.11", False, True),
    ("v2.6.11", True, False),  # serial_flush asks for a Flush per collection
    ("v3.0.0", False, True),
    ("2.6-20260101-abcdef", False, True),  # a 2.6 dev build counts as the line's newest
])
def test_flush_all_is_chosen_from_2_6_11(version: str, serial: bool, flush_all: bool) -> None:
    assert versions.uses_flush_all(ServerFeatures.of(version), serial=serial) is flush_all


def test_flush_all_request_names_the_collections_being_backed_up() -> None:
    request = versions.flush_all_request([("default", "a"), ("db1", "x"), ("default", "b")])
    assert request == milvus_pb2.FlushAllRequest(flush_targets=[
        milvus_pb2.FlushAllTarget(db_name="db1", collection_names=["x"]),
        milvus_pb2.FlushAllTarget(db_name="default", collection_names=["a", "b"]),
    ])


def test_flush_all_results_are_read_per_collection() -> None:
    from milvus_backup_grpc.milvuspb import msg_pb2, schema_pb2

    position = msg_pb2.MsgPosition(channel_name="ch1", timestamp=77)
    answer = milvus_pb2.FlushAllResponse(flush_results=[milvus_pb2.FlushAllResult(
        db_name="default", collection_results=[milvus_pb2.FlushCollectionResult(
            collection_name="a", segment_ids=schema_pb2.LongArray(data=[1, 2]),
            flush_segment_ids=schema_pb2.LongArray(data=[3]), seal_time=5, flush_ts=9,
            channel_cps={"ch1": position})])])
    milvus = RecordingMilvus({"FlushAll": answer})
    got = MilvusGateway.flush_all(milvus, [("default", "a")])  # type: ignore[arg-type]
    result = got[("default", "a")]
    assert (result.segment_ids, result.flushed_segment_ids, result.seal_time,
            result.flush_ts) == ([1, 2], [3], 5, 9)
    assert result.channel_checkpoints == {"ch1": position.SerializeToString()}


@pytest.mark.parametrize(("version", "per_collection"), [
    ("v2.4.13", False), ("2.6.7", False), ("v2.6.8", True), ("v3.0.0", True)])
def test_gc_pause_is_per_collection_from_2_6_8(version: str, per_collection: bool) -> None:
    features = ServerFeatures.of(version)
    assert features.collection_gc_pause is per_collection
    query = versions.gc_pause_query(features, 600, collection_id=449)
    expected = {"pause_seconds": "600"}
    if per_collection:
        expected["collection_id"] = "449"
    assert query == expected
    assert versions.gc_pause_query(features, 600) == {"pause_seconds": "600"}
    assert versions.gc_resume_query("t-1") == {"ticket": "t-1"}
    assert versions.gc_resume_query() == {}


class _Management(http.server.BaseHTTPRequestHandler):
    """The management endpoint of a 2.6.8+ Milvus: a ticket per paused collection."""

    seen: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        _Management.seen.append(self.path)
        query = urllib.parse.parse_qs(urllib.parse.urlparse(self.path).query)
        body = {"msg": "OK"}
        if self.path.startswith("/management/datacoord/garbage_collection/pause"):
            body["ticket"] = f"ticket-{query.get('collection_id', ['all'])[0]}"
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *_: Any) -> None:
        pass


@pytest.fixture
def management() -> Iterator[str]:
    _Management.seen = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Management)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_per_collection_pauses_are_resumed_by_ticket_even_on_failure(management: str) -> None:
    with pytest.raises(RuntimeError), GCPause(management, 120, ServerFeatures.of("v2.6.8")) as gc:
        gc.pause_collection(11)
        gc.pause_collection(12)
        assert gc.tickets == {11: "ticket-11", 12: "ticket-12"}
        raise RuntimeError("copy failed")
    base = "/management/datacoord/garbage_collection/"
    assert _Management.seen == [
        f"{base}pause?pause_seconds=120&collection_id=11",
        f"{base}pause?pause_seconds=120&collection_id=12",
        f"{base}resume?ticket=ticket-11",
        f"{base}resume?ticket=ticket-12",
    ]


def test_older_servers_pause_the_whole_cluster_once(management: str) -> None:
    with GCPause(management, 60, ServerFeatures.of("v2.4.13")) as gc:
        gc.pause_collection(11)  # no collection pause before 2.6.8
    base = "/management/datacoord/garbage_collection/"
    assert _Management.seen == [f"{base}pause?pause_seconds=60", f"{base}resume"]


def test_an_unreachable_endpoint_leaves_gc_running_without_failing(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with GCPause("127.0.0.1:9", 60, ServerFeatures.of("v2.6.8")) as gc:
        gc.pause_collection(11)
    assert gc.tickets == {}
    assert "could not pause Milvus GC of collection 11" in caplog.text
