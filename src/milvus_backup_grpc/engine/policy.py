"""Backup policies: what to back up, when, and how long to keep it; stored in the backup root.

A policy is one JSON object at ``ROOT/.policies/NAME.json``, so every replica sharing the root
sees the same policies. Its runs are recorded beside it, one object each::

    ROOT/.policies/NAME.json                       the policy
    ROOT/.policy_runs/NAME/<due ms>_<trigger>.json   one run: start, end, backup, bytes, outcome

(Runs have a prefix of their own so that listing the policies, which every replica does every
few seconds, never lists the history.)

A scheduled run's key is its due time, so the replicas that find it due all try to create the
same key with ``create_exclusive`` and exactly one wins: that one runs it. A manual run (run
now) is keyed by the time it was asked for.

A schedule is a cron expression (5 fields; croniter's optional 6th field is seconds) read in
the policy's time zone, or ``@every <duration>`` counted from the policy's creation.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..errors import ConflictError, LayoutError, NotFoundError, RequestError
from ..layout import paths
from ..model import Selection
from ..storage.base import ObjectNotFound, ObjectStorage, PreconditionFailed, join_key
from .retention import RetentionRules
from .selection import split_name

POLICY_DIR = ".policies"
RUNS_DIR = ".policy_runs"
KIND_FULL = "full"
KIND_INCREMENTAL = "incremental"
KINDS = (KIND_FULL, KIND_INCREMENTAL)
DEFAULT_TEMPLATE = "{policy}_{%Y%m%d_%H%M%S}"
TRIGGER_SCHEDULE = "schedule"
TRIGGER_MANUAL = "manual"
OUTCOME_RUNNING = "running"
OUTCOME_SUCCESS = "success"
OUTCOME_FAILED = "failed"
#: Run records kept per policy; older ones are removed by retention.
HISTORY_KEEP = 200

_DURATION = re.compile(r"(\d+)(ms|s|m|h|d|w)")
_UNIT_SECONDS = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


def now_ms() -> int:
    """Unix time in milliseconds."""
    return int(time.time() * 1000)


def parse_duration(text: str, what: str = "duration") -> float:
    """Seconds of a duration such as ``15m``, ``1h30m``, ``7d``, ``10s``.

    Raises:
        RequestError: not such a duration, or zero.
    """
    compact = text.strip().replace(" ", "")
    if not compact or _DURATION.sub("", compact):
        raise RequestError(
            f"{what} {text!r} is not a duration; write it as e.g. 10s, 15m, 1h30m, 7d, 2w"
        )
    seconds = sum(int(n) * _UNIT_SECONDS[u] for n, u in _DURATION.findall(compact))
    if seconds <= 0:
        raise RequestError(f"{what} {text!r} must be longer than zero")
    return float(seconds)


@dataclass(frozen=True)
class Schedule:
    """When a policy runs: a cron expression in a time zone, or every fixed interval."""

    text: str
    zone_name: str = "UTC"
    every_seconds: float = 0.0

    @classmethod
    def parse(cls, text: str, zone_name: str = "") -> Schedule:
        """Read ``@every 15m`` or a cron expression (5 fields; a 6th field is seconds).

        Raises:
            RequestError: a bad expression or an unknown time zone.
        """
        zone_name = zone_name.strip() or "UTC"
        try:
            ZoneInfo(zone_name)
        except (ZoneInfoNotFoundError, ValueError):
            raise RequestError(
                f"unknown time zone {zone_name!r}; give an IANA name such as UTC or Europe/Berlin"
            ) from None
        text = text.strip()
        if text.startswith("@every"):
            every = parse_duration(text[len("@every") :], "schedule interval")
            if every < 1:
                raise RequestError(f"schedule {text!r}: the interval must be at least 1s")
            return cls(text, zone_name, every)
        from croniter import croniter  # with dateutil, a tenth of a second: only when used

        if not text or not croniter.is_valid(text):
            raise RequestError(
                f"schedule {text!r} is not a cron expression (e.g. '0 2 * * *' for 02:00 "
                "every day) nor '@every <duration>' (e.g. '@every 15m')"
            )
        return cls(text, zone_name)

    @property
    def zone(self) -> ZoneInfo:
        """The time zone the schedule and the name template are read in."""
        return ZoneInfo(self.zone_name)

    def latest_due(self, anchor_ms: int, now: int) -> int | None:
        """The newest fire time in (anchor, now], or None; anchor is the policy's creation."""
        if self.every_seconds:
            step = int(self.every_seconds * 1000)
            count = (now - anchor_ms) // step
            return anchor_ms + count * step if count >= 1 else None
        from croniter import croniter

        start = datetime.fromtimestamp(now / 1000, self.zone)
        previous = croniter(self.text, start).get_prev(datetime)
        due = int(previous.timestamp() * 1000)
        return due if due > anchor_ms else None

    def next_due(self, anchor_ms: int, now: int) -> int:
        """The first fire time after ``now``."""
        if self.every_seconds:
            step = int(self.every_seconds * 1000)
            count = max(0, (now - anchor_ms) // step) + 1
            return anchor_ms + count * step
        from croniter import croniter

        start = datetime.fromtimestamp(now / 1000, self.zone)
        return int(croniter(self.text, start).get_next(datetime).timestamp() * 1000)

    def interval_seconds(self, around_ms: int) -> float:
        """The time between two fire times near ``around_ms`` (cron intervals can vary)."""
        if self.every_seconds:
            return self.every_seconds
        from croniter import croniter

        start = datetime.fromtimestamp(around_ms / 1000, self.zone)
        it = croniter(self.text, start)
        first = it.get_next(datetime)
        second = it.get_next(datetime)
        return float((second - first).total_seconds())


@dataclass(frozen=True)
class Policy:
    """A backup policy as stored in ``ROOT/.policies/NAME.json``."""

    name: str
    schedule: str
    #: ``coll``, ``db.coll`` or ``db.*``; empty: every collection of every database.
    collections: tuple[str, ...] = ()
    time_zone: str = "UTC"
    kind: str = KIND_FULL
    name_template: str = DEFAULT_TEMPLATE
    retention: RetentionRules = RetentionRules()
    created_ms: int = 0
    updated_ms: int = 0

    @property
    def parsed_schedule(self) -> Schedule:
        """The schedule, parsed (the policy was validated when stored)."""
        return Schedule.parse(self.schedule, self.time_zone)

    def selection(self) -> Selection | None:
        """The collections as a backup request's selection; None for everything."""
        if not self.collections:
            return None
        chosen: Selection = {}
        for item in self.collections:
            db, _, rest = item.rpartition(".")
            if rest == "*":
                chosen[db] = []
                continue
            db, coll = split_name(item)
            if chosen.get(db) != []:
                chosen.setdefault(db, []).append(coll)
        return chosen

    def backup_name(self, due_ms: int) -> str:
        """The name of the backup of the run due at ``due_ms``, from the name template."""
        when = datetime.fromtimestamp(due_ms / 1000, self.parsed_schedule.zone)

        def fill(match: re.Match[str]) -> str:
            inner = match.group(1)
            if inner == "policy":
                return self.name
            if inner.startswith("%"):
                return when.strftime(inner)
            raise RequestError(
                f"name template {self.name_template!r}: unknown placeholder {{{inner}}}; use "
                "{policy} or a strftime pattern such as {%Y%m%d_%H%M%S}"
            )

        return _PLACEHOLDER.sub(fill, self.name_template)

    def to_json(self) -> dict[str, object]:
        """The stored form."""
        tree = asdict(self)
        tree["collections"] = list(self.collections)
        return tree

    @classmethod
    def from_json(cls, tree: Any) -> Policy:
        """Read the stored form.

        Raises:
            LayoutError: it is not a policy.
        """
        try:
            rules = RetentionRules(**dict(tree.get("retention") or {}))
            fields = {k: v for k, v in tree.items() if k != "retention"}
            fields["collections"] = tuple(fields.get("collections") or ())
            return cls(retention=rules, **fields)
        except (TypeError, ValueError, AttributeError) as exc:
            raise LayoutError(f"not a policy record: {exc}") from None


def validate_policy(policy: Policy) -> Policy:
    """Check every field of a policy; the policy with its fields normalised.

    Raises:
        RequestError: the first problem found, saying what to change.
    """
    problem = paths.name_problem(policy.name)
    if problem:
        raise RequestError(f"invalid policy name: {problem}")
    schedule = Schedule.parse(policy.schedule, policy.time_zone)
    kind = policy.kind.strip().lower() or KIND_FULL
    if kind not in KINDS:
        raise RequestError(f"kind {policy.kind!r}: give full or incremental")
    collections = tuple(c.strip() for c in policy.collections if c.strip())
    for item in collections:
        db, _, rest = item.rpartition(".")
        if rest == "*":
            split_name(f"{db}.x")  # checks the database name
        else:
            split_name(item)
    rules = policy.retention
    for attr in (
        "keep_last",
        "keep_hourly",
        "keep_daily",
        "keep_weekly",
        "keep_monthly",
        "min_count",
    ):
        if getattr(rules, attr) < 0:
            raise RequestError(f"{attr} is {getattr(rules, attr)}; give 0 (no rule) or more")
    if rules.keep_within_seconds < 0:
        raise RequestError("keep_within must not be negative")
    template = policy.name_template.strip() or DEFAULT_TEMPLATE
    checked = replace(
        policy,
        schedule=schedule.text,
        time_zone=schedule.zone_name,
        kind=kind,
        collections=collections,
        name_template=template,
    )
    sample = checked.backup_name(now_ms())
    problem = paths.name_problem(sample)
    if problem:
        raise RequestError(
            f"name template {template!r} makes {sample!r}, not a valid backup name: {problem}"
        )
    if not any(m.group(1).startswith("%") for m in _PLACEHOLDER.finditer(template)):
        raise RequestError(
            f"name template {template!r} has no time placeholder (such as {{%Y%m%d_%H%M%S}}), "
            "so every run would take the same backup name"
        )
    return checked


@dataclass(frozen=True)
class PolicyRun:
    """One run of a policy, as recorded under ``ROOT/.policy_runs/NAME/``."""

    policy_name: str
    due_ms: int
    trigger: str
    backup_name: str
    start_ms: int
    end_ms: int = 0
    size_bytes: int = 0
    outcome: str = OUTCOME_RUNNING
    error_message: str = ""
    #: The process that ran it ("host pid N").
    runner: str = ""
    #: Backups retention removed after this run.
    pruned: tuple[str, ...] = field(default_factory=tuple)

    def to_bytes(self) -> bytes:
        """The stored form."""
        tree = asdict(self)
        tree["pruned"] = list(self.pruned)
        return json.dumps(tree, indent=1).encode()

    @classmethod
    def from_bytes(cls, data: bytes) -> PolicyRun:
        """Read the stored form.

        Raises:
            LayoutError: it is not a run record.
        """
        try:
            tree = json.loads(data)
            tree["pruned"] = tuple(tree.get("pruned") or ())
            return cls(**tree)
        except (TypeError, ValueError, AttributeError) as exc:
            raise LayoutError(f"not a policy run record: {exc}") from None


class PolicyStore:
    """Policies and their run records under one backup root."""

    def __init__(self, storage: ObjectStorage, root: str) -> None:
        self.storage = storage
        self.prefix = join_key(root, POLICY_DIR) + "/"
        self.runs_root = join_key(root, RUNS_DIR) + "/"

    def key(self, name: str) -> str:
        """Where the policy ``name`` is stored."""
        return f"{self.prefix}{name}.json"

    def runs_prefix(self, name: str) -> str:
        """Where the runs of the policy ``name`` are recorded."""
        return f"{self.runs_root}{name}/"

    def run_key(self, name: str, due_ms: int, trigger: str) -> str:
        """Where the run of ``name`` due at ``due_ms`` is recorded (sortable by time)."""
        return f"{self.runs_prefix(name)}{due_ms:015d}_{trigger}.json"

    def names(self) -> list[str]:
        """Every stored policy's name, sorted."""
        found = []
        for obj in self.storage.list_objects(self.prefix):
            rest = obj.key[len(self.prefix) :]
            if "/" not in rest and rest.endswith(".json"):
                found.append(rest[: -len(".json")])
        return sorted(found)

    def get(self, name: str) -> Policy:
        """The stored policy.

        Raises:
            NotFoundError: no such policy. LayoutError: its record is not a policy.
        """
        try:
            data = self.storage.read_bytes(self.key(name))
        except ObjectNotFound:
            raise NotFoundError(f"no policy {name!r}") from None
        try:
            return Policy.from_json(json.loads(data))
        except ValueError as exc:
            raise LayoutError(f"policy {name!r}: its record is not JSON: {exc}") from None

    def all(self) -> Iterator[Policy]:
        """Every stored policy that can be read."""
        for name in self.names():
            try:
                yield self.get(name)
            except (NotFoundError, LayoutError):
                continue

    def create(self, policy: Policy) -> None:
        """Store a new policy.

        Raises:
            ConflictError: a policy of that name exists (in any replica).
        """
        try:
            self.storage.create_exclusive(self.key(policy.name), _encode(policy))
        except PreconditionFailed:
            raise ConflictError(
                f"policy {policy.name!r} already exists; update it, or delete it first"
            ) from None

    def update(self, policy: Policy) -> None:
        """Replace a stored policy.

        Raises:
            NotFoundError: no such policy.
        """
        key = self.key(policy.name)
        try:
            current = self.storage.read_versioned(key)
        except ObjectNotFound:
            raise NotFoundError(f"no policy {policy.name!r}") from None
        try:
            self.storage.replace_if(key, _encode(policy), current.version)
        except PreconditionFailed:
            raise ConflictError(
                f"policy {policy.name!r} changed while it was being updated; try again"
            ) from None

    def delete(self, name: str) -> None:
        """Remove a policy and its run history (its backups stay).

        Raises:
            NotFoundError: no such policy.
        """
        if not self.storage.exists(self.key(name)):
            raise NotFoundError(f"no policy {name!r}")
        self.storage.delete(self.key(name))
        self.storage.delete_prefix(self.runs_prefix(name))

    def claim_run(self, run: PolicyRun) -> bool:
        """Record a run as started, unless a run of that key exists; True if this one won."""
        try:
            self.storage.create_exclusive(
                self.run_key(run.policy_name, run.due_ms, run.trigger), run.to_bytes()
            )
        except PreconditionFailed:
            return False
        return True

    def save_run(self, run: PolicyRun) -> None:
        """Record a run's new state (only its claimant writes it)."""
        self.storage.write_bytes(
            self.run_key(run.policy_name, run.due_ms, run.trigger), run.to_bytes()
        )

    def run_keys(self, name: str) -> list[str]:
        """The keys of the policy's run records, oldest first."""
        return sorted(o.key for o in self.storage.list_objects(self.runs_prefix(name)))

    def runs(self, name: str, limit: int = 0) -> list[PolicyRun]:
        """The policy's runs, newest first (at most ``limit`` when > 0)."""
        keys = self.run_keys(name)[::-1]
        if limit > 0:
            keys = keys[:limit]
        found = []
        for key in keys:
            try:
                found.append(PolicyRun.from_bytes(self.storage.read_bytes(key)))
            except (ObjectNotFound, LayoutError):
                continue
        return found

    def latest(self, name: str) -> tuple[PolicyRun | None, PolicyRun | None, PolicyRun | None]:
        """The policy's newest run, newest failed run since its last success, and newest success.

        The failure is kept apart because a newer run may already be under way when a
        stale policy is reported, and the report must still say why the last one failed.
        """
        newest: PolicyRun | None = None
        failed: PolicyRun | None = None
        for key in reversed(self.run_keys(name)):
            try:
                run = PolicyRun.from_bytes(self.storage.read_bytes(key))
            except (ObjectNotFound, LayoutError):
                continue
            newest = newest or run
            if run.outcome == OUTCOME_SUCCESS:
                return newest, failed, run
            if run.outcome == OUTCOME_FAILED and failed is None:
                failed = run
        return newest, failed, None

    def trim_history(self, name: str, keep: int = HISTORY_KEEP) -> int:
        """Remove the oldest run records beyond ``keep``; how many went."""
        keys = self.run_keys(name)
        old = keys[: max(0, len(keys) - keep)]
        for key in old:
            self.storage.delete(key)
        return len(old)


def _encode(policy: Policy) -> bytes:
    return json.dumps(policy.to_json(), indent=1).encode()


def created_now(policy: Policy) -> Policy:
    """The policy stamped with its creation time (the anchor of ``@every`` schedules)."""
    stamp = now_ms()
    return replace(policy, created_ms=stamp, updated_ms=stamp)


def stale_after_seconds(policy: Policy, around_ms: int) -> float:
    """How long without a success makes the policy stale: twice its interval."""
    return 2 * policy.parsed_schedule.interval_seconds(around_ms)
