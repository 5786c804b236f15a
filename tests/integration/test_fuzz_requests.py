"""Fuzzing every request message through a real gRPC server (hypothesis).

A BackupService with a fresh backup root in a sandbox directory (its relative paths resolve
in the sandbox too) serves on loopback. Each RPC gets generated field values: names with
'..', '/', NUL and other characters, 10,000-character strings, thousands of repeated or map
entries, malformed ``db_collections`` values, roots that try to leave the backup root. Every
call must answer before its deadline with a code of the ResponseCode enum (and a message when
it is not Success), nothing may appear in the sandbox outside the backup root, and the server
must still be healthy at the end.

Generated requests never start a real backup: their selection names a collection that does
not exist, or only a tiny collection with ``meta_only``; restores read a meta-only backup.
Collections and databases that restores create are dropped at the end.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import grpc
import pytest
from google.protobuf import struct_pb2
from grpc_health.v1 import health_pb2, health_pb2_grpc
from hypothesis import HealthCheck, currently_in_test_context, event, given, settings
from hypothesis import strategies as st
from pymilvus import MilvusClient

from milvus_backup_grpc.api.grpc_server import RunningServer, start_server
from milvus_backup_grpc.config import load_config
from milvus_backup_grpc.engine.service import BackupService
from milvus_backup_grpc.layout.paths import name_problem
from milvus_backup_grpc.pb import backup_pb2 as pb
from milvus_backup_grpc.pb import backup_pb2_grpc
from milvus_backup_grpc.testing.sample import create_sample_collection
from tests.integration.service_tools import database_client, local_milvus_settings, wait_for

pytestmark = [pytest.mark.slow, pytest.mark.timeout(300)]

DEADLINE = 5.0  # seconds: every answer, refusal or not, comes well within this
CODES = set(pb.ResponseCode.values())
TINY = "fuzz_tiny_source"  # the only real collection a generated request may select
ABSENT = "fuzz_no_such_collection"
EXISTING = "fuzz_existing_backup"  # a meta-only backup of TINY, for restores to read
# Bounded: the whole module runs in well under 90 s on two cores.
FUZZ = settings(
    max_examples=200,
    deadline=None,
    database=None,  # no example database: a run never depends on what an earlier one found
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@dataclass
class Fuzzed:
    """The server under fuzzing and what a test needs to judge its answers."""

    stub: backup_pb2_grpc.MilvusBackupServiceStub
    channel: grpc.Channel
    running: RunningServer
    sandbox: Path
    root: Path


def _tree(directory: Path) -> set[str]:
    # os.walk skips what vanishes while it reads (a record's temporary file, renamed over by
    # a task still running in the background); rglob would raise.
    found = set()
    for parent, dirs, files in os.walk(directory):
        found.update(str((Path(parent) / name).relative_to(directory)) for name in (*dirs, *files))
    return found


@pytest.fixture(scope="module")
def fuzzed(tmp_path_factory: pytest.TempPathFactory, milvus_server: Any,
           milvus: MilvusClient) -> Iterator[Fuzzed]:
    sandbox = tmp_path_factory.mktemp("fuzz")
    root = sandbox / "backups"
    (sandbox / "cwd").mkdir()
    if not milvus.has_collection(TINY):
        create_sample_collection(milvus, TINY, rows=30)
    databases = set(milvus.list_databases())
    uri = f"http://{milvus_server.address}"
    collections = {db: set(_collections(uri, db)) for db in databases}
    config = load_config(None, env={}, overrides={
        **local_milvus_settings(milvus_server), "minio.backupRootPath": str(root)})
    # Local storage resolves relative keys against the working directory it starts in:
    # make that the sandbox, so a relative path that escapes lands where the test looks.
    here = os.getcwd()
    os.chdir(sandbox / "cwd")
    try:
        service = BackupService(config)
    finally:
        os.chdir(here)
    running = start_server(service, port=0, host="127.0.0.1")
    channel = grpc.insecure_channel(f"127.0.0.1:{running.port}")
    stub = backup_pb2_grpc.MilvusBackupServiceStub(channel)
    made = stub.CreateBackup(pb.CreateBackupRequest(
        backup_name=EXISTING, collection_names=[TINY], meta_only=True), timeout=60)
    assert made.code == pb.Success, made.msg
    try:
        yield Fuzzed(stub, channel, running, sandbox, root)
    finally:
        channel.close()
        running.stop(grace=5)
        service.close(wait=30)
        _drop_new(milvus, uri, databases, collections)


def _collections(uri: str, db: str) -> list[str]:
    with database_client(uri, db) as in_db:
        return list(in_db.list_collections())


def _drop_new(milvus: MilvusClient, uri: str, databases: set[str],
              collections: dict[str, set[str]]) -> None:
    """Drop what restores created: new collections, then new databases."""
    for db in milvus.list_databases():
        with database_client(uri, db) as in_db:
            for name in in_db.list_collections():
                if name not in collections.get(db, set()):
                    in_db.drop_collection(name)
        if db not in databases:
            milvus.drop_database(db)


def _call(fuzzed: Fuzzed, method: str, request: Any) -> Any:
    """One RPC, judged: in time, a known code, a message on failure, nothing outside root."""
    before = _tree(fuzzed.sandbox)
    started = time.monotonic()
    response = getattr(fuzzed.stub, method)(request, timeout=DEADLINE)
    elapsed = time.monotonic() - started
    assert elapsed < DEADLINE
    assert response.code in CODES, response
    if currently_in_test_context():  # tallied by --hypothesis-show-statistics
        event(f"{method} -> {pb.ResponseCode.Name(response.code)}")
    if response.code != pb.Success:
        assert response.msg.strip(), f"{method} answered code {response.code} without a message"
    escaped = {p for p in _tree(fuzzed.sandbox) - before
               if not (fuzzed.sandbox / p).is_relative_to(fuzzed.root)}
    assert not escaped, f"{method} wrote outside the backup root: {sorted(escaped)[:5]}"
    return response


# -- strategies --------------------------------------------------------------------------------

NASTY = ["", " ", ".", "..", "../escape", "../../etc/passwd", "a/b", "/abs", "a/../../b",
         "nul\x00byte", "\x00", "back\\slash", "dot.name", "1digit", "x" * 129, "x" * 10_000,
         "名前", "emoji_\U0001f600", "new\nline", "%2e%2e%2f", "*", "default.*"]
valid = st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,30}", fullmatch=True)
nasty = st.one_of(
    st.sampled_from(NASTY),
    st.text(alphabet="./\\\x00_-aZ9 *", max_size=24),
    st.text(max_size=40),
    st.integers(129, 10_000).map(lambda n: "n" * n),
)
names = st.one_of(valid, nasty)


def mostly(common: st.SearchStrategy[Any], rare: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """``common`` three times in four: requests that get past the first check go deeper."""
    return st.integers(0, 3).flatmap(lambda pick: rare if pick == 0 else common)


mostly_valid = mostly(valid, nasty)
# Thousands of entries, each cheap, so the message stays far below gRPC's 4 MB limit.
huge_lists = st.integers(1_000, 5_000).map(lambda n: [f"c{i}" for i in range(n)])
name_lists = st.one_of(st.lists(mostly_valid, max_size=4), st.lists(names, max_size=6),
                       huge_lists)
rename_maps = st.one_of(
    st.just({}),
    valid.map(lambda target: {TINY: target}),
    valid.map(lambda db: {"default.*": f"{db}.*"}),
    st.dictionaries(names, names, max_size=6),
    st.integers(1_000, 3_000).map(lambda n: {f"a{i}": f"b{i}" for i in range(n)}),
    st.sampled_from([{"a.*": "b"}, {TINY: "../x"}, {TINY: "db.*"}, {"": ""}]),
)


ROOT = "{root}"  # stands for the backup root in generated paths; see _rooted
# Roots that would lead outside the backup root (or anywhere unexpected): always refused.
ESCAPES = [f"{ROOT}/../outside", f"{ROOT}/..", f"{ROOT}/x\x00y", "../outside", "a/../../b",
           "..", "relative/dir", "nested/" + "d" * 2_000]
# Backup roots a request may name: its own (and below it), or ones that try to leave it.
roots = mostly(st.just(""), st.sampled_from([ROOT, f"{ROOT}/nested", *ESCAPES]))


def _rooted(path: str, fuzzed: Fuzzed) -> str:
    return path.replace(ROOT, str(fuzzed.root))


def _value(selection: Any) -> struct_pb2.Value:
    value = struct_pb2.Value()
    if isinstance(selection, dict):
        value.struct_value.update(selection)
    elif isinstance(selection, str):
        value.string_value = selection
    elif isinstance(selection, list):
        value.list_value.extend(selection)
    elif isinstance(selection, bool):
        value.bool_value = selection
    else:
        value.number_value = float(selection)
    return value


def _selections(absent: bool) -> st.SearchStrategy[Any]:
    """``db_collections`` values; with ``absent`` every list names a missing collection."""
    lists = name_lists.map(lambda names: [*names, ABSENT]) if absent else name_lists
    mapping = st.dictionaries(names, lists, max_size=4)
    return st.one_of(
        mapping,
        mapping.map(json.dumps),
        st.integers(1_000, 3_000).map(lambda n: {f"db{i}": [ABSENT] for i in range(n)}),
        st.text(max_size=50),
        st.lists(names, max_size=3),
        st.booleans(),
        st.floats(allow_nan=False, allow_infinity=False),
    )


# -- one test per request message ------------------------------------------------------------


@st.composite
def create_requests(draw: st.DrawFn) -> pb.CreateBackupRequest:
    request = pb.CreateBackupRequest(
        requestId=draw(names), backup_name=draw(st.one_of(st.just(""), mostly_valid)),
        force=draw(st.booleans()), rbac=draw(st.booleans()),
        gc_pause_enable=draw(st.booleans()),
        gc_pause_address=draw(st.sampled_from(["", "http://127.0.0.1:1", "not a url"])),
        backup_root_path=draw(roots), **{"async": draw(st.booleans())})
    choice = draw(mostly(st.just("tiny"), st.sampled_from(["absent", "db_collections"])))
    if choice == "tiny":
        # The one real selection, and only its metadata: no flush, no binlogs.
        request.meta_only = True
        if draw(st.booleans()):
            both = [TINY, f"default.{TINY}"]  # one collection, named twice
            request.collection_names.extend(draw(st.sampled_from([[TINY], both])))
        else:
            selection = {"default": [TINY]}
            request.db_collections.CopyFrom(
                _value(json.dumps(selection) if draw(st.booleans()) else selection))
    elif choice == "absent":
        request.collection_names.extend([*draw(name_lists), ABSENT])
        request.meta_only = draw(st.booleans())
    else:
        request.db_collections.CopyFrom(_value(draw(_selections(absent=True))))
        # An empty db_collections falls back to the names: never to "every collection".
        request.collection_names.extend([*draw(name_lists), ABSENT])
        request.meta_only = draw(st.booleans())
    return request


@FUZZ
@given(request=create_requests())
def test_create_backup_answers_every_request(
    fuzzed: Fuzzed, request: pb.CreateBackupRequest
) -> None:
    escapes = request.backup_root_path in ESCAPES
    request.backup_root_path = _rooted(request.backup_root_path, fuzzed)
    response = _call(fuzzed, "CreateBackup", request)
    if escapes or (request.backup_name and name_problem(request.backup_name)):
        assert response.code == pb.Parameter_Error, response.msg
    if response.code == pb.Success:
        assert response.data.name == (request.backup_name or response.data.name)


@FUZZ
@given(name=mostly(st.just(EXISTING), names), backup_id=st.one_of(st.just(""), names),
       bucket=st.one_of(st.just(""), names), path=roots, without_detail=st.booleans())
def test_get_backup_answers_every_request(
    fuzzed: Fuzzed, name: str, backup_id: str, bucket: str, path: str, without_detail: bool
) -> None:
    _call(fuzzed, "GetBackup", pb.GetBackupRequest(
        backup_name=name, backup_id=backup_id, bucket_name=bucket,
        path=_rooted(path, fuzzed), without_detail=without_detail))


@FUZZ
@given(request_id=names, collection=st.one_of(names, st.just(TINY)))
def test_list_backups_answers_every_request(
    fuzzed: Fuzzed, request_id: str, collection: str
) -> None:
    response = _call(fuzzed, "ListBackups", pb.ListBackupsRequest(
        requestId=request_id, collection_name=collection))
    assert response.code == pb.Success, response.msg
    assert response.requestId == request_id


@FUZZ
@given(name=names)
def test_delete_backup_answers_every_request(fuzzed: Fuzzed, name: str) -> None:
    response = _call(fuzzed, "DeleteBackup", pb.DeleteBackupRequest(backup_name=name))
    if name_problem(name):
        assert response.code == pb.Parameter_Error, response.msg


@st.composite
def restore_requests(draw: st.DrawFn) -> pb.RestoreBackupRequest:
    location = draw(mostly(st.just(False), st.just(True)))
    request = pb.RestoreBackupRequest(
        requestId=draw(names),
        backup_name=draw(mostly(st.just(EXISTING), names)),
        metaOnly=draw(st.booleans()), restoreIndex=draw(st.booleans()),
        useAutoIndex=draw(st.booleans()), dropExistIndex=draw(st.booleans()),
        rbac=draw(st.booleans()), id=draw(st.one_of(st.just(""), valid, nasty)),
        bucket_name=draw(names) if location else "", path=draw(roots) if location else "",
        **{"async": draw(st.booleans())})
    if draw(mostly(st.just(True), st.just(False))):
        # Plausible: a new target under a valid suffix or rename; these restores run.
        request.collection_suffix = draw(valid)
        request.collection_names.extend(draw(st.sampled_from([[], [TINY]])))
        request.collection_renames.update(draw(st.one_of(st.just({}), rename_maps)))
        request.maxShardNum = draw(st.integers(0, 3))
        request.dropExistCollection = draw(st.booleans())
        return request
    request.collection_suffix = draw(st.one_of(st.just(""), valid, nasty))
    request.dropExistCollection = draw(st.booleans())
    request.skipCreateCollection = draw(st.booleans())
    request.maxShardNum = draw(st.one_of(st.just(0), st.integers(-3, 3),
                                         st.integers(-(2**31), 2**31 - 1)))
    request.collection_names.extend(draw(st.one_of(st.just([]), st.just([TINY]), name_lists)))
    request.collection_renames.update(draw(rename_maps))
    if draw(st.integers(0, 2)) == 0:
        request.db_collections.CopyFrom(_value(draw(_selections(absent=False))))
    if draw(st.integers(0, 2)) == 0:
        request.db_collections_after_rename.CopyFrom(_value(draw(_selections(absent=False))))
    return request


@FUZZ
@given(request=restore_requests())
def test_restore_backup_answers_every_request(
    fuzzed: Fuzzed, request: pb.RestoreBackupRequest
) -> None:
    request.path = _rooted(request.path, fuzzed)
    _call(fuzzed, "RestoreBackup", request)


@FUZZ
@given(task_id=st.one_of(names, st.from_regex(r"[A-Za-z0-9_-]{1,128}", fullmatch=True)))
def test_get_restore_answers_every_request(fuzzed: Fuzzed, task_id: str) -> None:
    response = _call(fuzzed, "GetRestore", pb.GetRestoreStateRequest(id=task_id))
    if not task_id:
        assert response.code == pb.Parameter_Error, response.msg


def test_check_answers_and_the_server_stays_healthy(fuzzed: Fuzzed) -> None:
    for _ in range(3):
        checked = _call(fuzzed, "Check", pb.CheckRequest())
        assert checked.code == pb.Success, checked.msg
    health = health_pb2_grpc.HealthStub(fuzzed.channel).Check(
        health_pb2.HealthCheckRequest(service="milvus.proto.backup.MilvusBackupService"),
        timeout=DEADLINE)
    assert health.status == health_pb2.HealthCheckResponse.SERVING
    # The async tasks the fuzzing started kept to the backup root as well.
    tasks = fuzzed.running.service.tasks
    wait_for(lambda: not tasks.running_backup_ids() and not tasks.restoring_backups(),
             timeout=60, what="the end of the fuzzed async tasks")
    outside = {p for p in _tree(fuzzed.sandbox)
               if not (fuzzed.sandbox / p).is_relative_to(fuzzed.root) and p != "cwd"}
    assert not outside, sorted(outside)[:5]
