"""Which backups of a policy retention keeps, and why: a pure planner.

The rules follow restic's ``forget`` and Elasticsearch SLM's retention:

- ``keep_last N``: the N newest good backups.
- ``keep_hourly/daily/weekly/monthly N``: for each of the N newest hours (days, ISO weeks,
  months) that hold a good backup, the newest backup of that period. Periods are counted in the
  policy's time zone.
- ``keep_within D``: every good backup taken less than D before the newest good one (restic
  measures from the newest backup, not from now, so a stopped scheduler never empties a policy).
- ``min_count N``: whatever the other rules say, the N newest good backups stay (SLM).

With no rule set, every backup is kept. On top of the rules, three guards hold whatever the
rules say: the newest good backup always stays; a backup that a kept backup depends on
(incremental chains, followed transitively through every backup of the root, the policy's or
not) stays; and only backups the caller lists as the policy's are candidates at all. Failed
backups are not counted by any rule and go.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import Any


@dataclass(frozen=True)
class RetentionRules:
    """How many backups of a policy to keep; 0 (or 0 seconds) leaves a rule out."""

    keep_last: int = 0
    keep_hourly: int = 0
    keep_daily: int = 0
    keep_weekly: int = 0
    keep_monthly: int = 0
    keep_within_seconds: float = 0.0
    min_count: int = 0

    @property
    def empty(self) -> bool:
        """True when no rule is set: retention keeps everything."""
        return not (
            self.keep_last
            or self.keep_hourly
            or self.keep_daily
            or self.keep_weekly
            or self.keep_monthly
            or self.keep_within_seconds
        )


@dataclass(frozen=True)
class Candidate:
    """One backup of the policy, as retention sees it."""

    name: str
    time_ms: int
    #: A complete, successful backup (a failed one counts for no rule).
    good: bool = True


@dataclass(frozen=True)
class Decision:
    """What retention does with one backup, and the reasons."""

    name: str
    keep: bool
    reasons: tuple[str, ...] = field(default_factory=tuple)


def dependencies_of(info: Any) -> list[str]:
    """The backups ``info`` (a BackupInfo) needs in order to be restored.

    Incremental backups name their bases in ``depends_on``; a backup meta model without that
    field (or a full backup) needs none.
    """
    try:
        return [str(name) for name in info.depends_on]
    except AttributeError:
        return []


_PERIODS: tuple[tuple[str, str, Callable[[datetime], str]], ...] = (
    ("keep_hourly", "hourly", lambda t: t.strftime("%Y-%m-%d %H")),
    ("keep_daily", "daily", lambda t: t.strftime("%Y-%m-%d")),
    ("keep_weekly", "weekly", lambda t: f"{t.isocalendar()[0]:04d}-W{t.isocalendar()[1]:02d}"),
    ("keep_monthly", "monthly", lambda t: t.strftime("%Y-%m")),
)


def plan_retention(
    candidates: Sequence[Candidate],
    rules: RetentionRules,
    zone: tzinfo,
    dependencies: Mapping[str, Iterable[str]] | None = None,
    others: Iterable[str] = (),
) -> list[Decision]:
    """Decide, for each candidate, whether it stays; newest first.

    Args:
        candidates: the policy's backups (running ones left out by the caller).
        rules: the policy's retention rules.
        zone: the time zone hourly/daily/weekly/monthly periods are counted in.
        dependencies: for any backup of the root, the backups it depends on.
        others: backups of the root that are not candidates (they all stay, and so does
            every backup they depend on).
    """
    ordered = sorted(candidates, key=lambda c: (c.time_ms, c.name), reverse=True)
    good = [c for c in ordered if c.good]
    reasons: dict[str, list[str]] = {c.name: [] for c in ordered}
    if rules.empty:
        for c in ordered:
            reasons[c.name].append("no retention rule is set")
    for i, c in enumerate(good[: rules.keep_last]):
        reasons[c.name].append(f"keep_last {rules.keep_last} (#{i + 1})")
    for attr, label, period_of in _PERIODS:
        count = getattr(rules, attr)
        seen: list[str] = []
        for c in good:
            if len(seen) >= count:
                break
            period = period_of(datetime.fromtimestamp(c.time_ms / 1000, zone))
            if period not in seen:
                seen.append(period)
                reasons[c.name].append(f"{label} {period}")
    if rules.keep_within_seconds and good:
        horizon = good[0].time_ms - rules.keep_within_seconds * 1000
        for c in good:
            if c.time_ms >= horizon:
                reasons[c.name].append(f"keep_within {duration_text(rules.keep_within_seconds)}")
    for c in good[: rules.min_count]:
        reasons[c.name].append(f"min_count {rules.min_count}")
    if good:
        reasons[good[0].name].append("newest good backup")
    _protect_dependencies(ordered, reasons, dependencies or {}, others)
    decisions = []
    for c in ordered:
        why = reasons[c.name]
        if why:
            decisions.append(Decision(c.name, True, tuple(dict.fromkeys(why))))
        elif not c.good:
            decisions.append(Decision(c.name, False, ("failed backup",)))
        else:
            decisions.append(Decision(c.name, False, ("matched no keep rule",)))
    return decisions


def _protect_dependencies(
    ordered: Sequence[Candidate],
    reasons: dict[str, list[str]],
    dependencies: Mapping[str, Iterable[str]],
    others: Iterable[str],
) -> None:
    """Keep every backup that a kept backup needs, transitively."""
    kept = [c.name for c in ordered if reasons[c.name]] + list(others)
    queue = list(kept)
    needed_by: dict[str, str] = {}
    while queue:
        name = queue.pop()
        for base in dependencies.get(name, ()):
            if base not in needed_by and base != name:
                needed_by[base] = name
                queue.append(base)
    for c in ordered:
        if c.name in needed_by:
            reasons[c.name].append(f"kept backup {needed_by[c.name]} depends on it")


def duration_text(seconds: float) -> str:
    """A duration in seconds as the shortest text that reads back the same ("7d", "90s")."""
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size and seconds % size == 0:
            return f"{int(seconds // size)}{unit}"
    return f"{seconds:g}s"
