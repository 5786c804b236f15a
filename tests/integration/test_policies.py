"""Backup policies against the real Milvus: scheduled runs, retention, history, replicas,
failures (in history, Check, metrics and health), and refusals of bad input.

Schedules here are ``@every 2s`` (the parser takes seconds), so a few runs take seconds.
"""

from __future__ import annotations

import json
import socket
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc
from prometheus_client import REGISTRY, generate_latest
from pymilvus import MilvusClient

from milvus_backup_grpc.api.grpc_server import RunningServer, start_server
from milvus_backup_grpc.api.rest import RunningRestServer, start_rest_server
from milvus_backup_grpc.cli import main
from milvus_backup_grpc.config import load_config
from milvus_backup_grpc.engine.service import BackupService
from milvus_backup_grpc.pb import backup_pb2 as pb
from milvus_backup_grpc.pb import backup_pb2_grpc, control_pb2_grpc
from milvus_backup_grpc.pb import control_pb2 as cpb
from milvus_backup_grpc.testing.compare import compare_snapshots, read_snapshot
from milvus_backup_grpc.testing.sample import SampleCollection, create_sample_collection
from tests.integration.service_tools import local_milvus_settings, wait_for

pytestmark = pytest.mark.timeout(300)


def _metric(name: str, **labels: str) -> float | None:
    return REGISTRY.get_sample_value(name, labels)


class Doors:
    """A server of its own (fresh backup root) with its gRPC stubs and REST URL."""

    def __init__(self, running: RunningServer, rest: RunningRestServer, root: Path) -> None:
        self.running = running
        self.service = running.service
        self.root = root
        self.channel = grpc.insecure_channel(f"127.0.0.1:{running.port}")
        self.backups = backup_pb2_grpc.MilvusBackupServiceStub(self.channel)
        self.policies = control_pb2_grpc.MilvusBackupPolicyServiceStub(self.channel)
        self.rest_url = rest.url

    def rest(self, method: str, path: str, body: Any = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.rest_url + path, data=data, method=method,
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=60) as reply:
            return json.loads(reply.read())

    def runs(self, name: str) -> list[cpb.PolicyRun]:
        listed = self.policies.ListPolicyRuns(cpb.ListPolicyRunsRequest(name=name))
        assert listed.code == pb.Success, listed.msg
        return list(listed.runs)

    def backup_names(self) -> set[str]:
        listed = self.backups.ListBackups(pb.ListBackupsRequest())
        assert listed.code == pb.Success, listed.msg
        return {b.name for b in listed.data}


@pytest.fixture(scope="module")
def sample(milvus: MilvusClient) -> SampleCollection:
    created = create_sample_collection(milvus, "policy_sample", rows=300)
    milvus.load_collection(created.name)
    return created


@pytest.fixture(scope="module")
def doors(milvus_server: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Doors]:
    root = tmp_path_factory.mktemp("policy_backups")
    # References, not hard links: the incremental policy's retention follows depends_on.
    settings = {
        **local_milvus_settings(milvus_server),
        "minio.backupRootPath": str(root),
        "backup.localHardLinks": "false",
    }
    service = BackupService(load_config(None, env={}, overrides=settings))
    running = start_server(service, port=0, host="127.0.0.1", scheduler_tick_seconds=0.2)
    rest = start_rest_server(service, port=0, host="127.0.0.1")
    made = Doors(running, rest, root)
    try:
        yield made
    finally:
        made.channel.close()
        rest.stop(grace=1)
        running.stop(grace=1)


def _policy(name: str, collections: list[str], **fields: Any) -> cpb.Policy:
    return cpb.Policy(name=name, collections=collections, **fields)


def test_every_2s_with_keep_last_2_keeps_two_records_each_run_and_restores(
        doors: Doors, sample: SampleCollection, milvus: MilvusClient) -> None:
    before = read_snapshot(milvus, sample.name)
    # A backup outside the policy, older than all of its runs: retention never touches it.
    outsider = doors.backups.CreateBackup(pb.CreateBackupRequest(
        backup_name="not_from_policy", collection_names=[sample.name]))
    assert outsider.code == pb.Success, outsider.msg

    created = doors.policies.CreatePolicy(cpb.CreatePolicyRequest(policy=_policy(
        "every2s", [sample.name], schedule="@every 2s", keep_last=2)))
    assert created.code == pb.Success, created.msg
    assert created.data.policy.kind == "full"
    assert created.data.next_run_ms > created.data.policy.created_ms

    def succeeded() -> list[cpb.PolicyRun]:
        return [r for r in doors.runs("every2s") if r.outcome == "success"]

    wait_for(lambda: len(succeeded()) >= 4, timeout=120, what="four successful runs")
    # Stop the schedule (an hour from its creation), then let the last run finish.
    stopped = doors.policies.UpdatePolicy(cpb.UpdatePolicyRequest(policy=_policy(
        "every2s", [sample.name], schedule="@every 1h", keep_last=2)))
    assert stopped.code == pb.Success, stopped.msg
    # The run, then its retention, to end.
    wait_for(lambda: not doors.service.policies.busy("every2s"), timeout=60,
             what="the last run to end")

    runs = doors.runs("every2s")
    assert len(runs) >= 4
    assert all(r.outcome == "success" and r.error_message == "" for r in runs), runs
    assert all(r.bytes > 0 and r.end_ms >= r.start_ms > 0 for r in runs)
    assert all(r.trigger == "schedule" for r in runs)
    # One run per due time, on the 2 s grid (a due time passed while a run still went on is
    # skipped, not queued).
    dues = sorted(r.due_ms for r in runs)
    assert all(b > a and (b - a) % 2000 == 0 for a, b in zip(dues, dues[1:], strict=False)), dues
    assert len({r.backup_name for r in runs}) == len(runs)

    newest_two = [r.backup_name for r in runs[:2]]
    remaining = doors.backup_names()
    policy_backups = {r.backup_name for r in runs} & remaining
    assert policy_backups == set(newest_two), (
        [(r.backup_name, r.due_ms, list(r.pruned)) for r in runs],
        doors.service.prune_policy("every2s", dry_run=True))
    assert "not_from_policy" in remaining
    pruned = {name for r in runs for name in r.pruned}
    assert pruned == {r.backup_name for r in runs[2:]}

    status = doors.policies.GetPolicy(cpb.GetPolicyRequest(name="every2s"))
    assert status.code == pb.Success, status.msg
    assert status.data.last_outcome == "success"
    assert status.data.last_success_ms == runs[0].end_ms
    assert not status.data.stale
    # The gauges every replica sets from the history, and this process's run counter.
    assert _metric("milvus_backup_policy_last_success_timestamp_seconds",
                   policy="every2s") == runs[0].end_ms / 1000
    assert (_metric("milvus_backup_policy_runs_total", policy="every2s", outcome="success")
            or 0) >= len(runs)
    assert b'milvus_backup_policy_last_run_timestamp_seconds{policy="every2s"}' in \
        generate_latest(REGISTRY)

    # The newest backup restores to exactly the source.
    restored = doors.backups.RestoreBackup(pb.RestoreBackupRequest(
        backup_name=newest_two[0], collection_suffix="_from_policy", restoreIndex=True))
    assert restored.code == pb.Success, restored.msg
    target = sample.name + "_from_policy"
    try:
        milvus.load_collection(target)
        comparison = compare_snapshots(before, read_snapshot(milvus, target))
        assert comparison.equal, comparison.differences
    finally:
        milvus.drop_collection(target)


def test_an_incremental_policys_retention_keeps_what_its_kept_backups_depend_on(
        doors: Doors, sample: SampleCollection, milvus: MilvusClient) -> None:
    before = read_snapshot(milvus, sample.name)
    created = doors.policies.CreatePolicy(cpb.CreatePolicyRequest(policy=_policy(
        "nightly_incr", [sample.name], schedule="@every 1h", kind="incremental", keep_last=1,
        name_template="{policy}_{%Y%m%d_%H%M%S_%f}")))
    assert created.code == pb.Success, created.msg
    made = []
    for _ in range(3):
        ran = doors.policies.RunPolicyNow(cpb.RunPolicyNowRequest(name="nightly_incr"))
        assert ran.code == pb.Success, ran.msg
        wait_for(lambda: not doors.service.policies.busy("nightly_incr"), timeout=120,
                 what="the run and its retention to end")
        run = doors.runs("nightly_incr")[0]
        assert run.outcome == "success", run.error_message
        made.append(run.backup_name)

    listed = {b.name: b for b in doors.backups.ListBackups(pb.ListBackupsRequest()).data}
    newest = listed[made[-1]]
    assert newest.incremental and newest.depends_on, "an unchanged collection is referenced"
    # keep_last 1 keeps the newest run's backup and every backup it depends on; the middle
    # one, which nothing kept depends on, goes.
    kept = {name for name in made if name in listed}
    assert kept == {made[-1]} | (set(newest.depends_on) & set(made)), (made, kept)
    assert made[1] not in listed
    assert all(dep in listed for b in listed.values() for dep in b.depends_on)

    verified = doors.service.verify_backup(made[-1], deep=True)
    assert verified.ok, verified
    restored = doors.backups.RestoreBackup(pb.RestoreBackupRequest(
        backup_name=made[-1], collection_suffix="_from_incr_policy", restoreIndex=True))
    assert restored.code == pb.Success, restored.msg
    target = sample.name + "_from_incr_policy"
    try:
        milvus.load_collection(target)
        comparison = compare_snapshots(before, read_snapshot(milvus, target))
        assert comparison.equal, comparison.differences
    finally:
        milvus.drop_collection(target)


def test_a_run_whose_backup_name_is_taken_takes_a_numbered_one(
        doors: Doors, sample: SampleCollection) -> None:
    created = doors.policies.CreatePolicy(cpb.CreatePolicyRequest(policy=_policy(
        "yearly_name", [sample.name], schedule="@every 1h", name_template="{policy}_{%Y}")))
    assert created.code == pb.Success, created.msg
    first = doors.service.run_policy_now("yearly_name", wait=True)
    second = doors.service.run_policy_now("yearly_name", wait=True)
    assert (first.outcome, second.outcome) == ("success", "success"), second.error_message
    assert second.backup_name == first.backup_name + "_2"
    assert [r.backup_name for r in doors.runs("yearly_name")] == [
        second.backup_name, first.backup_name]
    assert {first.backup_name, second.backup_name} <= doors.backup_names()


def test_rest_and_cli_show_and_drive_policies(
        doors: Doors, sample: SampleCollection, tmp_path: Path, milvus_server: Any,
        capsys: pytest.CaptureFixture[str]) -> None:
    body = {"name": "rest_made", "collections": [sample.name], "schedule": "0 3 * * *",
            "time_zone": "Europe/Berlin", "keep_daily": 7, "keep_within": "36h"}
    created = doors.rest("POST", "/policies", body)
    assert created["code"] == "Success", created
    assert created["data"]["policy"]["keep_within"] == "36h"
    listed = doors.rest("GET", "/policies")
    assert "rest_made" in [p["policy"]["name"] for p in listed["policies"]]
    got = doors.rest("GET", "/policy?name=rest_made")
    assert got["data"]["policy"]["time_zone"] == "Europe/Berlin"
    assert int(got["data"]["next_run_ms"]) > 0
    started = doors.rest("POST", "/policy/run", {"name": "rest_made"})
    assert started["code"] == "Success", started
    assert started["run"]["outcome"] == "running"
    assert started["run"]["trigger"] == "manual"
    wait_for(lambda: doors.rest("GET", "/policy_runs?name=rest_made&limit=1")["runs"][0]
             ["outcome"] == "success", timeout=60, what="the manual run")

    # The CLI, in another process's place, on the same root.
    config = tmp_path / "backup.yaml"
    config.write_text(
        f"milvus:\n  address: {milvus_server.host}\n  port: {milvus_server.port}\n"
        f"minio:\n  storageType: local\n  rootPath: {milvus_server.local_storage_path}\n"
        f"  backupRootPath: {doors.root}\n", encoding="utf-8")

    def cli(*argv: str) -> tuple[int, Any]:
        code = main(["--config", str(config), "--json", *argv])
        return code, json.loads(capsys.readouterr().out)

    code, history = cli("policy", "history", "-n", "rest_made")
    assert code == 0 and [r["outcome"] for r in history] == ["success"]
    code, ran = cli("policy", "run", "-n", "rest_made")
    assert code == 0 and ran["outcome"] == "success" and ran["bytes"] > 0
    code, updated = cli("policy", "update", "-n", "rest_made", "--keep-last", "1",
                        "--keep-daily", "0", "--keep-within", "")
    assert code == 0 and updated["policy"]["retention"]["keep_last"] == 1
    assert updated["policy"]["time_zone"] == "Europe/Berlin"  # flags not given stay
    code, plan = cli("policy", "prune", "-n", "rest_made", "--dry-run")
    assert code == 0 and plan["dry_run"] is True
    decisions = {d["name"]: d for d in plan["decisions"]}
    assert decisions[ran["backup_name"]]["keep"] is True
    assert [d["reasons"] for d in plan["decisions"] if not d["keep"]] == [["matched no keep rule"]]
    assert len(doors.runs("rest_made")) == 2  # a dry run removes nothing
    gone = next(n for n, d in decisions.items() if not d["keep"])
    assert gone in doors.backup_names()
    code, pruned = cli("policy", "prune", "-n", "rest_made")
    assert code == 0 and gone not in doors.backup_names()
    code, listed_cli = cli("policy", "list")
    assert code == 0 and "rest_made" in [p["policy"]["name"] for p in listed_cli]

    deleted = doors.rest("DELETE", "/policy?name=rest_made")
    assert deleted["code"] == "Success", deleted
    assert ran["backup_name"] in doors.backup_names()  # its backups stay
    assert doors.rest("GET", "/policy?name=rest_made")["code"] == \
        "Request_Object_Not_Found"
    code, missing = cli("policy", "get", "-n", "rest_made")
    assert code == 4, missing  # not found


def _stored(root: Path) -> list[str]:
    """Every policy and run record under the root."""
    found = []
    for base in (root / ".policies", root / ".policy_runs"):
        if base.exists():
            found += [str(p.relative_to(root)) for p in base.rglob("*")]
    return sorted(found)


BAD_POLICIES: list[tuple[dict[str, Any], str]] = [
    ({"schedule": "61 25 * * *"}, "not a cron expression"),
    ({"schedule": "@every 5 parsecs"}, "not a duration"),
    ({"schedule": "0 2 * * *", "time_zone": "Mars/Olympus"}, "unknown time zone"),
    ({"collections": ["no_such_collection_here"]}, "does not exist"),
    ({"collections": ["no_such_db.*"]}, "does not exist"),
    ({"keep_last": -1}, "keep_last"),
    ({"min_count": -2}, "min_count"),
    ({"keep_within": "forever"}, "keep_within"),
    ({"kind": "differential"}, "kind"),
    ({"name_template": "{policy}"}, "time placeholder"),
    ({"name": "bad-name"}, "policy name"),
]


@pytest.mark.parametrize(("fields", "message"), BAD_POLICIES)
def test_create_and_update_refuse_bad_input_and_change_nothing(
        doors: Doors, sample: SampleCollection, fields: dict[str, Any], message: str) -> None:
    base = {"name": "guarded", "collections": [sample.name], "schedule": "@every 1h"}
    if not doors.service.policies.store.names().count("guarded"):
        assert doors.policies.CreatePolicy(cpb.CreatePolicyRequest(
            policy=cpb.Policy(**base))).code == pb.Success
    before = _stored(doors.root), (doors.root / ".policies" / "guarded.json").read_bytes()
    bad = cpb.Policy(**{**base, **fields})
    for answer in (
        doors.policies.CreatePolicy(cpb.CreatePolicyRequest(
            policy=cpb.Policy(**{**base, "name": "fresh", **fields}))),
        doors.policies.UpdatePolicy(cpb.UpdatePolicyRequest(policy=bad)),
    ):
        assert answer.code == pb.Parameter_Error, answer
        assert message in answer.msg
    assert (_stored(doors.root), (doors.root / ".policies" / "guarded.json").read_bytes()) \
        == before


def test_other_rpcs_refuse_bad_input(doors: Doors, sample: SampleCollection) -> None:
    base = cpb.Policy(name="taken", collections=[sample.name], schedule="@every 1h")
    assert doors.policies.CreatePolicy(cpb.CreatePolicyRequest(policy=base)).code == pb.Success
    before = _stored(doors.root)
    duplicate = doors.policies.CreatePolicy(cpb.CreatePolicyRequest(policy=base))
    assert duplicate.code == pb.Parameter_Error and "already exists" in duplicate.msg
    for answer in (
        doors.policies.GetPolicy(cpb.GetPolicyRequest(name="bad name")),
        doors.policies.DeletePolicy(cpb.DeletePolicyRequest(name="")),
        doors.policies.RunPolicyNow(cpb.RunPolicyNowRequest(name="../x")),
        doors.policies.ListPolicyRuns(cpb.ListPolicyRunsRequest(name="taken", limit=-1)),
    ):
        assert answer.code == pb.Parameter_Error, answer
    for answer in (
        doors.policies.GetPolicy(cpb.GetPolicyRequest(name="nobody")),
        doors.policies.DeletePolicy(cpb.DeletePolicyRequest(name="nobody")),
        doors.policies.RunPolicyNow(cpb.RunPolicyNowRequest(name="nobody")),
        doors.policies.ListPolicyRuns(cpb.ListPolicyRunsRequest(name="nobody")),
        doors.policies.UpdatePolicy(cpb.UpdatePolicyRequest(policy=cpb.Policy(
            name="nobody", schedule="@every 1h"))),
    ):
        assert answer.code == pb.Request_Object_Not_Found, answer
    assert _stored(doors.root) == before
    with pytest.raises(urllib.error.HTTPError) as caught:
        doors.rest("GET", "/policy_runs?name=taken&limit=lots")
    assert caught.value.code == 400


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_a_failing_policy_shows_in_history_check_metrics_and_health(
        doors: Doors, sample: SampleCollection, milvus_server: Any,
        tmp_path: Path) -> None:
    root = tmp_path / "failing_root"
    good = {**local_milvus_settings(milvus_server), "minio.backupRootPath": str(root)}
    creator = BackupService(load_config(None, env={}, overrides=good))
    status = creator.create_policy(_engine_policy("doomed", sample.name))
    assert status.policy.name == "doomed"
    creator.close()
    # A replica whose Milvus is gone (a closed port), told to fail health on a stale policy.
    broken = {**good, "milvus.port": str(_closed_port()), "server.healthFailOnStalePolicy": "true"}
    running = start_server(BackupService(load_config(None, env={}, overrides=broken)), port=0,
                           host="127.0.0.1", scheduler_tick_seconds=0.2)
    try:
        service = running.service
        wait_for(lambda: any(r.outcome == "failed" for r in service.policy_runs("doomed")),
                 timeout=60, what="a failed run")
        failed = service.policy_runs("doomed")[-1]
        assert failed.outcome == "failed" and failed.end_ms >= failed.start_ms
        assert "unreachable" in failed.error_message
        assert _metric("milvus_backup_policy_runs_total", policy="doomed",
                       outcome="failed") >= 1
        assert _metric("milvus_backup_policy_last_success_timestamp_seconds",
                       policy="doomed") == 0
        assert _metric("milvus_backup_policy_last_run_timestamp_seconds",
                       policy="doomed") > 0
        # Twice the interval (2 s) after creation without a success: stale.
        wait_for(lambda: service.get_policy("doomed").stale, timeout=30, what="stale")
        report = service.check()
        assert not report.ok
        line = next(li for li in report.lines if li.startswith("Policy doomed"))
        assert "FAILED" in line and "unreachable" in line
        assert _metric("milvus_backup_policy_stale", policy="doomed") == 1
        with grpc.insecure_channel(f"127.0.0.1:{running.port}") as channel:
            health = health_pb2_grpc.HealthStub(channel)

            def not_serving() -> bool:
                answer = health.Check(health_pb2.HealthCheckRequest(service=""))
                return bool(answer.status == health_pb2.HealthCheckResponse.NOT_SERVING)

            wait_for(not_serving, timeout=10, what="NOT_SERVING")
    finally:
        running.stop(grace=1)


def _engine_policy(name: str, collection: str) -> Any:
    from milvus_backup_grpc.engine.policy import Policy

    return Policy(name=name, schedule="@every 1s", collections=(collection,))


def test_two_replicas_on_one_s3_root_take_each_due_run_once(
        milvus_server: Any, s3_server: Any, s3_bucket: str, sample: SampleCollection) -> None:
    settings = {**local_milvus_settings(milvus_server),
                **s3_server.settings(s3_bucket, side="backup"), "minio.backupRootPath": "shared"}
    replicas = [BackupService(load_config(None, env={}, overrides=settings)) for _ in range(2)]
    executed: list[str] = []

    def counting(service: BackupService) -> None:
        original = service.policies.execute

        def execute(policy: Any, run: Any) -> Any:
            executed.append(run.backup_name)
            return original(policy, run)

        service.policies.execute = execute  # type: ignore[method-assign]

    for replica in replicas:
        counting(replica)
    replicas[0].create_policy(_engine_policy("shared", sample.name))
    for replica in replicas:
        replica.start_scheduler(tick_seconds=0.1)
    try:
        wait_for(lambda: len([r for r in replicas[1].policy_runs("shared")
                              if r.outcome == "success"]) >= 3, timeout=90, what="three runs")
    finally:
        for replica in replicas:
            replica.stop_scheduler()
    for replica in replicas:
        replica.policies.join(60)
    runs = replicas[0].policy_runs("shared")
    assert all(r.outcome == "success" for r in runs), [r.error_message for r in runs]
    # Each due time has one record, and was executed by exactly one replica.
    assert len({r.due_ms for r in runs}) == len(runs)
    assert sorted(executed) == sorted(r.backup_name for r in runs)
    names = {b.name for b in replicas[1].list_backups()}
    assert {r.backup_name for r in runs} <= names
    for replica in replicas:
        replica.close()



def test_python_client_drives_policies(doors: Doors, sample: SampleCollection) -> None:
    from milvus_backup_grpc.client import BackupClient, InvalidRequest, NotFound

    with BackupClient(f"127.0.0.1:{doors.running.port}") as client:
        status = client.create_policy(cpb.Policy(name="by_client", collections=[sample.name],
                                                 schedule="@every 1h", keep_weekly=4))
        assert status.policy.keep_weekly == 4 and status.last_outcome == ""
        assert "by_client" in [p.policy.name for p in client.list_policies()]
        with pytest.raises(InvalidRequest, match="already exists"):
            client.create_policy(cpb.Policy(name="by_client", schedule="@every 1h"))
        run = client.run_policy_now("by_client")
        assert run.outcome == "running" and run.backup_name.startswith("by_client_")
        wait_for(lambda: client.list_policy_runs("by_client", limit=1)[0].outcome == "success",
                 timeout=60, what="the client's run")
        assert client.get_policy("by_client").last_outcome == "success"
        # No name: every policy's runs, newest first (the status page shows them).
        everyone = client.list_policy_runs("", limit=50)
        assert everyone[0].policy_name == "by_client"
        assert [r.start_ms for r in everyone] == sorted((r.start_ms for r in everyone),
                                                        reverse=True)
        assert len(client.list_policy_runs("", limit=1)) == 1
        client.delete_policy("by_client")
        with pytest.raises(NotFound):
            client.get_policy("by_client")


def test_cli_refuses_bad_policies_with_exit_3(
        doors: Doors, sample: SampleCollection, tmp_path: Path, milvus_server: Any,
        capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "backup.yaml"
    config.write_text(
        f"milvus:\n  address: {milvus_server.host}\n  port: {milvus_server.port}\n"
        f"minio:\n  storageType: local\n  rootPath: {milvus_server.local_storage_path}\n"
        f"  backupRootPath: {doors.root}\n", encoding="utf-8")
    before = _stored(doors.root)
    for extra in (["-s", "every night"], ["-s", "@every 1h", "--keep-last", "-1"],
                  ["-s", "@every 1h", "-c", "missing_coll"],
                  ["-s", "@every 1h", "--keep-within", "a while"]):
        code = main(["--config", str(config), "--json", "policy", "create", "-n", "cli_bad",
                     *extra])
        error = json.loads(capsys.readouterr().out)["error"]
        assert (code, error["code"]) == (3, "Parameter_Error"), (extra, error)
    assert _stored(doors.root) == before
