"""Running policies: their runs, their retention, their status, and the scheduler thread.

Every replica sharing a backup root runs a ``PolicyScheduler``. On each tick it reads the
policies, and for each one whose newest fire time it has not handled yet it tries to claim that
run by creating its run record exclusively (``PolicyStore.claim_run``): whatever the number of
replicas, one create wins and only that replica takes the backup. A policy whose previous run
still goes on in this process waits for it (an incremental chain must not fork).

A run still going on (a "running" record, in any replica) makes the next due time wait; a
record whose runner stopped is settled as failed (or, its backup complete, as a success) by
whoever reads it next.

Retention runs after each successful run (in the replica that ran it) and on a timer (in every
replica; two replicas deleting the same backup is harmless: the second finds it gone).
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from typing import TYPE_CHECKING, Any

from .. import model
from ..errors import BackupError, ConflictError, LayoutError, NotFoundError, TaskError
from ..storage.base import ObjectNotFound
from . import policy_metrics
from .lease import this_process
from .policy import (
    HISTORY_KEEP,
    KIND_INCREMENTAL,
    OUTCOME_FAILED,
    OUTCOME_RUNNING,
    OUTCOME_SUCCESS,
    TRIGGER_SCHEDULE,
    Policy,
    PolicyRun,
    PolicyStore,
    now_ms,
    stale_after_seconds,
)
from .retention import Candidate, Decision, dependencies_of, plan_retention

if TYPE_CHECKING:
    from .service import BackupService

log = logging.getLogger(__name__)

#: How many names a run tries ("NAME", "NAME_2", ... "NAME_9") before it fails as taken.
MAX_NAME_SUFFIX = 9

#: Whether backups can be incremental in this tree (the ``incremental`` input of CreateBackup).
INCREMENTAL_SUPPORTED = "incremental" in {f.name for f in fields(model.CreateBackupInput)}
_RUNNING_STATES = (model.BACKUP_INITIAL, model.BACKUP_EXECUTING)


@dataclass(frozen=True)
class PolicyStatus:
    """A policy with where its runs stand."""

    policy: Policy
    next_run_ms: int
    last_run_ms: int = 0
    last_success_ms: int = 0
    last_outcome: str = ""
    #: The error of the newest failed run since the last success ("" when none failed).
    last_error: str = ""
    #: Its last success (or, never successful, its creation) is older than twice its interval.
    stale: bool = False

    def stale_text(self, now: int) -> str:
        """Why the policy is stale, for Check."""
        since = self.last_success_ms or self.policy.created_ms
        ago = (now - since) / 1000
        what = "last successful run ended" if self.last_success_ms else "created, never successful,"
        text = (
            f"no successful backup within twice its interval ({self.policy.schedule}); "
            f"{what} {ago:.0f}s ago"
        )
        if self.last_error:
            text += f"; last failed run: {self.last_error}"
        return text


def backup_request(policy: Policy, backup_name: str) -> model.CreateBackupInput:
    """The backup a run of ``policy`` takes."""
    request = model.CreateBackupInput(name=backup_name, selection=policy.selection())
    if policy.kind == KIND_INCREMENTAL and INCREMENTAL_SUPPORTED:
        switch: dict[str, Any] = {"incremental": True}
        request = replace(request, **switch)
    return request


class PolicyRunner:
    """Runs, retention and status of the policies of one service's backup root."""

    def __init__(self, service: BackupService) -> None:
        self.service = service
        self.store = PolicyStore(service.backup_storage, service.config.backup_storage.root_path)
        self._lock = threading.Lock()
        self._running: dict[str, threading.Thread] = {}

    # -- runs -----------------------------------------------------------------------------

    def runs(self, name: str, limit: int = 0) -> list[PolicyRun]:
        """The policy's runs, newest first; a run whose process stopped reads as failed."""
        return [self._settled(run) for run in self.store.runs(name, limit)]

    def _settled(self, run: PolicyRun) -> PolicyRun:
        """A "running" record whose runner stopped, recorded as the failure it was.

        The backup's own record tells: its lease expired (the catalog reads it as failed,
        interrupted), or it never appeared within twice the lease after the run started.
        """
        if run.outcome != OUTCOME_RUNNING or self.busy(run.policy_name):
            return run
        catalog = self.service.catalog()
        error = ""
        try:
            info = catalog.read(run.backup_name, self.service.tasks.running_backup_ids())
        except NotFoundError:
            lease_ms = self.service.config.backup.lease_seconds * 1000
            if now_ms() - run.start_ms > 2 * lease_ms:
                error = f"interrupted: {run.runner} stopped before the backup was written"
        except (LayoutError, ObjectNotFound):
            return run
        else:
            if info.state_code == model.BACKUP_FAIL:
                error = info.errorMessage or "the backup failed"
            elif info.state_code == model.BACKUP_SUCCESS:
                # The runner stopped after the backup, before recording it.
                settled = replace(run, outcome=OUTCOME_SUCCESS, size_bytes=info.size)
                self._save(replace(settled, end_ms=settled.end_ms or now_ms()))
                return settled
        if not error:
            return run
        failed = replace(run, outcome=OUTCOME_FAILED, error_message=error, end_ms=now_ms())
        self._save(failed)
        return failed

    def busy(self, name: str) -> bool:
        """Whether a run of the policy goes on in this process."""
        with self._lock:
            worker = self._running.get(name)
            return worker is not None and worker.is_alive()

    def start(
        self, policy: Policy, due_ms: int, trigger: str, wait: bool = False
    ) -> PolicyRun | None:
        """Claim the run due at ``due_ms`` and take it (in a thread unless ``wait``).

        Returns:
            The run (running, or finished when ``wait``), or None when another replica (or an
            earlier call) had claimed it.
        """
        run = PolicyRun(
            policy_name=policy.name,
            due_ms=due_ms,
            trigger=trigger,
            backup_name=policy.backup_name(due_ms),
            start_ms=now_ms(),
            runner=this_process().label,
        )
        if not self.store.claim_run(run):
            return None
        log.info(
            "policy %s: run due at %d claimed: backup %s", policy.name, due_ms, run.backup_name
        )
        if wait:
            return self.execute(policy, run)
        worker = threading.Thread(
            target=self.execute, args=(policy, run), name=f"policy-{policy.name}", daemon=True
        )
        with self._lock:
            self._running[policy.name] = worker
        worker.start()
        return run

    def _create_backup(self, policy: Policy, run: PolicyRun) -> tuple[PolicyRun, model.BackupInfo]:
        """Create the run's backup; a name another backup holds (two runs rendered in the same
        second, or a template coarser than the schedule) gets a numbered suffix instead."""
        base = run.backup_name
        for attempt in range(1, MAX_NAME_SUFFIX + 1):
            try:
                return run, self.service.create_backup(backup_request(policy, run.backup_name))
            except ConflictError:
                if attempt == MAX_NAME_SUFFIX:
                    raise
                run = replace(run, backup_name=f"{base}_{attempt + 1}")
                log.info(
                    "policy %s: backup %s exists; taking %s", policy.name, base, run.backup_name
                )
                self._save(run)
        raise AssertionError("unreachable")

    def execute(self, policy: Policy, run: PolicyRun) -> PolicyRun:
        """Take the run's backup, record the outcome, then apply retention."""
        try:
            run, info = self._create_backup(policy, run)
            if info.state_code != model.BACKUP_SUCCESS:
                raise TaskError(info.errorMessage or "the backup did not succeed")
            run = replace(run, outcome=OUTCOME_SUCCESS, size_bytes=info.size, end_ms=now_ms())
        except BackupError as exc:
            run = replace(run, outcome=OUTCOME_FAILED, error_message=str(exc), end_ms=now_ms())
        except Exception as exc:  # a bug: the run must still end in the history
            log.exception("policy %s: run crashed", policy.name)
            run = replace(
                run, outcome=OUTCOME_FAILED, error_message=f"internal error: {exc}", end_ms=now_ms()
            )
        if run.outcome == OUTCOME_FAILED:
            log.warning("policy %s: run failed: %s", policy.name, run.error_message)
        self._save(run)
        policy_metrics.count_run(policy.name, run.outcome)
        if run.outcome == OUTCOME_SUCCESS:
            try:
                gone = [d.name for d in self.prune(policy) if not d.keep]
            except BackupError as exc:
                log.warning("policy %s: retention failed: %s", policy.name, exc)
            else:
                if gone:
                    run = replace(run, pruned=tuple(gone))
                    self._save(run)
        self.status(policy)  # refresh the gauges at once
        return run

    def _save(self, run: PolicyRun) -> None:
        try:
            self.store.save_run(run)
        except BackupError as exc:
            log.warning("policy %s: could not record run %s: %s", run.policy_name, run.due_ms, exc)

    # -- retention ------------------------------------------------------------------------

    def plan(self, policy: Policy) -> list[Decision]:
        """What retention would keep and remove of the policy's backups, and why."""
        runs = {r.backup_name: r for r in self.runs(policy.name) if r.backup_name}
        catalog = self.service.catalog()
        live = self.service.tasks.running_backup_ids()
        candidates: list[Candidate] = []
        dependencies: dict[str, list[str]] = {}
        others: list[str] = []
        for name in catalog.names():
            try:
                info = catalog.read(name, live)
            except (NotFoundError, LayoutError, ObjectNotFound):
                continue
            dependencies[name] = dependencies_of(info)
            run = runs.get(name)
            # Only backups this policy's runs made are candidates; running ones never are.
            if run is None or run.outcome == OUTCOME_RUNNING or info.state_code in _RUNNING_STATES:
                others.append(name)
                continue
            good = info.state_code == model.BACKUP_SUCCESS
            candidates.append(Candidate(name, run.due_ms, good))
        return plan_retention(
            candidates, policy.retention, policy.parsed_schedule.zone, dependencies, others
        )

    def prune(self, policy: Policy, dry_run: bool = False) -> list[Decision]:
        """Apply retention to the policy's backups (or only plan it, with ``dry_run``)."""
        decisions = self.plan(policy)
        if dry_run:
            return decisions
        for decision in decisions:
            if decision.keep:
                continue
            try:
                self.service.delete_backup(decision.name)
                log.info(
                    "policy %s: retention removed %s (%s)",
                    policy.name,
                    decision.name,
                    ", ".join(decision.reasons),
                )
            except (NotFoundError, ConflictError) as exc:
                log.info("policy %s: retention left %s: %s", policy.name, decision.name, exc)
        self._trim_history(policy)
        return decisions

    def _trim_history(self, policy: Policy) -> None:
        """Drop the oldest run records whose backups are gone (they mark policy backups)."""
        keys = self.store.run_keys(policy.name)
        if len(keys) <= HISTORY_KEEP:
            return
        existing = set(self.service.catalog().names())
        for key in keys[: len(keys) - HISTORY_KEEP]:
            with contextlib.suppress(ObjectNotFound, LayoutError):
                run = PolicyRun.from_bytes(self.store.storage.read_bytes(key))
                if run.backup_name not in existing and run.outcome != OUTCOME_RUNNING:
                    self.store.storage.delete(key)

    # -- status ---------------------------------------------------------------------------

    def status(self, policy: Policy, now: int | None = None) -> PolicyStatus:
        """The policy's next run, last run and last success; updates its gauges."""
        now = now_ms() if now is None else now
        last, failed, success = self.store.latest(policy.name)
        if last is not None and last.outcome == OUTCOME_RUNNING:
            last = self._settled(last)
            if last.outcome == OUTCOME_SUCCESS:
                success, failed = last, None
            elif last.outcome == OUTCOME_FAILED:
                failed = last
        schedule = policy.parsed_schedule
        last_success_ms = success.end_ms if success is not None else 0
        since = last_success_ms or policy.created_ms
        stale = now - since > stale_after_seconds(policy, now) * 1000
        status = PolicyStatus(
            policy=policy,
            next_run_ms=schedule.next_due(policy.created_ms, now),
            last_run_ms=last.start_ms if last is not None else 0,
            last_success_ms=last_success_ms,
            last_outcome=last.outcome if last is not None else "",
            last_error=failed.error_message if failed is not None else "",
            stale=stale,
        )
        policy_metrics.observe(policy.name, status.last_run_ms, last_success_ms, stale)
        return status

    def statuses(self) -> list[PolicyStatus]:
        """Every policy's status."""
        return [self.status(p) for p in self.store.all()]

    def join(self, timeout: float) -> None:
        """Wait up to ``timeout`` seconds for this process's runs to end."""
        deadline = time.monotonic() + timeout
        with self._lock:
            workers = list(self._running.values())
        for worker in workers:
            worker.join(max(0.0, deadline - time.monotonic()))


class PolicyScheduler:
    """The thread that starts due runs and applies retention on a timer."""

    def __init__(
        self,
        runner: PolicyRunner,
        tick_seconds: float = 5.0,
        retention_seconds: float = 300.0,
        on_stale: Callable[[list[str]], None] | None = None,
    ) -> None:
        self.runner = runner
        self.tick_seconds = tick_seconds
        self.retention_seconds = retention_seconds
        self.on_stale = on_stale
        self._handled: dict[str, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="policy-scheduler", daemon=True)
        self._last_retention = time.monotonic()

    def start(self) -> None:
        """Start ticking."""
        self._thread.start()

    def stop(self) -> None:
        """Stop starting runs (runs already going on are the service's to finish or cancel)."""
        self._stop.set()
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join()

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self.tick()
            except BackupError as exc:
                log.warning("policy scheduler: %s", exc)
            except Exception:
                log.exception("policy scheduler tick crashed")
            self._stop.wait(self.tick_seconds)

    def tick(self, now: int | None = None) -> None:
        """Start the runs that are due; apply retention when its timer is up."""
        now = now_ms() if now is None else now
        policies = list(self.runner.store.all())
        retention_due = time.monotonic() - self._last_retention >= self.retention_seconds
        stale: list[str] = []
        for policy in policies:
            if self._stop.is_set():
                return
            status = self.runner.status(policy, now)
            if status.stale:
                stale.append(policy.name)
            # A run still going on, here or in another replica, makes the next due time wait
            # (and be skipped if a newer one comes first): runs of a policy never overlap.
            running = status.last_outcome == OUTCOME_RUNNING or self.runner.busy(policy.name)
            due = policy.parsed_schedule.latest_due(policy.created_ms, now)
            if due is not None and due > self._handled.get(policy.name, 0) and not running:
                self._handled[policy.name] = due
                self.runner.start(policy, due, TRIGGER_SCHEDULE)
            elif retention_due and not running:
                try:
                    self.runner.prune(policy)
                except BackupError as exc:
                    log.warning("policy %s: retention failed: %s", policy.name, exc)
        if retention_due:
            self._last_retention = time.monotonic()
        if self.on_stale is not None:
            self.on_stale(stale)
