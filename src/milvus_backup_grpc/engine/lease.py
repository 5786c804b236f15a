"""Leases on task records: who runs a task, and whether it still runs.

A backup's record (``ROOT/NAME/backup_task.json``) and a restore's
(``ROOT/.restore_tasks/ID.json``) hold the task's state and, beside it, a ``lease`` object::

    "lease": {"owner": {"host": "h", "pid": 12, "process": "<random, made once per process>"},
              "heartbeat_ms": 1700000000000, "seconds": 30.0, "write": "<random, per write>",
              "cancel": {"by": "h pid 13", "at_ms": ..., "reason": "..."}}   # when asked to stop

The owning process rewrites its records every few seconds (``LeaseKeeper``, one daemon thread
per process), always with ``replace_if`` on the version it last wrote. Any process, with no
memory of the task, reads the record alone: an unfinished task whose heartbeat is younger than
its lease runs elsewhere; an older one was interrupted. Heartbeats are wall-clock times, so the
hosts sharing a root need clocks within a few seconds of each other (well under the lease).

Because every owner write is a compare-and-swap, a write by anyone else is noticed at the next
renewal: a cancel request (another process adds ``cancel``) makes the owner set the task's
cancel event; a record removed or taken over (another owner) makes it stop the task, since the
task is no longer its own. ``write`` tells the owner whether a write whose answer was lost
(``PreconditionFailed.retried``) landed after all.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..errors import ConflictError, LayoutError
from ..storage.base import ObjectNotFound, ObjectStorage, PreconditionFailed

log = logging.getLogger(__name__)

#: The longest pause between two renewals; a cancel written by another process is seen
#: within it (plus one store round trip).
RENEW_PERIOD_MAX = 2.0
_CLAIM_ATTEMPTS = 5
# Backup and restore records share these state codes: initial, executing.
_RUNNING = (0, 1)


def now_ms() -> int:
    """Unix time in milliseconds."""
    return int(time.time() * 1000)


@dataclass(frozen=True)
class Owner:
    """A process that owns task records."""

    host: str
    pid: int
    #: Random, made once per process: a pid can be reused, and two hosts can share one.
    process: str
    #: The kernel boot and pid namespace the pid belongs to ("" where unknown): processes
    #: that share it can see whether the owner still exists (see ``LeaseState.alive``).
    pid_space: str = ""

    @property
    def label(self) -> str:
        """The owner for messages ("host pid 12")."""
        return f"{self.host} pid {self.pid}"

    def to_json(self) -> dict[str, Any]:
        """The owner as stored in a record."""
        return {
            "host": self.host,
            "pid": self.pid,
            "process": self.process,
            "pid_space": self.pid_space,
        }

    @classmethod
    def from_json(cls, tree: Any) -> Owner:
        """The owner stored in a record.

        Raises:
            LayoutError: not an owner object.
        """
        if not isinstance(tree, dict):
            raise LayoutError(f"a lease owner must be an object, got {tree!r}")
        return cls(
            str(tree.get("host", "")),
            int(tree.get("pid", 0)),
            str(tree.get("process", "")),
            str(tree.get("pid_space", "")),
        )

    def gone(self) -> bool:
        """Whether the owner is known to have exited (it shares this process's pid space).

        True only when certain: same boot of the same kernel and same pid namespace, and no
        process with that pid (a reused pid reads as alive, and the lease decides).
        """
        if not self.pid_space or self.pid_space != _pid_space() or self.pid <= 0:
            return False
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return True
        except OSError:
            return False  # exists, owned by someone else
        return False


def _pid_space() -> str:
    """This kernel's boot id and this process's pid namespace; "" where they cannot be read."""
    try:
        with open("/proc/sys/kernel/random/boot_id", encoding="ascii") as f:
            boot = f.read().strip()
        return f"{boot}/{os.readlink('/proc/self/ns/pid')}"
    except OSError:
        return ""


_OWNER: Owner | None = None
_OWNER_LOCK = threading.Lock()


def this_process() -> Owner:
    """This process as an owner (made anew in a forked child, which is another process)."""
    global _OWNER
    with _OWNER_LOCK:
        if _OWNER is None or _OWNER.pid != os.getpid():
            # socket and uuid are imported here, not with the module: a CLI verb that only
            # reads the store (list) never needs them (start-up time, see cli.py).
            import socket
            import uuid

            _OWNER = Owner(socket.gethostname(), os.getpid(), uuid.uuid4().hex, _pid_space())
        return _OWNER


@dataclass(frozen=True)
class LeaseState:
    """The lease of a record, as read."""

    owner: Owner
    heartbeat_ms: int
    seconds: float
    write: str = ""
    cancel_reason: str = ""

    @property
    def expires_ms(self) -> int:
        """When the lease runs out unless renewed."""
        return self.heartbeat_ms + int(self.seconds * 1000)

    def alive(self, now: int | None = None) -> bool:
        """Whether the owner renewed the lease recently enough, and is not known to be gone.

        An owner on this machine that was killed is gone at once; elsewhere, only the
        heartbeat tells, once the lease has run out.
        """
        if (now_ms() if now is None else now) >= self.expires_ms:
            return False
        return not self.owner.gone()

    @property
    def mine(self) -> bool:
        """Whether this process owns the record."""
        return self.owner.process == this_process().process

    @classmethod
    def from_json(cls, tree: Any) -> LeaseState:
        """The lease stored in a record.

        Raises:
            LayoutError: not a lease object.
        """
        if not isinstance(tree, dict):
            raise LayoutError(f"a lease must be an object, got {tree!r}")
        cancel = tree.get("cancel") or {}
        try:
            return cls(
                owner=Owner.from_json(tree.get("owner")),
                heartbeat_ms=int(tree.get("heartbeat_ms", 0)),
                seconds=float(tree.get("seconds", 0)),
                write=str(tree.get("write", "")),
                cancel_reason=str(cancel.get("reason", "")) if isinstance(cancel, dict) else "",
            )
        except (TypeError, ValueError) as exc:
            raise LayoutError(f"unreadable lease {tree!r}: {exc}") from exc


def split_record(data: bytes) -> tuple[dict[str, Any], LeaseState | None]:
    """A record's JSON object without its lease, and the lease (None in records without one).

    Raises:
        LayoutError: not a JSON object, or an unreadable lease.
    """
    try:
        tree = json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        raise LayoutError(f"a task record is not valid JSON: {exc}") from exc
    if not isinstance(tree, dict):
        raise LayoutError("a task record must be a JSON object")
    raw = tree.pop("lease", None)
    return tree, (LeaseState.from_json(raw) if raw is not None else None)


def join_record(tree: dict[str, Any], lease: dict[str, Any] | None) -> bytes:
    """A record's bytes: the task's JSON object with its lease."""
    out = dict(tree)
    if lease is not None:
        out["lease"] = lease
    return json.dumps(out, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def raw_lease(data: bytes) -> dict[str, Any] | None:
    """The lease object of a record, as stored (to write it back unchanged)."""
    try:
        tree = json.loads(data)
    except (ValueError, UnicodeDecodeError):
        return None
    lease = tree.get("lease") if isinstance(tree, dict) else None
    return lease if isinstance(lease, dict) else None


#: Given the record found at a key (its object without the lease, and the lease), the reason
#: the claim is refused, or "" to take the record over.
Judge = Callable[[dict[str, Any], LeaseState | None], str]


class LeasedRecord:
    """A task record this process owns: every write is compare-and-swap, renewed by the keeper.

    Args:
        body: the task's record without the lease, made afresh for every write.
        on_cancel: called once when another process asks the task to stop, or when the
            record is no longer this process's; it should set the task's cancel event.
        what: the task for messages ("backup nightly").
    """

    def __init__(
        self,
        storage: ObjectStorage,
        key: str,
        seconds: float,
        body: Callable[[], dict[str, Any]],
        on_cancel: Callable[[str], None],
        what: str,
    ) -> None:
        self.storage = storage
        self.key = key
        self.seconds = seconds
        self.body = body
        self.on_cancel = on_cancel
        self.what = what
        self.version: str | None = None
        #: Set once the record was removed or taken over: this process must not touch it.
        self.lost = False
        #: Set by ``relinquish``: the record is written with a lease that has run out.
        self._given_up = False
        #: Set by ``release``: the keeper must not renew the record any more.
        self._released = False
        self._cancel: dict[str, Any] | None = None
        self._lock = threading.RLock()  # renew holds it across write

    @property
    def cancel_reason(self) -> str:
        """Why another process asked the task to stop ("" if none did)."""
        return str(self._cancel.get("reason", "")) if self._cancel else ""

    def _encode(self) -> tuple[bytes, str]:
        import uuid  # see this_process

        write = uuid.uuid4().hex
        lease: dict[str, Any] = {
            "owner": this_process().to_json(),
            "heartbeat_ms": 0 if self._given_up else now_ms(),
            "seconds": self.seconds,
            "write": write,
        }
        if self._cancel:
            lease["cancel"] = self._cancel
        return join_record(self.body(), lease), write

    def _landed(self, write: str) -> bool:
        """Whether a write that the store refused on a retry is the one it holds."""
        try:
            current = self.storage.read_versioned(self.key)
            _, lease = split_record(current.data)
        except (ObjectNotFound, LayoutError):
            return False
        if lease is not None and lease.write == write and lease.mine:
            self.version = current.version
            return True
        return False

    def claim(self, judge: Judge) -> None:
        """Create the record, or take over the one there if ``judge`` allows; then keep it.

        Whatever the interleaving, one process ends up owning the key: the create is
        exclusive, and a takeover lands only on the version that was judged.

        Raises:
            ConflictError: ``judge`` refused (its reason), or others kept changing the record.
            StorageError: the store failed.
        """
        with self._lock:
            for _ in range(_CLAIM_ATTEMPTS):
                data, write = self._encode()
                try:
                    self.version = self.storage.create_exclusive(self.key, data)
                    break
                except PreconditionFailed as exc:
                    if exc.retried and self._landed(write):
                        break
                try:
                    current = self.storage.read_versioned(self.key)
                except ObjectNotFound:
                    continue  # removed meanwhile: create again
                tree, lease = split_record(current.data)
                refusal = judge(tree, lease)
                if refusal:
                    raise ConflictError(refusal)
                data, write = self._encode()
                try:
                    self.version = self.storage.replace_if(self.key, data, current.version)
                    if lease is not None:
                        log.info("%s: took over the record of %s", self.what, lease.owner.label)
                    break
                except PreconditionFailed as exc:
                    if exc.retried and self._landed(write):
                        break
            else:
                raise ConflictError(
                    f"{self.what}: other processes kept changing {self.key!r}; try again"
                )
        KEEPER.add(self)

    def write(self) -> bool:
        """Write the task's state with a fresh heartbeat.

        Returns:
            False if the record is no longer this process's (then the task was told to stop).

        Raises:
            StorageError: the store failed (the lease stays this process's until it expires).
        """
        with self._lock:
            for _ in range(_CLAIM_ATTEMPTS):
                if self.lost or self.version is None:
                    return not self.lost
                data, write = self._encode()
                try:
                    self.version = self.storage.replace_if(self.key, data, self.version)
                    return True
                except PreconditionFailed as exc:
                    if exc.retried and self._landed(write):
                        return True
                self._merge_foreign_write()
            return not self.lost

    def _merge_foreign_write(self) -> None:
        """Someone else wrote the record: take in a cancel request, or give the task up."""
        try:
            current = self.storage.read_versioned(self.key)
            _, lease = split_record(current.data)
        except ObjectNotFound:
            self._lose("its record was removed by another process")
            return
        except LayoutError as exc:
            self._lose(f"its record was overwritten with something unreadable ({exc})")
            return
        if lease is None or not lease.mine:
            by = f"by {lease.owner.label}" if lease is not None else "without a lease"
            self._lose(f"its record was taken over {by}")
            return
        self.version = current.version  # the next write keeps what the other process added
        if lease.cancel_reason and not self._cancel:
            stored = (raw_lease(current.data) or {}).get("cancel")
            self._cancel = stored if isinstance(stored, dict) else {"reason": lease.cancel_reason}
            log.warning("%s: %s", self.what, lease.cancel_reason)
            self.on_cancel(lease.cancel_reason)

    def _lose(self, reason: str) -> None:
        self.lost = True
        self.version = None
        KEEPER.remove(self)
        log.warning("%s: stopping it, %s", self.what, reason)
        self.on_cancel(f"stopped: {reason}")

    def renew(self) -> None:
        """The keeper's write: a fresh heartbeat, unless the record was released."""
        with self._lock:
            if not self._released:
                self.write()

    def release(self) -> None:
        """Stop renewing (the task reached its final state, already written).

        Returns once no renewal is in flight: the caller may then remove the record without
        a late renewal writing it again.
        """
        KEEPER.remove(self)
        with self._lock:
            self._released = True

    def relinquish(self) -> bool:
        """Write the record once more with a lease that has run out, and stop renewing it.

        The task is left unfinished for another process (or this one, restarted) to take
        over and resume at once, without waiting for the lease to expire.

        Returns:
            False if the record was no longer this process's.

        Raises:
            StorageError: the store failed (the lease then runs out on its own).
        """
        KEEPER.remove(self)
        with self._lock:
            self._given_up = True
        return self.write()


class LeaseKeeper:
    """One daemon thread per process that renews every record the process owns."""

    def __init__(self) -> None:
        self._records: dict[int, LeasedRecord] = {}
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._wake = threading.Event()  # a record was added: its lease may be shorter

    def add(self, record: LeasedRecord) -> None:
        """Renew ``record`` until it is removed."""
        with self._lock:
            self._records[id(record)] = record
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._loop, name="lease-keeper", daemon=True)
                self._thread.start()
        self._wake.set()

    def remove(self, record: LeasedRecord) -> None:
        """Stop renewing ``record``."""
        with self._lock:
            self._records.pop(id(record), None)

    def period(self) -> float:
        """Seconds between renewals: a third of the shortest lease, at most 2 s."""
        with self._lock:
            shortest = min((r.seconds for r in self._records.values()), default=30.0)
        return max(0.1, min(RENEW_PERIOD_MAX, shortest / 3))

    def _loop(self) -> None:
        last = time.monotonic()
        while True:
            self._wake.wait(max(0.0, last + self.period() - time.monotonic()))
            self._wake.clear()
            if time.monotonic() < last + self.period():
                continue  # woken by an added record: wait out the (maybe shorter) period
            last = time.monotonic()
            with self._lock:
                records = list(self._records.values())
            for record in records:
                try:
                    record.renew()
                except Exception as exc:  # a failing store must not end the keeper
                    log.warning("%s: could not renew its lease: %s", record.what, exc)


KEEPER = LeaseKeeper()


def request_cancel(storage: ObjectStorage, key: str, reason: str) -> LeaseState | None:
    """Ask the owner of a live record to stop its task, by adding ``cancel`` to its lease.

    Returns:
        The lease as it was (None when the task has finished, or its lease is not alive).

    Raises:
        ObjectNotFound: no record. LayoutError: an unreadable record.
        ConflictError: the record kept changing under the request.
    """
    for _ in range(_CLAIM_ATTEMPTS):
        current = storage.read_versioned(key)
        tree, lease = split_record(current.data)
        if lease is None or not lease.alive() or tree.get("state_code", 0) not in _RUNNING:
            return None
        raw = raw_lease(current.data) or {}
        if lease.cancel_reason:
            return lease  # asked already
        raw["cancel"] = {"by": this_process().label, "at_ms": now_ms(), "reason": reason}
        try:
            storage.replace_if(key, join_record(tree, raw), current.version)
            return lease
        except PreconditionFailed as exc:
            if exc.retried:
                check = split_record(storage.read_versioned(key).data)[1]
                if check is not None and check.cancel_reason:
                    return lease
    raise ConflictError(f"{key!r} kept changing while a cancel was being written; try again")
