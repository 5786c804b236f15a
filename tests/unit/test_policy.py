"""Policies: schedules, validation, names of their backups, and their records in storage."""

from __future__ import annotations

from datetime import datetime

import pytest

from milvus_backup_grpc.engine.policy import (
    OUTCOME_FAILED,
    OUTCOME_SUCCESS,
    Policy,
    PolicyRun,
    PolicyStore,
    Schedule,
    parse_duration,
    validate_policy,
)
from milvus_backup_grpc.engine.retention import RetentionRules
from milvus_backup_grpc.errors import ConflictError, NotFoundError, RequestError
from milvus_backup_grpc.storage.local import LocalStorage


def _ms(text: str) -> int:
    return int(datetime.fromisoformat(text).timestamp() * 1000)


@pytest.mark.parametrize(("text", "seconds"), [("10s", 10), ("15m", 900), ("1h30m", 5400),
                                               ("7d", 604800), ("2w", 1209600)])
def test_durations(text: str, seconds: float) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "10", "ten minutes", "5x", "0s", "-5m"])
def test_bad_durations_are_refused(text: str) -> None:
    with pytest.raises(RequestError):
        parse_duration(text)


def test_every_schedule_counts_from_its_anchor() -> None:
    every = Schedule.parse("@every 15m")
    anchor = _ms("2026-01-01T00:00:00+00:00")
    assert every.latest_due(anchor, anchor + 14 * 60_000) is None
    assert every.latest_due(anchor, anchor + 31 * 60_000) == anchor + 30 * 60_000
    assert every.next_due(anchor, anchor + 31 * 60_000) == anchor + 45 * 60_000
    assert every.interval_seconds(anchor) == 900


def test_cron_schedule_is_read_in_its_time_zone() -> None:
    daily = Schedule.parse("0 2 * * *", "Europe/Berlin")
    now = _ms("2026-01-10T12:00:00+00:00")
    assert daily.latest_due(0, now) == _ms("2026-01-10T01:00:00+00:00")  # 02:00 CET
    assert daily.next_due(0, now) == _ms("2026-01-11T01:00:00+00:00")
    assert daily.interval_seconds(now) == 86400
    # A fire time before the policy existed is not due.
    assert daily.latest_due(now - 3600_000, now) is None


def test_cron_with_a_seconds_field() -> None:
    assert Schedule.parse("* * * * * */2").interval_seconds(_ms("2026-01-01T00:00:00+00:00")) == 2


@pytest.mark.parametrize(("schedule", "zone"), [("not cron", ""), ("61 * * * *", ""),
                                                ("* * *", ""), ("@every", ""), ("@every 0s", ""),
                                                ("0 2 * * *", "Mars/Olympus")])
def test_bad_schedules_are_refused(schedule: str, zone: str) -> None:
    with pytest.raises(RequestError):
        Schedule.parse(schedule, zone)


def test_validation_normalises_a_policy() -> None:
    policy = validate_policy(Policy(name="nightly", schedule=" 0 2 * * * ", kind="FULL",
                                    collections=(" coll_a ", "db1.*", "")))
    assert policy.schedule == "0 2 * * *"
    assert policy.kind == "full"
    assert policy.time_zone == "UTC"
    assert policy.collections == ("coll_a", "db1.*")
    assert policy.selection() == {"default": ["coll_a"], "db1": []}


@pytest.mark.parametrize("policy", [
    Policy(name="1bad", schedule="@every 1h"),
    Policy(name="a-b", schedule="@every 1h"),
    Policy(name="ok", schedule="@every 1h", kind="differential"),
    Policy(name="ok", schedule="@every 1h", collections=("bad-name",)),
    Policy(name="ok", schedule="@every 1h", retention=RetentionRules(keep_last=-1)),
    Policy(name="ok", schedule="@every 1h", retention=RetentionRules(min_count=-3)),
    Policy(name="ok", schedule="@every 1h", retention=RetentionRules(keep_within_seconds=-1)),
    Policy(name="ok", schedule="@every 1h", name_template="{policy}"),
    Policy(name="ok", schedule="@every 1h", name_template="{policy}-{%Y}"),
    Policy(name="ok", schedule="@every 1h", name_template="{who}_{%Y}"),
])
def test_invalid_policies_are_refused(policy: Policy) -> None:
    with pytest.raises(RequestError):
        validate_policy(policy)


def test_backup_names_come_from_the_template_in_the_policy_zone() -> None:
    policy = validate_policy(Policy(name="p", schedule="@every 1h", time_zone="Asia/Tokyo",
                                    name_template="nightly_{policy}_{%Y%m%d_%H}"))
    assert policy.backup_name(_ms("2026-01-01T20:00:00+00:00")) == "nightly_p_20260102_05"


def test_policies_are_stored_created_once_updated_and_deleted(tmp_path) -> None:
    store = PolicyStore(LocalStorage(tmp_path), "backups")
    policy = validate_policy(Policy(name="p", schedule="@every 1h",
                                    retention=RetentionRules(keep_last=3, keep_within_seconds=60)))
    store.create(policy)
    with pytest.raises(ConflictError):
        store.create(policy)
    assert store.names() == ["p"]
    assert store.get("p") == policy
    store.update(Policy(name="p", schedule="@every 2h"))
    assert store.get("p").schedule == "@every 2h"
    store.delete("p")
    assert store.names() == []
    with pytest.raises(NotFoundError):
        store.get("p")
    with pytest.raises(NotFoundError):
        store.update(policy)


def test_a_due_run_is_claimed_by_exactly_one_replica(tmp_path) -> None:
    # Two replicas: two stores on one root.
    first = PolicyStore(LocalStorage(tmp_path), "backups")
    second = PolicyStore(LocalStorage(tmp_path), "backups")
    run = PolicyRun("p", due_ms=1000, trigger="schedule", backup_name="p_1", start_ms=1001)
    assert first.claim_run(run) is True
    assert second.claim_run(run) is False
    first.save_run(PolicyRun("p", 1000, "schedule", "p_1", 1001, end_ms=1500,
                             outcome=OUTCOME_SUCCESS))
    assert second.claim_run(PolicyRun("p", 2000, "schedule", "p_2", 2001)) is True
    runs = second.runs("p")
    assert [(r.backup_name, r.outcome) for r in runs] == [("p_2", "running"), ("p_1", "success")]
    assert [r.backup_name for r in first.runs("p", limit=1)] == ["p_2"]
    assert first.trim_history("p", keep=1) == 1
    assert [r.backup_name for r in first.runs("p")] == ["p_2"]


def test_a_run_whose_runner_stopped_reads_as_failed_and_stops_blocking(service) -> None:
    store = service.policies.store
    policy = validate_policy(Policy(name="p", schedule="@every 1h"))
    store.create(policy)
    lease_ms = service.config.backup.lease_seconds * 1000
    old = PolicyRun("p", 1000, "schedule", "p_gone", start_ms=1001, runner="elsewhere pid 1")
    fresh = PolicyRun("p", 2000, "manual", "p_starting", start_ms=int(9e12), runner="x pid 2")
    assert store.claim_run(old) and store.claim_run(fresh)
    runs = {r.backup_name: r for r in service.policy_runs("p")}
    # Started long ago, no backup ever written: its runner stopped.
    assert runs["p_gone"].outcome == "failed"
    assert "interrupted: elsewhere pid 1 stopped" in runs["p_gone"].error_message
    assert store.runs("p")[-1].outcome == "failed"  # recorded, so no replica waits on it
    # Just started (within twice the lease): still running.
    assert runs["p_starting"].outcome == "running"
    assert lease_ms > 0


def test_a_stale_policy_names_its_last_failure_while_a_newer_run_is_under_way(service) -> None:
    store = service.policies.store
    policy = validate_policy(Policy(name="p", schedule="@every 1s"))
    store.create(policy)
    store.save_run(PolicyRun("p", 1000, "schedule", "p_1", start_ms=1001, end_ms=1002,
                             outcome=OUTCOME_FAILED, error_message="Milvus is unreachable"))
    store.claim_run(PolicyRun("p", 2000, "schedule", "p_2", start_ms=int(9e12), runner="x"))
    status = service.policies.status(store.get("p"), now=int(9e12))
    assert status.stale and status.last_outcome == "running"
    assert "last failed run: Milvus is unreachable" in status.stale_text(int(9e12))
    # A success clears it.
    store.save_run(PolicyRun("p", 3000, "schedule", "p_3", start_ms=int(9e12) + 1,
                             end_ms=int(9e12) + 2, outcome=OUTCOME_SUCCESS))
    assert service.policies.status(store.get("p"), now=int(9e12) + 3).last_error == ""


def test_a_run_backs_up_the_policy_selection_under_its_name() -> None:
    from dataclasses import fields

    from milvus_backup_grpc import model
    from milvus_backup_grpc.engine.scheduler import INCREMENTAL_SUPPORTED, backup_request

    full = validate_policy(Policy(name="p", schedule="@every 1h", collections=("db1.c", "c2")))
    request = backup_request(full, "p_1")
    assert (request.name, request.selection) == ("p_1", {"db1": ["c"], "default": ["c2"]})
    incremental = backup_request(validate_policy(Policy(name="p", schedule="@every 1h",
                                                        kind="incremental")), "p_2")
    has_switch = "incremental" in {f.name for f in fields(model.CreateBackupInput)}
    assert has_switch == INCREMENTAL_SUPPORTED
    # Without incremental backups in the tree, an incremental policy takes full backups.
    assert getattr(incremental, "incremental", False) is has_switch
