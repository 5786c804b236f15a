"""The retention planner (a pure function): restic's and SLM's rules, and the three guards."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from milvus_backup_grpc.engine.retention import (
    Candidate,
    RetentionRules,
    dependencies_of,
    plan_retention,
)
from milvus_backup_grpc.pb import backup_pb2 as pb

HOUR = 3600 * 1000
DAY = 24 * HOUR


def _ms(text: str) -> int:
    return int(datetime.fromisoformat(text).replace(tzinfo=UTC).timestamp() * 1000)


def _kept(decisions: list) -> list[str]:
    return [d.name for d in decisions if d.keep]


def _gone(decisions: list) -> list[str]:
    return [d.name for d in decisions if not d.keep]


def _series(count: int, step_ms: int, start: str = "2026-01-01T00:00:00") -> list[Candidate]:
    base = _ms(start)
    return [Candidate(f"b{i}", base + i * step_ms) for i in range(count)]


def test_keep_last_keeps_the_newest_n_and_says_why() -> None:
    decisions = plan_retention(_series(5, HOUR), RetentionRules(keep_last=2), UTC)
    assert _kept(decisions) == ["b4", "b3"]
    assert _gone(decisions) == ["b2", "b1", "b0"]
    assert decisions[0].reasons[0] == "keep_last 2 (#1)"
    assert decisions[-1].reasons == ("matched no keep rule",)


def test_no_rule_keeps_everything() -> None:
    decisions = plan_retention(_series(3, HOUR), RetentionRules(), UTC)
    assert _gone(decisions) == []
    assert "no retention rule is set" in decisions[-1].reasons


def test_the_newest_good_backup_always_stays() -> None:
    # keep_within 1s of the newest keeps the newest anyway; a huge gap does not lose it.
    candidates = [Candidate("old", _ms("2026-01-01T00:00:00")),
                  Candidate("new", _ms("2026-03-01T00:00:00")),
                  Candidate("broken", _ms("2026-03-02T00:00:00"), good=False)]
    decisions = plan_retention(candidates, RetentionRules(keep_hourly=0, keep_within_seconds=1),
                               UTC)
    assert _kept(decisions) == ["new"]
    assert "newest good backup" in {r for d in decisions if d.name == "new" for r in d.reasons}
    assert dict((d.name, d.reasons) for d in decisions)["broken"] == ("failed backup",)


def test_failed_backups_count_for_no_rule() -> None:
    candidates = _series(3, HOUR) + [Candidate("f", _ms("2026-01-02T00:00:00"), good=False)]
    decisions = plan_retention(candidates, RetentionRules(keep_last=2), UTC)
    assert _kept(decisions) == ["b2", "b1"]
    assert "f" in _gone(decisions)


def test_keep_daily_keeps_the_newest_of_each_of_the_newest_n_days() -> None:
    # Four backups a day for four days.
    candidates = _series(16, 6 * HOUR)
    decisions = plan_retention(candidates, RetentionRules(keep_daily=3), UTC)
    assert _kept(decisions) == ["b15", "b11", "b7"]
    assert dict((d.name, d.reasons) for d in decisions)["b11"] == ("daily 2026-01-03",)


def test_keep_hourly_weekly_monthly_count_distinct_periods() -> None:
    hourly = plan_retention(_series(6, 30 * 60 * 1000), RetentionRules(keep_hourly=2), UTC)
    assert _kept(hourly) == ["b5", "b3"]
    # 2026-01-01 is a Thursday: b0..b3 in ISO week 1, b4..b10 in week 2, ...
    weekly = plan_retention(_series(21, DAY), RetentionRules(keep_weekly=2), UTC)
    assert _kept(weekly) == ["b20", "b17"]
    monthly = plan_retention(_series(70, DAY), RetentionRules(keep_monthly=2), UTC)
    assert _kept(monthly) == ["b69", "b58"]  # 2026-03-11 and 2026-02-28


def test_periods_are_counted_in_the_policy_time_zone() -> None:
    # 23:30 UTC on Jan 1 is Jan 2 in Berlin: with two backups 01-01 22:00 and 23:30 UTC,
    # UTC sees one day and Berlin two.
    candidates = [Candidate("a", _ms("2026-01-01T22:00:00")),
                  Candidate("b", _ms("2026-01-01T23:30:00"))]
    assert _kept(plan_retention(candidates, RetentionRules(keep_daily=5), UTC)) == ["b"]
    berlin = plan_retention(candidates, RetentionRules(keep_daily=5), ZoneInfo("Europe/Berlin"))
    assert _kept(berlin) == ["b", "a"]


def test_keep_within_is_measured_from_the_newest_backup_not_from_now() -> None:
    candidates = _series(10, DAY, start="2020-01-01T00:00:00")  # years ago
    decisions = plan_retention(candidates, RetentionRules(keep_within_seconds=3 * 86400), UTC)
    assert _kept(decisions) == ["b9", "b8", "b7", "b6"]
    assert "keep_within 3d" in dict((d.name, d.reasons) for d in decisions)["b6"]


def test_min_count_overrides_the_other_rules() -> None:
    decisions = plan_retention(_series(5, HOUR), RetentionRules(keep_last=1, min_count=3), UTC)
    assert _kept(decisions) == ["b4", "b3", "b2"]
    assert "min_count 3" in dict((d.name, d.reasons) for d in decisions)["b2"]


def test_rules_combine_as_a_union() -> None:
    candidates = _series(48, HOUR)  # two days, hourly
    decisions = plan_retention(candidates, RetentionRules(keep_last=2, keep_daily=2), UTC)
    assert _kept(decisions) == ["b47", "b46", "b23"]


def test_a_base_of_a_kept_incremental_stays_transitively() -> None:
    # full0 <- inc1 <- inc2 (chain), full3: keep_last 1 keeps full3 only by the rules.
    candidates = _series(4, HOUR)
    names = ["full0", "inc1", "inc2", "full3"]
    candidates = [Candidate(n, c.time_ms) for n, c in zip(names, candidates, strict=True)]
    deps = {"inc1": ["full0"], "inc2": ["inc1"]}
    assert _kept(plan_retention(candidates, RetentionRules(keep_last=1), UTC, deps)) == ["full3"]
    # Keeping the newest incremental keeps its whole chain.
    decisions = plan_retention(candidates[:3], RetentionRules(keep_last=1), UTC, deps)
    assert _kept(decisions) == ["inc2", "inc1", "full0"]
    reasons = dict((d.name, d.reasons) for d in decisions)
    assert reasons["full0"] == ("kept backup inc1 depends on it",)


def test_a_base_that_a_backup_outside_the_policy_needs_stays() -> None:
    candidates = _series(3, HOUR)
    decisions = plan_retention(candidates, RetentionRules(keep_last=1), UTC,
                               {"someone_elses_inc": ["b0"]}, others=["someone_elses_inc"])
    assert _kept(decisions) == ["b2", "b0"]


def test_a_removed_incremental_does_not_protect_its_base() -> None:
    candidates = _series(3, HOUR)
    decisions = plan_retention(candidates, RetentionRules(keep_last=1), UTC, {"b1": ["b0"]})
    assert _kept(decisions) == ["b2"]


def test_only_candidates_are_ever_decided() -> None:
    decisions = plan_retention(_series(2, HOUR), RetentionRules(keep_last=1), UTC,
                               others=["not_mine"])
    assert {d.name for d in decisions} == {"b0", "b1"}


def test_an_empty_policy_plans_nothing() -> None:
    assert plan_retention([], RetentionRules(keep_last=1), UTC) == []


def test_dependencies_of_reads_depends_on_when_the_model_has_it() -> None:
    assert dependencies_of(pb.BackupInfo(name="x")) == []

    class Incremental:
        depends_on = ("a", "b")

    assert dependencies_of(Incremental()) == ["a", "b"]
