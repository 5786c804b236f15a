"""Replacing a collection with a restored one, so that a crash at any instant loses neither.

A restore with ``dropExistCollection`` builds the new collection under a staging name S
(``T_restoring_<id>``) beside the existing target T. Only once S is complete does the swap
run. Its steps, and which of S, T and A (the aside name, ``T_replaced_<id>``) exist after
each:

0. write the record ``ROOT/.restore_swaps/<id>.json`` naming T, S and A  -> ``S T -``
1. rename T to A: the old rows set aside                                 -> ``S - A``
2. rename S to T: the new rows in place                                  -> ``- T A``
3. point A's aliases at T, then drop A                                   -> ``- T -``
4. remove the record

Aliases belong to a collection, not to its name: renaming T to A takes T's aliases along, and
step 3 hands them to the new T before A is dropped (some Milvus versions refuse to drop a
collection that has aliases). Each alias is altered on its own, so a crash part-way leaves
``- T A`` again, and the next recovery moves the rest.

No step destroys rows the target still needs: the old collection is dropped only once the
new one holds the target's name, and until the record is removed it names every collection
involved. Milvus cannot exchange two names at once, so between steps 1 and 2 the name T is
free; a crash there leaves both collections and the record. A crash before step 0 leaves T
as it was, and the unfinished S beside it (the restore task reads as interrupted).

Recovery rule: roll forward. The record is written only once S is complete, so finishing the
swap is always possible and gives what the restore was asked for. Whoever finds the record
looks at which of S, T and A exist and takes the next step, until none is left:

- ``S T -`` (crash after step 0): steps 1-4.
- ``S - A`` (after step 1): steps 2-4. Also ``S - -`` (T dropped by hand): step 2, then 4.
- ``- T A`` (after step 2): steps 3-4.
- ``- T -`` (after step 3): step 4.
- ``- - A`` (S dropped by hand: nothing to roll forward): roll back, renaming A to T, then
  step 4. The old rows are back, and that collection's restore is recorded as failed.
- ``- - -``: nothing is left to save; step 4, with a warning.
- ``S T A`` (a new T appeared after step 1): no step is safe; the record stays, and the
  error names the collections for a person to choose.

Recovery also brings the restore task's record up to date (that collection succeeded, or
failed after a roll-back) before it removes the swap record.

Who recovers: every process when it first connects to Milvus (the server before it listens,
every CLI run that touches Milvus), and every restore request before it is planned. Swaps that
a thread of this process is running are left alone.

Each step is chosen from the state seen just before it, so recovery is idempotent, and two
processes finishing the same record push the same way: the one that loses a race finds its
rename refused (Milvus renames neither onto a taken name nor from a missing one) or the
record gone, and looks again. The one destructive step, dropping A, is taken only once S is
seen gone and T exists, that is once the new collection holds the name. What this does not
rule out, without an owner's lease on the record, is a process whose look went stale just as
another finished the swap renaming the new T aside again; it then puts it back itself, but a
crash in that instant would leave the rows under A with no record.
"""

from __future__ import annotations

import enum
import functools
import json
import logging
import os
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING

from ..errors import BackupError, LayoutError, MilvusError
from ..storage.base import ObjectNotFound, ObjectStorage, join_key

if TYPE_CHECKING:  # only annotations: the gateway loads pymilvus (see service.py)
    from ..milvus.client import MilvusGateway

log = logging.getLogger(__name__)

#: Test hook: the step after which the process ends at once, as ``kill -9`` would end it.
CRASH_AT_ENV = "MILVUS_BACKUP_CRASH_AT"
_ATTEMPTS = 5  # failed looks before a swap is left for the next recovery
_MAX_LOOKS = 20  # a swap takes at most 4 steps; more means others keep changing the names
_RETRY_PAUSE = 0.5
# Swaps some thread of this process runs now (by record ID, whichever ledger started them):
# recovery leaves them alone.
_RUNNING: set[str] = set()
_RUNNING_LOCK = threading.Lock()


def crash_point(step: str) -> None:
    """End the process with status 137 if ``MILVUS_BACKUP_CRASH_AT`` names ``step``.

    A test hook, and the only place that reads the variable: the crash tests set it on a
    child process to stop it between two swap steps (``swap:after-record``,
    ``swap:after-rename-aside``, ``swap:after-rename-staging``, ``swap:after-drop-aside``).
    Unset, it does nothing.
    """
    if os.environ.get(CRASH_AT_ENV) == step:
        logging.shutdown()
        os._exit(137)


class SwapResult(enum.Enum):
    """How a swap ended."""

    REPLACED = "replaced"  # the target holds the restored rows
    ROLLED_BACK = "rolled back"  # the staged collection was gone; the old one is back
    NOTHING_LEFT = "nothing left"  # none of the three collections exists any more
    FINISHED_ELSEWHERE = "finished elsewhere"  # another process removed the record first


@dataclass(frozen=True)
class SwapRecord:
    """What a swap replaces with what: enough for any process to finish it."""

    id: str
    db: str
    target: str
    staging: str
    aside: str
    #: The restore task and its collection task, whose records recovery brings up to date.
    restore_task: str = ""
    collection_task: str = ""
    created: int = field(default_factory=lambda: int(time.time()))
    #: host:pid of the process that wrote the record, for a person reading it.
    owner: str = field(default_factory=lambda: f"{socket.gethostname()}:{os.getpid()}")

    @property
    def label(self) -> str:
        """``db.target``, for messages."""
        return f"{self.db}.{self.target}"


class SwapLedger:
    """The swap records under ``ROOT/.restore_swaps/``, and the swaps this process runs."""

    def __init__(self, storage: ObjectStorage, root: str) -> None:
        self.storage = storage
        self.prefix = join_key(root, ".restore_swaps") + "/"

    def key(self, swap_id: str) -> str:
        """Where the record of a swap is kept."""
        return f"{self.prefix}{swap_id}.json"

    def begin(self, record: SwapRecord) -> None:
        """Write the record (step 0); this process now runs the swap.

        Raises:
            StorageError: the record could not be written; nothing was renamed.
        """
        with _RUNNING_LOCK:
            _RUNNING.add(record.id)
        try:
            self.storage.write_bytes(self.key(record.id), json.dumps(asdict(record)).encode())
        except BaseException:
            with _RUNNING_LOCK:
                _RUNNING.discard(record.id)
            raise
        crash_point("swap:after-record")

    def pending(self) -> list[SwapRecord]:
        """Recorded swaps that no thread of this process is running: left by a stopped one."""
        with _RUNNING_LOCK:
            running = set(_RUNNING)
        records = []
        for obj in self.storage.list_objects(self.prefix):
            if not obj.key.endswith(".json"):
                continue
            try:
                record = self._read(obj.key)
            except ObjectNotFound:
                continue  # finished by another process since the listing
            except LayoutError as exc:
                log.error("%s", exc)
                continue
            if record.id not in running:
                records.append(record)
        return records

    def _read(self, key: str) -> SwapRecord:
        data = self.storage.read_bytes(key)
        try:
            fields = json.loads(data)
            return SwapRecord(**fields)
        except (ValueError, TypeError) as exc:
            raise LayoutError(
                f"swap record {key!r} in {self.storage.description} cannot be read ({exc}); "
                "compare the collections it may name and remove it by hand"
            ) from exc

    def finish(
        self,
        milvus: MilvusGateway,
        record: SwapRecord,
        on_done: Callable[[SwapResult], None] = lambda _: None,
    ) -> SwapResult:
        """Take the steps left until the swap is done, then remove the record.

        Args:
            on_done: runs once the collections are settled, before the record goes (so a
                crash between the two leaves the record, and the next recovery runs it again).

        Raises:
            MilvusError: a step kept failing, or the state allows no safe step; the record
                stays for the next recovery.
        """
        try:
            return self._finish(milvus, record, on_done)
        finally:
            with _RUNNING_LOCK:
                _RUNNING.discard(record.id)

    def _finish(
        self,
        milvus: MilvusGateway,
        record: SwapRecord,
        on_done: Callable[[SwapResult], None],
    ) -> SwapResult:
        rolled_back = False
        took_step = False
        failures = 0
        problem = ""
        for _ in range(_MAX_LOOKS):
            recorded = self.storage.exists(self.key(record.id))
            if not recorded and not took_step:
                return SwapResult.FINISHED_ELSEWHERE
            try:
                step = _next_step(milvus, record)
            except MilvusError as exc:
                step = str(exc)  # another process may have taken the same step: look again
            if step is None or step is SwapResult.ROLLED_BACK:
                took_step = True
                rolled_back = rolled_back or step is SwapResult.ROLLED_BACK
            elif not recorded and isinstance(step, SwapResult):
                # Another process finished the swap while a step of this one, decided on a
                # stale look, went on; the steps after it have settled the names again.
                return SwapResult.FINISHED_ELSEWHERE
            elif isinstance(step, SwapResult):
                result = (
                    SwapResult.ROLLED_BACK if rolled_back and step is SwapResult.REPLACED else step
                )
                on_done(result)
                self.storage.delete(self.key(record.id))
                return result
            elif step:
                problem = step
                failures += 1
                if failures >= _ATTEMPTS:
                    break
                log.info("swap of %s: %s; looking again", record.label, problem)
                time.sleep(_RETRY_PAUSE * failures)
        raise MilvusError(
            f"could not finish replacing {record.label} with the restored {record.staging}: "
            f"{problem or 'it kept changing under this process'}. The swap stays recorded in "
            f"{self.key(record.id)!r}; the next start of this service, or the next restore, "
            "tries again"
        )

    def recover(
        self,
        milvus: MilvusGateway,
        on_done: Callable[[SwapRecord, SwapResult], None] = lambda _r, _s: None,
        running_elsewhere: Callable[[SwapRecord], bool] = lambda _r: False,
    ) -> list[tuple[SwapRecord, SwapResult | BackupError]]:
        """Finish every swap a stopped process left; never raises.

        Args:
            running_elsewhere: whether a live process runs the swap's restore (it is left to
                that process).

        Returns:
            Each record found and how its swap ended, or the error that left it recorded.
        """
        outcomes: list[tuple[SwapRecord, SwapResult | BackupError]] = []
        try:
            records = self.pending()
        except BackupError as exc:
            log.warning("could not look for unfinished collection swaps: %s", exc)
            return outcomes
        for record in records:
            if running_elsewhere(record):
                continue
            with _RUNNING_LOCK:
                if record.id in _RUNNING:
                    continue
                _RUNNING.add(record.id)
            log.warning(
                "finishing the swap of %s left by a stopped process (%s, restore %s)",
                record.label,
                record.owner,
                record.restore_task or "?",
            )
            try:
                result = self.finish(milvus, record, functools.partial(on_done, record))
            except BackupError as exc:
                log.error("%s", exc)
                outcomes.append((record, exc))
                continue
            log.warning("swap of %s: %s", record.label, result.value)
            outcomes.append((record, result))
        return outcomes


def _next_step(milvus: MilvusGateway, record: SwapRecord) -> SwapResult | str | None:
    """Look at which collections exist and take the one step the rule says.

    Returns:
        None after a forward step, ROLLED_BACK after putting the old collection back,
        REPLACED or NOTHING_LEFT once no step is left, or why no step is safe.

    Raises:
        MilvusError: a look or a step failed (perhaps another process took it first).
    """
    db, target, staging, aside = record.db, record.target, record.staging, record.aside
    # S first: once S is seen gone, T holds the new rows for good (see the module docstring).
    has_s = milvus.has_collection(db, staging)
    has_t = milvus.has_collection(db, target)
    has_a = milvus.has_collection(db, aside)
    if has_s and has_t and has_a:
        return (
            f"{db}.{target}, {db}.{staging} and {db}.{aside} all exist, so no step is safe: "
            f"keep the collection you want as {target} and drop the others"
        )
    if has_s and has_t:
        milvus.rename_collection(db, target, aside)
        crash_point("swap:after-rename-aside")
        return None
    if has_s:
        milvus.rename_collection(db, staging, target)
        crash_point("swap:after-rename-staging")
        return None
    if has_a and has_t:
        for alias in milvus.aliases(db, aside):
            milvus.alter_alias(db, target, alias)
        milvus.drop_collection(db, aside)
        crash_point("swap:after-drop-aside")
        return None
    if has_a:
        log.warning(
            "the restored collection %s.%s is gone: putting the old %s back",
            db,
            staging,
            record.label,
        )
        milvus.rename_collection(db, aside, target)
        return SwapResult.ROLLED_BACK
    if not has_t:
        log.warning(
            "none of %s.%s, %s and %s exists: nothing left to swap", db, target, staging, aside
        )
        return SwapResult.NOTHING_LEFT
    return SwapResult.REPLACED
