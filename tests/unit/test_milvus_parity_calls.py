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
from pathlib import Path
from typing import Any

import pytest

from milvus_backup_grpc import model
from milvus_backup_grpc.config import Config, load_config
from milvus_backup_grpc.engine import snapshot_format
from milvus_backup_grpc.errors import MilvusError, RequestError, StorageError
from milvus_backup_grpc.milvus import rbac, snapshots, versions
from milvus_backup_grpc.milvus.client import MilvusGateway
from milvus_backup_grpc.milvus.management import GCPause
from milvus_backup_grpc.milvus.versions import ServerFeatures
from milvus_backup_grpc.milvuspb import milvus_pb2
from milvus_backup_grpc.pb import backup_pb2 as pb
from milvus_backup_grpc.storage.local import LocalStorage


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


# -- snapshot format ----------------------------------------------------------------------


def _config(**overrides: str) -> Config:
    settings = {
        "minio.storageType": "minio", "minio.address": "minio", "minio.port": "9000",
        "minio.bucketName": "milvus-bucket", "minio.accessKeyID": "ak",
        "minio.secretAccessKey": "sk", "minio.backupBucketName": "backups",
        "minio.backupRootPath": "root", "backup.importPollSeconds": "0.01",
    }
    settings.update(overrides)
    return load_config(None, env={}, overrides=settings)


def test_a_backup_on_milvuss_own_backend_names_only_bucket_and_key() -> None:
    config = _config()
    place = snapshots.snapshot_place(config.milvus_storage, config.backup_storage, "root/b1/")
    assert place == snapshots.SnapshotPlace("s3://backups/root/b1", "")
    assert place.bundle_uri() == "s3://backups/root/b1/bundle"
    exported = "s3://backups/root/b1/bundle/449/metadata/450.json"
    assert place.metadata_path(exported) == "bundle/449/metadata/450.json"
    assert place.metadata_uri("bundle/449/metadata/450.json") == exported


def test_another_endpoint_is_named_with_its_credentials() -> None:
    config = _config(**{"minio.backupAddress": "backup-s3", "minio.backupPort": "9100",
                        "minio.backupAccessKeyID": "bak", "minio.backupSecretAccessKey": "bsk"})
    place = snapshots.snapshot_place(config.milvus_storage, config.backup_storage, "root/b1/")
    assert place.dir_uri == "minio://backup-s3:9100/backups/root/b1"
    assert json.loads(place.external_spec) == {"extfs": {
        "cloud_provider": "minio", "use_ssl": "false",
        "access_key_id": "bak", "access_key_value": "bsk"}}
    # Milvus reports the metadata with the endpoint it resolved: only bucket and key count.
    assert place.metadata_path(
        "minio://10.0.0.7:9100/backups/root/b1/bundle/m.json") == "bundle/m.json"


@pytest.mark.parametrize(("settings", "words"), [
    ({"minio.backupStorageType": "local"}, "'local'"),
    ({"minio.backupStorageType": "azure"}, "'azure'"),
])
def test_stores_milvus_cannot_be_pointed_at_are_refused(
    settings: dict[str, str], words: str,
) -> None:
    config = _config(**settings)
    with pytest.raises(RequestError, match=words):
        snapshots.snapshot_place(config.milvus_storage, config.backup_storage, "root/b1/")


def test_recorded_metadata_paths_must_stay_inside_the_backup() -> None:
    place = snapshots.SnapshotPlace("s3://backups/root/b1", "")
    for bad in ("", "s3://elsewhere/x.json", "bundle/../../other/x.json"):
        with pytest.raises(RequestError):
            place.metadata_uri(bad)
    with pytest.raises(RequestError, match="not under"):
        place.metadata_path("s3://backups/root/other/bundle/m.json")


def test_snapshot_requests_are_built_from_the_milvus_3_stubs() -> None:
    place = snapshots.SnapshotPlace("minio://s3:9000/backups/root/b1", '{"extfs": {}}')
    assert snapshots.export_snapshot_request("db1", "docs", "snap", place) == (
        milvus_pb2.ExportSnapshotRequest(
            name="snap", db_name="db1", collection_name="docs",
            target_s3_path="minio://s3:9000/backups/root/b1/bundle",
            external_spec='{"extfs": {}}'))
    assert snapshots.restore_external_snapshot_request(
        "db2", "docs_r", "minio://s3:9000/backups/root/b1/bundle/m.json", place) == (
        milvus_pb2.RestoreExternalSnapshotRequest(
            db_name="db2", target_collection_name="docs_r",
            snapshot_metadata_uri="minio://s3:9000/backups/root/b1/bundle/m.json",
            external_spec='{"extfs": {}}'))
    created = snapshots.create_snapshot_request("db1", "docs", "snap")
    assert (created.name, created.db_name, created.collection_name,
            created.compaction_protection_seconds) == ("snap", "db1", "docs", 0)
    assert snapshots.export_state_request(7) == milvus_pb2.GetExportSnapshotStateRequest(job_id=7)
    assert snapshots.restore_state_request(8) == milvus_pb2.GetRestoreSnapshotStateRequest(
        job_id=8)
    assert snapshots.drop_snapshot_request("db1", "docs", "snap") == (
        milvus_pb2.DropSnapshotRequest(name="snap", db_name="db1", collection_name="docs"))


class RecordingGateway(MilvusGateway):
    """The real gateway's methods over a recorded ``call`` (no channel)."""

    def __init__(self, answers: dict[str, Any], missing: set[str] | None = None) -> None:
        self.config = _config().milvus
        self.recorder = RecordingMilvus(answers, missing or set())

    def call(self, method: str, request: Any, db: str = "", timeout: float | None = None,
             allow_codes: Any = ()) -> Any:
        return self.recorder.call(method, request, db)


@pytest.mark.parametrize(("version", "missing", "words"), [
    ("v2.3.5", set(), "needs Milvus 3.0 or newer"),
    ("v2.6.11", set(), "needs Milvus 3.0 or newer"),
    ("v3.0.0", {"ListSnapshots"}, "does not implement them"),
])
def test_servers_without_snapshots_are_named(version: str, missing: set[str], words: str) -> None:
    milvus = RecordingGateway({"GetVersion": milvus_pb2.GetVersionResponse(version=version)},
                              missing)
    problem = snapshot_format.snapshot_support_problem(
        milvus, ServerFeatures.of(version), ("default", "docs"))
    assert problem is not None and words in problem and version in problem


def test_a_3_0_server_with_snapshots_is_accepted() -> None:
    milvus = RecordingGateway({
        "GetVersion": milvus_pb2.GetVersionResponse(version="v3.0.0"),
        "ListSnapshots": milvus_pb2.ListSnapshotsResponse()})
    assert snapshot_format.snapshot_support_problem(
        milvus, ServerFeatures.of("v3.0.0"), ("default", "docs")) is None
    assert milvus.recorder.sent("ListSnapshots") == [
        milvus_pb2.ListSnapshotsRequest(db_name="default", collection_name="docs")]


def _snapshot_answers(states: list[int], uri: str) -> dict[str, Any]:
    from milvus_backup_grpc.milvuspb import common_pb2, schema_pb2

    polls = iter(states)
    return {
        "GetVersion": milvus_pb2.GetVersionResponse(version="v3.0.0"),
        "DescribeCollection": milvus_pb2.DescribeCollectionResponse(
            collectionID=449, shards_num=1, schema=schema_pb2.CollectionSchema(
                name="docs", fields=[schema_pb2.FieldSchema(
                    fieldID=100, name="id", is_primary_key=True, data_type=5)])),
        "GetLoadState": milvus_pb2.GetLoadStateResponse(state=common_pb2.LoadStateNotLoad),
        "ListAliases": milvus_pb2.ListAliasesResponse(aliases=["live"]),
        "DescribeIndex": milvus_pb2.DescribeIndexResponse(),
        "ShowPartitions": milvus_pb2.ShowPartitionsResponse(
            partition_names=["_default"], partitionIDs=[450]),
        "Flush": milvus_pb2.FlushResponse(),
        "CreateSnapshot": common_pb2.Status(),
        "DescribeSnapshot": milvus_pb2.DescribeSnapshotResponse(create_ts=4242),
        "ExportSnapshot": milvus_pb2.ExportSnapshotResponse(job_id=77),
        "GetExportSnapshotState": lambda _: milvus_pb2.GetExportSnapshotStateResponse(
            info=milvus_pb2.ExportSnapshotInfo(
                state=next(polls), reason="disk full", snapshot_metadata_uri=uri,
                total_files=12, total_bytes=3456)),
        "DropSnapshot": common_pb2.Status(),
    }


def _snapshot_job(tmp_path: Path, milvus: MilvusGateway) -> tuple[Any, LocalStorage]:
    from milvus_backup_grpc.engine.tasks import BackupTask
    from milvus_backup_grpc.layout import paths

    config = _config()
    store = LocalStorage(tmp_path)
    layout = paths.BackupLayout("root", "b1")
    job = snapshot_format.SnapshotBackupJob(
        config, milvus, store, store, layout, model.CreateBackupInput(name="b1"),
        [("default", "docs")], BackupTask(id="t1", name="b1"))
    return job, store


def test_a_snapshot_backup_exports_through_milvus_and_records_the_bundle(
    tmp_path: Path,
) -> None:
    exported = "s3://backups/root/b1/bundle/449/metadata/1.json"
    milvus = RecordingGateway(_snapshot_answers(
        [milvus_pb2.ExportSnapshotExecuting, milvus_pb2.ExportSnapshotCompleted], exported))
    job, store = _snapshot_job(tmp_path, milvus)
    info = job.run()
    order = [m for m, _ in milvus.recorder.calls]
    snapshot_calls = [m for m in order if "Snapshot" in m or m == "Flush"]
    assert snapshot_calls == ["Flush", "CreateSnapshot", "DescribeSnapshot", "ExportSnapshot",
                              "GetExportSnapshotState", "GetExportSnapshotState",
                              "DropSnapshot"]
    (export,) = milvus.recorder.sent("ExportSnapshot")
    assert export == milvus_pb2.ExportSnapshotRequest(
        name="backup_b1_449", db_name="default", collection_name="docs",
        target_s3_path="s3://backups/root/b1/bundle")
    assert info.format == "snapshot"
    (coll,) = info.collection_backups
    assert coll.snapshot_backup == pb.SnapshotBackupInfo(
        metadata_path="bundle/449/metadata/1.json", total_files=12, total_bytes=3456)
    assert (coll.backup_timestamp, coll.size, list(coll.aliases)) == (4242, 3456, ["live"])
    assert not any(p.segment_backups for p in coll.partition_backups)
    stored = json.loads(store.read_bytes("root/b1/meta/full_meta.json"))
    assert stored["format"] == "snapshot"  # the JSON keys upstream's snapshot reader reads
    assert stored["collection_backups"][0]["snapshot_backup"]["metadata_path"] == (
        "bundle/449/metadata/1.json")


def test_a_failed_export_fails_the_backup_and_still_drops_the_snapshot(tmp_path: Path) -> None:
    milvus = RecordingGateway(_snapshot_answers([milvus_pb2.ExportSnapshotFailed], ""))
    job, store = _snapshot_job(tmp_path, milvus)
    with pytest.raises(MilvusError, match="disk full"):
        job.run()
    assert [m for m, _ in milvus.recorder.calls][-1] == "DropSnapshot"
    assert not store.exists("root/b1/meta/full_meta.json")


def _plan(**override: Any) -> Any:
    from milvus_backup_grpc.engine.restore import CollectionPlan

    source = model.CollectionBackupInfo(
        db_name="default", collection_name="docs", shards_num=2,
        snapshot_backup=pb.SnapshotBackupInfo(metadata_path="bundle/m.json"))
    return CollectionPlan(source, "default", "docs_r", False, **override)


@pytest.mark.parametrize(("request_fields", "plan_fields", "words"), [
    ({"meta_only": True}, {}, "metaOnly"),
    ({"skip_create_collection": True}, {}, "skipCreateCollection"),
    ({"max_shard_num": 1}, {}, "maxShardNum below the shard count of default.docs_r"),
    ({}, {"partitions": ("p1",)}, "a partition filter"),
    ({"location": model.BackupLocation(bucket_name="other", root_path="r")}, {},
     "bucket_name"),
])
def test_what_a_snapshot_restore_cannot_honour_is_refused(
    request_fields: dict[str, Any], plan_fields: dict[str, Any], words: str,
) -> None:
    request = model.RestoreInput(backup_name="b1", **request_fields)
    with pytest.raises(RequestError, match=words):
        snapshot_format.refuse_unsupported_restore(request, [_plan(**plan_fields)])
    # dropExistCollection and maxShardNum at or above the bundle's shards are honoured.
    snapshot_format.refuse_unsupported_restore(
        model.RestoreInput(backup_name="b1", drop_exist_collection=True, max_shard_num=2),
        [_plan()])


def _restore_job(tmp_path: Path, milvus: MilvusGateway, plan: Any) -> Any:
    from milvus_backup_grpc.engine.restore import new_restore_task
    from milvus_backup_grpc.layout import paths

    request = model.RestoreInput(backup_name="b1", suffix="_r")
    store = LocalStorage(tmp_path)
    return snapshot_format.SnapshotRestoreJob(
        _config(), milvus, store, store, paths.BackupLayout("root", "b1"), request, [plan],
        new_restore_task(request, [plan]), features=ServerFeatures.of("v3.0.0"))


def _restore_answers(states: list[int]) -> dict[str, Any]:
    from milvus_backup_grpc.milvuspb import common_pb2

    polls = iter(states)
    return {
        "ListDatabases": milvus_pb2.ListDatabasesResponse(db_names=["default"]),
        "RestoreExternalSnapshot": milvus_pb2.RestoreExternalSnapshotResponse(job_id=91),
        "GetRestoreSnapshotState": lambda _: milvus_pb2.GetRestoreSnapshotStateResponse(
            info=milvus_pb2.RestoreSnapshotInfo(state=next(polls), reason="bad bundle")),
        # alias_target: no such alias yet
        "DescribeCollection": milvus_pb2.DescribeCollectionResponse(
            status=common_pb2.Status(code=100)),
        "CreateAlias": common_pb2.Status(),
        "HasCollection": milvus_pb2.BoolResponse(value=True),
        "DropCollection": common_pb2.Status(),
    }


def test_a_snapshot_restore_has_milvus_read_the_bundle_then_adds_the_aliases(
    tmp_path: Path,
) -> None:
    milvus = RecordingGateway(_restore_answers(
        [milvus_pb2.RestoreSnapshotExecuting, milvus_pb2.RestoreSnapshotCompleted]))
    job = _restore_job(tmp_path, milvus, _plan(aliases=("live_r",)))
    job.run()
    assert job.task.state == model.RESTORE_SUCCESS, job.task.error
    assert milvus.recorder.sent("RestoreExternalSnapshot") == [
        milvus_pb2.RestoreExternalSnapshotRequest(
            db_name="default", target_collection_name="docs_r",
            snapshot_metadata_uri="s3://backups/root/b1/bundle/m.json")]
    assert milvus.recorder.sent("GetRestoreSnapshotState") == [
        milvus_pb2.GetRestoreSnapshotStateRequest(job_id=91)] * 2
    assert milvus.recorder.sent("CreateAlias") == [milvus_pb2.CreateAliasRequest(
        db_name="default", collection_name="docs_r", alias="live_r")]
    # Milvus builds the collection itself: nothing is created or imported here.
    assert not {"CreateCollection", "Import", "CreateIndex"} & {
        m for m, _ in milvus.recorder.calls}


def test_a_failed_snapshot_restore_removes_what_milvus_left(tmp_path: Path) -> None:
    milvus = RecordingGateway(_restore_answers([milvus_pb2.RestoreSnapshotFailed]))
    job = _restore_job(tmp_path, milvus, _plan())
    with pytest.raises(Exception, match="bad bundle"):
        job.run()
    assert job.task.state == model.RESTORE_FAIL
    assert milvus.recorder.sent("DropCollection") == [milvus_pb2.DropCollectionRequest(
        db_name="default", collection_name="docs_r")]


@pytest.mark.parametrize(("version", "missing", "fields", "chosen"), [
    ("v3.0.0", set(), {}, "snapshot"),  # no format on 3.0: snapshot, as upstream
    ("v3.0.0", set(), {"format": "physical"}, "physical"),
    ("v3.0.0", set(), {"meta_only": True}, "physical"),  # nothing to export
    ("v3.0.0", {"ListSnapshots"}, {}, "physical"),  # a 3.0 build without the RPCs
    ("v3.0.0", set(), {"incremental": True}, "physical"),
    ("v3.0.0", set(), {"format": "binlog"}, "physical"),  # upstream's names
    ("v3.0.0", set(), {"format": "auto"}, "snapshot"),
    ("v2.6.11", set(), {}, "physical"),
    ("v2.3.5", set(), {"format": "logical"}, "logical"),
])
def test_the_format_is_chosen_from_the_server(
    version: str, missing: set[str], fields: dict[str, Any], chosen: str,
) -> None:
    from types import SimpleNamespace

    from milvus_backup_grpc.engine.service import BackupService

    milvus = RecordingGateway({"GetVersion": milvus_pb2.GetVersionResponse(version=version),
                               "ListSnapshots": milvus_pb2.ListSnapshotsResponse()}, missing)
    service = SimpleNamespace(config=_config(), milvus=milvus)
    request = model.CreateBackupInput(name="b1", **fields)
    got = BackupService._backup_format(service, request, [("default", "docs")])  # type: ignore[arg-type]
    assert got == chosen


def test_asking_for_snapshots_of_a_2_6_server_is_refused() -> None:
    from types import SimpleNamespace

    from milvus_backup_grpc.engine.service import BackupService

    milvus = RecordingGateway({"GetVersion": milvus_pb2.GetVersionResponse(version="v2.6.11")})
    service = SimpleNamespace(config=_config(), milvus=milvus)
    with pytest.raises(RequestError, match="needs Milvus 3.0 or newer"):
        BackupService._backup_format(  # type: ignore[arg-type]
            service, model.CreateBackupInput(name="b1", format="snapshot"), [])


def test_a_backup_store_milvus_cannot_reach_keeps_3_0_on_binlogs() -> None:
    from types import SimpleNamespace

    from milvus_backup_grpc.engine.service import BackupService

    milvus = RecordingGateway({"GetVersion": milvus_pb2.GetVersionResponse(version="v3.0.0"),
                               "ListSnapshots": milvus_pb2.ListSnapshotsResponse()})
    service = SimpleNamespace(config=_config(**{"minio.backupStorageType": "local"}),
                              milvus=milvus)
    choose = BackupService._backup_format
    assert choose(service, model.CreateBackupInput(name="b1"), []) == "physical"  # type: ignore[arg-type]
    with pytest.raises(RequestError, match="'local'"):
        choose(service, model.CreateBackupInput(name="b1", format="snapshot"), [])  # type: ignore[arg-type]


def test_verify_of_a_snapshot_backup_checks_each_bundles_metadata(tmp_path: Path) -> None:
    from milvus_backup_grpc.engine.verify import verify_backup
    from milvus_backup_grpc.layout import paths

    store = LocalStorage(tmp_path)
    layout = paths.BackupLayout("root", "b1")
    info = pb.BackupInfo(name="b1", format="snapshot", collection_backups=[
        pb.CollectionBackupInfo(collection_id=c, snapshot_backup=pb.SnapshotBackupInfo(
            metadata_path=f"bundle/{c}/metadata/1.json")) for c in (1, 2)])
    store.write_bytes("root/b1/bundle/1/metadata/1.json", b"{}")
    report = verify_backup(store, layout, info, collection_ids={1})
    assert not report.ok and report.missing == ["bundle/2/metadata/1.json"]
    store.write_bytes("root/b1/bundle/2/metadata/1.json", b"{}")
    assert verify_backup(store, layout, info, deep=True).ok


def test_a_flush_is_first_asked_after_a_twentieth_of_a_second_then_twice_as_long_up_to_half(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from milvus_backup_grpc.milvus import client as client_module
    from milvus_backup_grpc.milvus.client import FlushResult

    slept: list[float] = []
    monkeypatch.setattr(client_module.time, "sleep", slept.append)
    answers = iter([False] * 6 + [True])
    milvus = RecordingMilvus(answers={
        "GetFlushState": lambda request: milvus_pb2.GetFlushStateResponse(flushed=next(answers))
    })
    flush = FlushResult(segment_ids=[7, 8], flushed_segment_ids=[], seal_time=0, flush_ts=0,
                        channel_checkpoints={})

    MilvusGateway.wait_flushed(milvus, "default", "c", flush, timeout=60)  # type: ignore[arg-type]

    assert slept == [0.05, 0.1, 0.2, 0.4, 0.5, 0.5]
    assert [list(r.segmentIDs) for _, r in milvus.calls] == [[7, 8]] * 7


def test_a_backup_reads_a_collections_description_and_flushes_all_at_once(
    tmp_path: Path,
) -> None:
    """Describe, indexes, load state, aliases, partitions and the flush are each a round trip
    to Milvus and none needs another's answer: a barrier of all six breaks (times out) unless
    every one is in flight at the same time."""
    from milvus_backup_grpc.engine.backup import BackupJob
    from milvus_backup_grpc.engine.tasks import BackupTask
    from milvus_backup_grpc.layout import paths

    together = threading.Barrier(6)
    answers = _snapshot_answers([], "")

    def meeting(method: str) -> Any:
        answer = answers[method]

        def answered(request: Any) -> Any:
            together.wait(timeout=5)
            return answer

        return answered

    for method in ("DescribeCollection", "DescribeIndex", "GetLoadState", "ListAliases",
                   "ShowPartitions", "Flush"):
        answers[method] = meeting(method)
    answers["GetFlushState"] = milvus_pb2.GetFlushStateResponse(flushed=True)
    answers["GetPersistentSegmentInfo"] = milvus_pb2.GetPersistentSegmentInfoResponse()
    milvus = RecordingGateway(answers)
    store = LocalStorage(tmp_path)
    job = BackupJob(_config(), milvus, store, store, paths.BackupLayout("root", "b1"),
                    model.CreateBackupInput(name="b1"), [("default", "docs")],
                    BackupTask(id="t1", name="b1"))

    work = job._describe("default", "docs")

    assert work.info.collection_name == "docs" and list(work.info.aliases) == ["live"]
    assert [p.partition_name for p in work.info.partition_backups] == ["_default"]
    assert len(milvus.recorder.sent("Flush")) == 1


def test_the_storage_preflight_asks_milvus_for_rows_only_where_binlogs_are_missing(
    tmp_path: Path,
) -> None:
    from milvus_backup_grpc.engine.backup import preflight
    from milvus_backup_grpc.milvuspb import common_pb2

    store = LocalStorage(tmp_path)
    store.write_bytes("files/insert_log/449/450/1/100/7", b"binlog")
    milvus = RecordingGateway({
        "GetPersistentSegmentInfo": milvus_pb2.GetPersistentSegmentInfoResponse(infos=[
            milvus_pb2.PersistentSegmentInfo(segmentID=1, collectionID=451, num_rows=5,
                                             state=common_pb2.Flushed)])})

    preflight(milvus, store, "files", [("default", "docs")], [449])
    assert milvus.recorder.calls == []  # its binlogs are there: nothing to ask
    with pytest.raises(StorageError, match="default.other has 5 flushed rows"):
        preflight(milvus, store, "files", [("default", "docs"), ("default", "other")],
                  [449, 451])
    assert [m for m, _ in milvus.recorder.calls] == ["GetPersistentSegmentInfo"]
