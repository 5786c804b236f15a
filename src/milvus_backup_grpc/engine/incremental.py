"""Incremental backups: reference what a kept backup already holds, copy only the rest.

A sealed segment's insert binlogs never change, and deletes arrive as new delta logs or new
L0 segments, so most of a collection's import units (``layout/references.py``) are the same
from one backup to the next. An incremental backup compares each unit with its base's
manifest (same relative keys, so the same segment and log IDs; same sizes; same ETags where
both sides have one) and lists an equal unit as a reference (``"in": OWNER`` in its manifest)
instead of copying it.

References make deletion a mark-and-sweep: a deleted backup's objects that another backup's
manifest references stay where they are, under a marker (``retained.json``) that keeps the
directory from reading as a backup, until no manifest references them. Every decision that
adds or drops a reference (choosing a base, pinning its objects, sweeping) happens under one
root-wide lock, a leased record at ``ROOT/.references_lock.json``: a create cannot reference
an object a delete is removing, and a delete never removes one a create has pinned.

On a store with hard links (local storage, ``backup.localHardLinks``), a referenced unit is
then hard-linked into the new backup's own directory, which makes the backup self-contained:
its manifest lists those objects as its own (``"link": OWNER`` says where they came from) and
its ``depends_on`` stays empty. A unit the filesystem refuses to link (another device, no link
support, too many links) stays a reference; nothing is ever copied instead.
"""

from __future__ import annotations

import contextlib
import json
import logging
import time
import uuid
from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Any

from .. import model
from ..errors import BackupError, ConflictError, LayoutError, NotFoundError, RequestError
from ..layout import codec, manifest, meta, paths
from ..layout.references import owners, unit_of
from ..storage import digest
from ..storage.base import (
    Checksum,
    LinkRefused,
    ObjectInfo,
    ObjectNotFound,
    ObjectStorage,
    join_key,
)
from ..storage.transfer import CopyItem, copy_objects
from .catalog import Catalog, remove_backup_objects
from .lease import LeasedRecord, LeaseState, split_record

log = logging.getLogger(__name__)

LOCK_NAME = ".references_lock.json"
_LOCK_POLL = 0.2


class ReferenceLock:
    """The root-wide lock under which references are added and objects swept.

    A leased record, so a holder that dies frees it when its lease runs out; waiting callers
    poll until ``wait`` seconds have passed.
    """

    def __init__(
        self, storage: ObjectStorage, root: str, seconds: float, what: str, wait: float = 120.0
    ) -> None:
        self.storage = storage
        self.key = join_key(root, LOCK_NAME)
        self.what = what
        self.wait = wait
        self.record = LeasedRecord(
            storage,
            self.key,
            seconds,
            body=lambda: {"holder": what},
            on_cancel=lambda reason: None,
            what=f"reference lock for {what}",
        )

    @staticmethod
    def _judge(tree: dict[str, Any], held: LeaseState | None) -> str:
        if held is not None and held.alive():
            return f"held by {held.owner.label} for {tree.get('holder', '?')}"
        return ""  # released without removal, or its holder died: take it over

    def __enter__(self) -> ReferenceLock:
        deadline = time.monotonic() + self.wait
        while True:
            try:
                self.record.claim(self._judge)
                return self
            except ConflictError as exc:
                if time.monotonic() >= deadline:
                    raise ConflictError(
                        f"{self.what}: the reference lock {self.key!r} stayed busy ({exc}); "
                        "try again"
                    ) from exc
                time.sleep(_LOCK_POLL)

    def __exit__(self, *exc: object) -> None:
        self.record.release()
        if not self.record.lost and self.record.version is not None:
            with contextlib.suppress(BackupError):
                self.storage.delete(self.key)


def _being_deleted(storage: ObjectStorage, layout: paths.BackupLayout) -> bool:
    try:
        tree, held = split_record(storage.read_bytes(layout.task_record))
    except (ObjectNotFound, LayoutError):
        return False
    return bool(tree.get("deleting")) and held is not None and held.alive()


def _holds(info: model.BackupInfo, collections: Collection[tuple[str, str]]) -> bool:
    return any(
        (c.db_name or model.DEFAULT_DB, c.collection_name) in collections
        for c in info.collection_backups
    )


def choose_base(
    catalog: Catalog, name: str, collections: Collection[tuple[str, str]], base_name: str = ""
) -> str:
    """The base of an incremental backup; "" when no backup can be one.

    Without ``base_name``: the newest complete backup of the root, made by this service (it
    has a manifest), holding one of ``collections``, and not being deleted.

    Raises:
        NotFoundError: ``base_name`` is not a complete backup.
        RequestError: ``base_name`` has no manifest, or is the backup being made.
        ConflictError: ``base_name`` is being deleted.
    """
    storage = catalog.storage
    if base_name:
        if base_name == name:
            raise RequestError(f"backup {name!r} cannot be its own base")
        layout = catalog.layout(base_name)
        if not meta.is_complete(storage, layout):
            raise NotFoundError(f"base backup {base_name!r} is not a complete backup")
        if _being_deleted(storage, layout):
            raise ConflictError(f"base backup {base_name!r} is being deleted")
        if not storage.exists(manifest.manifest_key(layout)):
            raise RequestError(
                f"base backup {base_name!r} has no manifest (it was made by upstream or an "
                "older version), so its objects cannot be compared; take a full backup"
            )
        return base_name
    best: tuple[int, str] | None = None
    for other in catalog.names():
        layout = catalog.layout(other)
        if other == name or not storage.exists(layout.meta(paths.FULL_META)):
            continue
        if not storage.exists(manifest.manifest_key(layout)) or _being_deleted(storage, layout):
            continue
        try:
            info = meta.read_backup_meta(storage, layout)
        except BackupError:
            continue
        if _holds(info, collections) and (best is None or (info.end_time, other) > best):
            best = (info.end_time, other)
    return best[1] if best else ""


@dataclass
class Plan:
    """What an incremental backup copies, what it references, and what it hard-linked."""

    copies: list[CopyItem]
    references: list[manifest.ManifestEntry]
    base: str = ""
    #: Objects hard-linked into the backup's own directory (``linked_from`` set, no owner).
    linked: list[manifest.ManifestEntry] = field(default_factory=list)
    #: Why some units could not be hard-linked and stayed references ("" when none).
    link_refusal: str = ""

    @property
    def depends_on(self) -> list[str]:
        """The backup directories holding the referenced objects."""
        return owners(self.references)

    def summary(self) -> str:
        """What the backup took from its base and what it copied, in words."""
        copied = f"{len(self.copies)} objects ({sum(c.size for c in self.copies)} bytes) copied"
        taken = []
        if self.linked:
            taken.append(
                f"{len(self.linked)} objects ({sum(e.size for e in self.linked)} bytes) "
                f"hard-linked from {', '.join(sorted({e.linked_from for e in self.linked}))}"
            )
        if self.references:
            taken.append(
                f"{len(self.references)} objects ({sum(e.size for e in self.references)} bytes)"
                f" referenced in {', '.join(self.depends_on)}"
            )
        if self.link_refusal:
            taken.append(f"hard links refused ({self.link_refusal}): referenced instead")
        return "; ".join([*taken, copied])


def _same_unit(
    items: Sequence[CopyItem], prefix: str, held: Sequence[manifest.ManifestEntry]
) -> bool:
    """Whether the base holds exactly these objects for the unit, in one directory."""
    if len(items) != len(held) or len({e.owner for e in held}) != 1:
        return False
    by_key = {e.key: e for e in held}
    for item in items:
        entry = by_key.get(item.dst_key.removeprefix(prefix))
        if entry is None or entry.size != item.size:
            return False
        etag = entry.checksum.value if entry.checksum.algorithm == "etag" else ""
        if item.etag and etag and item.etag != etag:
            return False
    return True


def plan_copies(
    layout: paths.BackupLayout,
    copies: Sequence[CopyItem],
    base: str,
    base_entries: Sequence[manifest.ManifestEntry],
) -> Plan:
    """Split a backup's copies into those to make and the base's objects to reference."""
    held: dict[str, list[manifest.ManifestEntry]] = defaultdict(list)
    for entry in base_entries:
        unit = unit_of(entry.key)
        if unit is not None:
            held[unit].append(entry.located(base))
    wanted: dict[str | None, list[CopyItem]] = defaultdict(list)
    for item in copies:
        wanted[unit_of(item.dst_key.removeprefix(layout.dir))].append(item)
    plan = Plan([], [], base)
    for unit, items in wanted.items():
        if unit is not None and _same_unit(items, layout.dir, held.get(unit, [])):
            plan.references.extend(held[unit])
        else:
            plan.copies.extend(items)
    return plan


def link_references(catalog: Catalog, layout: paths.BackupLayout, plan: Plan) -> None:
    """Hard-link the plan's referenced units into the backup's own directory, where allowed.

    Runs after the references are pinned, so a concurrent delete keeps the sources until the
    backup's final manifest lists the links as its own. A unit is linked whole or not at all
    (Milvus imports a unit from one directory): a refused link undoes the unit's links made so
    far, and the unit stays a reference; the reason goes to ``plan.link_refusal``.
    """
    storage = catalog.storage
    units: dict[str | None, list[manifest.ManifestEntry]] = defaultdict(list)
    for entry in plan.references:
        units[unit_of(entry.key)].append(entry)
    kept: list[manifest.ManifestEntry] = []
    refusals: dict[str, LinkRefused] = {}  # the first refusal of each reason, for the log
    for entries in units.values():
        made: list[str] = []
        try:
            for entry in entries:
                target = layout.dir + entry.key
                storage.hard_link(manifest.object_key(layout, entry), target)
                made.append(target)
        except LinkRefused as exc:
            refusals.setdefault(exc.reason, exc)
            for target in made:
                storage.delete(target)
            kept.extend(entries)
            continue
        plan.linked.extend(e.linked(e.owner) for e in entries)
    refused_units = len({unit_of(e.key) for e in kept})
    for refusal in refusals.values():
        log.warning(
            "backup %s: %s; %d units stay references", layout.name, refusal, refused_units
        )
    plan.references = kept
    plan.link_refusal = ", ".join(sorted(refusals))


def prepare_incremental(
    catalog: Catalog,
    layout: paths.BackupLayout,
    collections: Collection[tuple[str, str]],
    copies: Sequence[CopyItem],
    base_name: str,
    lease_seconds: float,
    hard_links: bool = False,
) -> Plan:
    """Choose the base, plan the copies, and pin the references, under the reference lock;
    then, with ``hard_links`` on a store that has them, turn references into hard links.

    The pin is the new backup's manifest holding its references, written before any copy:
    from then on a delete's sweep sees them, whatever happens to the base.
    """
    with ReferenceLock(catalog.storage, catalog.root, lease_seconds, f"backup {layout.name}"):
        base = choose_base(catalog, layout.name, collections, base_name)
        if not base:
            log.info("backup %s: no base backup holds these collections: a full copy", layout.name)
            return Plan(list(copies), [])
        entries = manifest.read_manifest(catalog.storage, catalog.layout(base)) or []
        plan = plan_copies(layout, copies, base, entries)
        if plan.references:
            catalog.storage.write_bytes(
                manifest.manifest_key(layout), manifest.encode(plan.references)
            )
    if hard_links and catalog.storage.hard_links and plan.references:
        link_references(catalog, layout, plan)
    log.info("backup %s: base %s: %s", layout.name, base, plan.summary())
    return plan


def referenced_keys(catalog: Catalog, exclude: Collection[str]) -> set[str]:
    """Every object some backup of the root references (complete or still being written).

    Raises:
        LayoutError: a manifest cannot be read, so what it references is unknown.
    """
    kept: set[str] = set()
    for name in catalog.names():
        if name in exclude:
            continue
        layout = catalog.layout(name)
        try:
            entries = manifest.read_manifest(catalog.storage, layout)
        except LayoutError as exc:
            raise LayoutError(
                f"{exc}; what it references is unknown, so nothing was removed"
            ) from exc
        kept.update(manifest.object_key(layout, e) for e in entries or [] if e.owner)
    return kept


def _removal_order(layout: paths.BackupLayout, obj: ObjectInfo) -> tuple[bool, bool]:
    # full_meta.json first: from then on the backup no longer reads as complete.
    return obj.key != layout.meta(paths.FULL_META), not obj.key.startswith(layout.dir + "meta/")


def remove_backup(
    catalog: Catalog,
    layout: paths.BackupLayout,
    lease: LeasedRecord | None,
    lease_seconds: float,
    record_bytes: int | None = None,
) -> int:
    """Delete a backup, keeping its objects that other backups reference; bytes freed.

    Under the reference lock: the backup's metadata goes first, then every object of it no
    other manifest references (an object another backup hard-linked frees nothing); the rest
    stays under a ``retained.json`` marker. Remains of
    earlier deleted backups that nothing references any more are swept too. The task record
    (which holds the name) goes last, unless the marker keeps the name.

    Args:
        record_bytes: the size of the task record before the delete marked it, which is
            what its removal frees (the marked record is the delete's own, transient).
    """
    storage = catalog.storage
    marker = layout.retained_marker
    freed = 0
    with ReferenceLock(storage, catalog.root, lease_seconds, f"deletion of backup {layout.name}"):
        kept = referenced_keys(catalog, exclude={layout.name})
        objects = [
            o for o in storage.list_objects(layout.dir) if o.key not in (layout.task_record, marker)
        ]
        retained: list[ObjectInfo] = []
        for obj in sorted(objects, key=lambda o: _removal_order(layout, o)):
            if obj.key in kept:
                retained.append(obj)
                continue
            freed += storage.delete_counted(obj)
        if retained:
            note = json.dumps(
                {
                    "deleted_backup": layout.name,
                    "why": "other backups reference these objects; they are removed when "
                    "no backup references them any more",
                    "objects": len(retained),
                    "bytes": sum(o.size for o in retained),
                },
                indent=1,
            ).encode()
            storage.write_bytes(marker, note)
            freed -= len(note)  # the marker is what the delete adds: the net is what it frees
        if lease is not None:
            lease.release()
        record = storage.stat(layout.task_record)
        if record is not None:
            storage.delete(layout.task_record)
        freed += record_bytes if record_bytes is not None else record.size if record else 0
        freed += _sweep_remains(catalog, kept, skip=layout.name)
    log.info(
        "deleted backup %s: %d bytes freed, %d objects kept for other backups",
        layout.name,
        freed,
        len(retained),
    )
    return freed


def _sweep_remains(catalog: Catalog, kept: set[str], skip: str) -> int:
    """Remove what deleted backups left for others, where nothing references it any more."""
    freed = 0
    for name in catalog.names():
        layout = catalog.layout(name)
        marker = layout.retained_marker
        if name == skip or not catalog.storage.exists(marker):
            continue
        left = 0
        for obj in catalog.storage.list_objects(layout.dir):
            if obj.key == marker:
                continue
            if obj.key in kept:
                left += 1
                continue
            freed += catalog.storage.delete_counted(obj)
        if not left:
            found = catalog.storage.stat(marker)
            catalog.storage.delete(marker)
            freed += found.size if found is not None else 0
            log.info("removed the last remains of deleted backup %s", name)
    return freed


def materialize(
    catalog: Catalog,
    name: str,
    new_name: str,
    lease_seconds: float,
    parallelism: int,
    stream_memory: int,
    algorithm: str,
) -> model.BackupInfo:
    """Write ``new_name``: a full, upstream-readable copy of the incremental backup ``name``.

    The new backup first pins everything it will copy (a manifest of references, under the
    reference lock), so a delete of ``name`` meanwhile cannot sweep the objects away; then it
    copies every object into its own directory, checks each copy against the checksum the
    source recorded, and writes its manifest and metadata (``full_meta.json`` last) without
    any reference.

    Args:
        algorithm: the hash of the copies whose source recorded none this service computes
            (a store's ETag); the others recompute the one recorded, to compare.

    Raises:
        NotFoundError: ``name`` is not a complete backup. RequestError: it is not incremental.
        ConflictError: ``new_name`` is taken.
    """
    storage = catalog.storage
    source = catalog.layout(name)
    target = catalog.layout(new_name)
    info = meta.read_backup_meta(storage, source)
    entries = manifest.read_manifest(storage, source)
    if not entries or not any(e.owner for e in entries):
        raise RequestError(
            f"backup {name!r} holds all its objects itself (copied, or hard-linked from its "
            "base): it references no other backup, and upstream can read it as it is"
        )
    if catalog.exists(new_name):
        raise ConflictError(f"backup {new_name!r} already exists; choose another name")
    record_info = model.BackupInfo(
        id=str(uuid.uuid4()),
        name=new_name,
        state_code=model.BACKUP_EXECUTING,
        start_time=int(time.time() * 1000),
    )
    lease = LeasedRecord(
        storage,
        target.task_record,
        lease_seconds,
        body=lambda: codec.to_go_dict(record_info),
        on_cancel=lambda reason: None,
        what=f"materialization of {name} as {new_name}",
    )
    lease.claim(lambda tree, held: f"backup {new_name!r} already exists; choose another name")
    try:
        with ReferenceLock(storage, catalog.root, lease_seconds, f"materialize {name}"):
            if not meta.is_complete(storage, source) or _being_deleted(storage, source):
                raise NotFoundError(f"backup {name!r} is being deleted; nothing was written")
            everything = [e.located(name) for e in entries]
            storage.write_bytes(manifest.manifest_key(target), manifest.encode(everything))
        items = [
            CopyItem(
                manifest.object_key(source, e),
                target.dir + e.key,
                e.size,
                algorithm=digest.recomputable(e.checksum),
            )
            for e in entries
        ]
        checksums = copy_objects(
            storage,
            storage,
            items,
            parallelism,
            stream_memory=stream_memory,
            algorithm=algorithm,
        )
        _check_copies(items, entries, checksums, source)
        storage.sync(target.dir)
        full = model.BackupInfo()
        full.CopyFrom(info)
        full.name = new_name
        full.id = record_info.id
        full.incremental = False
        full.ClearField("depends_on")
        full.start_time = record_info.start_time
        full.end_time = int(time.time() * 1000)
        meta.write_backup_meta(
            storage,
            target,
            full,
            beside={
                manifest.manifest_key(target): manifest.encode_copies(target, items, checksums)
            },
        )
    except BaseException:
        with contextlib.suppress(BackupError):
            remove_backup_objects(storage, target, lease)
        raise
    record_info.CopyFrom(full)
    with contextlib.suppress(BackupError):
        lease.write()
    lease.release()
    return full


def _check_copies(
    items: Sequence[CopyItem],
    entries: Sequence[manifest.ManifestEntry],
    checksums: dict[str, Checksum],
    source: paths.BackupLayout,
) -> None:
    """Refuse a copy whose bytes differ from what the source backup recorded."""
    for item, entry in zip(items, entries, strict=True):
        got = checksums.get(item.dst_key)
        if (
            got is not None
            and got.algorithm == entry.checksum.algorithm
            and got.value != entry.checksum.value
        ):
            raise LayoutError(
                f"{item.src_key!r} (of backup {source.name!r}) has {digest.SHOWN[got.algorithm]} "
                f"{got.value}, but the backup recorded {entry.checksum.value}"
            )
