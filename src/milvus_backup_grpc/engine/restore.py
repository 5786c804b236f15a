"""Restoring a backup: recreate each collection, import its binlogs, rebuild its indexes.

Everything that can be checked is checked before anything in Milvus changes: the names,
the targets' existence, the flags. A collection restored over an existing one
(``drop_exist_collection``) is first restored under a staging name, and swapped in only once
it is complete (``swap.py``: recorded first, the old collection set aside before the new one
takes its name), so neither a failed restore nor a crash costs the collection it replaces.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace

from .. import metrics, model
from ..config import Config
from ..errors import (
    BackupError,
    ConflictError,
    LayoutError,
    MilvusError,
    NotFoundError,
    RequestError,
    StorageError,
    TaskCancelled,
    TaskError,
)
from ..layout import manifest, paths
from ..layout.references import Locator, backup_relative
from ..milvus.client import MilvusGateway
from ..milvus.rbac import restore_rbac
from ..milvus.schema import is_vector, schema_to_milvus
from ..milvus.versions import (
    ImportRequest,
    MilvusVersion,
    SegmentGroup,
    ServerFeatures,
    restore_problems,
)
from ..storage import digest
from ..storage.base import ObjectStorage, join_key
from ..storage.transfer import CopyItem, copy_objects
from .selection import Renamer, selects
from .swap import SwapLedger, SwapRecord, SwapResult
from .tasks import RestoreCollectionTask, RestoreTask, new_id

log = logging.getLogger(__name__)

#: Seconds before the first look at an import job's state.
_FIRST_IMPORT_POLL = 0.1

# Between the ledger keys of the segment groups one packed import job carries.
_PACK_SEPARATOR = ";"
#: Bytes one import of a whole partition may carry before Milvus 2.4: upstream's segment
#: group size, well inside the time Milvus 2.3 gives an import task (15 minutes).
_WHOLE_PARTITION_MAX_BYTES = 2 * 1024**3


class UnsupportedBackupError(BackupError):
    """The backup holds something this version cannot restore faithfully."""


@dataclass(frozen=True)
class _ImportJob:
    """One Milvus import: a partition and the directories of one segment group.

    An L0 job imports one L0 segment's delete logs (``delta_dir``) and no insert logs; its
    partition is "" when the segment applies to the whole collection.
    """

    partition: str
    insert_dir: str  # "" for an L0 job
    delta_dir: str  # "" when the group has no deletes
    size: int
    l0: bool = False
    storage_version: int = 0

    @property
    def ledger_key(self) -> str:
        """The job in a restore's import ledger: its directories below the backup's own
        directory, the same whether it is imported in place or from a staged copy."""

        def below(directory: str) -> str:
            at = directory.rfind("binlogs/")
            return directory[at:] if at >= 0 else directory

        return f"{below(self.insert_dir)}|{below(self.delta_dir)}"

    def group(self, store: ObjectStorage) -> SegmentGroup:
        """The job's directories as Milvus names them in ``store``."""
        return SegmentGroup(
            self.partition,
            _dir_path(store, self.insert_dir),
            _dir_path(store, self.delta_dir),
            l0=self.l0,
            storage_version=self.storage_version,
        )


def _dir_path(store: ObjectStorage, directory: str) -> str:
    """How Milvus names a directory of ``store``, with the trailing slash import wants."""
    if not directory:
        return ""
    path = store.milvus_path(directory)
    return path if path.endswith("/") else path + "/"


def empty_l0_problem(backup: model.BackupInfo, coll: model.CollectionBackupInfo) -> str | None:
    """Why the backup holds no data for ``coll``, when upstream v0.4.x lost it; else None.

    Upstream v0.4.x decides that a segment is L0 (delete-only) when it finds no insert logs
    under it. With local storage, run from any directory but ``/``, it finds none at all: it
    marks every segment L0, copies no insert log and reports success. A segment marked L0
    with no insert binlog is such a lost segment when the source predates L0 segments
    (Milvus < 2.4), or when it records rows but holds no delete log either.
    """
    before_l0 = MilvusVersion.parse(backup.milvus_version) < MilvusVersion(2, 4)
    segments = [s for p in coll.partition_backups for s in p.segment_backups]
    lost = [
        s
        for s in segments
        if s.is_l0
        and not any(fb.binlogs for fb in s.binlogs)
        and (before_l0 or (s.num_of_rows > 0 and not any(fb.binlogs for fb in s.deltalogs)))
    ]
    if not lost:
        return None
    where = f"{coll.db_name or model.DEFAULT_DB}.{coll.collection_name}"
    if len(lost) == len(segments):
        what = f"holds no data for {where}: every one of its {len(segments)} segments is"
    else:
        what = f"lacks data of {where}: {len(lost)} of its {len(segments)} segments are"
    return (
        f"backup {backup.name!r} {what} marked L0 (delete-only) and has no insert binlog, "
        f"although the metadata records {sum(s.num_of_rows for s in lost)} rows in them. "
        "This is the known bug of upstream milvus-backup v0.4.x with local storage, run from "
        "a directory other than '/': it finds no insert logs, takes every segment for an L0 "
        "segment, copies nothing and reports success. Nothing was restored; re-take the "
        "backup with this tool, with upstream v0.5.x, or with v0.4.x started from '/'"
    )


@dataclass(frozen=True)
class CollectionPlan:
    """One backed-up collection and where it goes."""

    source: model.CollectionBackupInfo
    target_db: str
    target_name: str
    exists: bool
    #: the only partitions whose data is restored (a restore filter's ``db.coll:partition``)
    partitions: tuple[str, ...] | None = None
    override: model.CollectionOverride = model.CollectionOverride()
    #: the backed-up aliases, renamed (``Renamer.alias_target``): created in ``target_db``
    aliases: tuple[str, ...] = ()

    def restores_partition(self, name: str) -> bool:
        """Whether the data of the backup's partition ``name`` is restored."""
        return self.partitions is None or name in self.partitions

    @property
    def size(self) -> int:
        """Bytes of the backup this plan imports."""
        if self.partitions is None:
            return self.source.size
        return sum(
            p.size
            for p in self.source.partition_backups
            if self.restores_partition(p.partition_name)
        ) + sum(s.size for s in self.source.l0_segments)


def _chosen_partitions(
    request: model.RestoreInput, coll: model.CollectionBackupInfo, target: model.QualifiedName
) -> tuple[str, ...] | None:
    """The partitions a restore filter keeps of ``coll`` (restored as ``target``).

    Raises:
        RequestError: a partition the backup lacks, or a partition-key collection (Milvus
            places its rows by key, so its partitions cannot be restored one by one).
    """
    chosen = request.partitions.get(target)
    if chosen is None:
        return None
    label = f"{target[0]}.{target[1]}"
    if any(f.is_partition_key for f in coll.schema.fields):
        raise RequestError(
            f"filter names partitions of {label}, whose partitions follow its partition key; "
            "restore the whole collection"
        )
    known = [p.partition_name for p in coll.partition_backups]
    missing = [name for name in chosen if name not in known]
    if missing:
        raise RequestError(
            f"filter names partition {', '.join(missing)} of {label}, which the backup does "
            f"not hold; it has {', '.join(known)}"
        )
    return tuple(chosen)


def plan_restore(
    backup: model.BackupInfo,
    request: model.RestoreInput,
    milvus: MilvusGateway,
    features: ServerFeatures,
) -> list[CollectionPlan]:
    """Decide what to restore where, refusing a bad request before anything changes.

    Args:
        features: what the target Milvus can hold; a collection it cannot (a field type,
            index type or kind of segment it lacks) fails the whole request.

    Raises:
        RequestError: contradictory flags, bad names, or an empty selection.
        ConflictError: a target exists and the request does not say what to do about it.
        RequestError: also when a selected collection is not in the backup, or a target is
            missing with ``skip_create_collection``.
        UnsupportedBackupError: the target Milvus cannot hold a selected collection.
        LayoutError: the backup lost a selected collection's data (``empty_l0_problem``).
    """
    if request.skip_create_collection and request.drop_exist_collection:
        raise RequestError(
            "skipCreateCollection and dropExistCollection cannot be combined: "
            "the first keeps the target, the second replaces it"
        )
    if request.max_shard_num < 0:
        raise RequestError("maxShardNum cannot be negative")
    if request.overrides and request.skip_create_collection:
        raise RequestError(
            "overrides change recreated collections, and skipCreateCollection recreates none; "
            "give one or the other"
        )
    renamer = Renamer(request.renames, request.suffix)
    selection = request.selection
    in_backup = {
        (c.db_name or model.DEFAULT_DB, c.collection_name) for c in backup.collection_backups
    }
    if selection is not None:
        for db, colls in selection.items():
            for name in colls:
                if (db, name) not in in_backup:
                    raise RequestError(f"collection {db}.{name} is not in backup {backup.name!r}")
            if not colls and not any(d == db for d, _ in in_backup):
                raise RequestError(f"database {db!r} is not in backup {backup.name!r}")
    plans: list[CollectionPlan] = []
    problems: list[str] = []
    databases = set(milvus.list_databases())
    targets: set[tuple[str, str]] = set()
    for coll in backup.collection_backups:
        db = coll.db_name or model.DEFAULT_DB
        if not selects(selection, db, coll.collection_name):
            continue
        target_db, target_name = renamer.target(db, coll.collection_name)
        if not selects(request.target_selection, target_db, target_name):
            continue
        problem = paths.name_problem(target_name)
        if problem:
            raise RequestError(f"target collection name for {db}.{coll.collection_name}: {problem}")
        if (target_db, target_name) in targets:
            raise RequestError(f"two collections would be restored as {target_db}.{target_name}")
        targets.add((target_db, target_name))
        exists = target_db in databases and milvus.has_collection(target_db, target_name)
        if exists and not (request.drop_exist_collection or request.skip_create_collection):
            raise ConflictError(
                f"collection {target_db}.{target_name} already exists; restore it under another "
                "name (collection_suffix / collection_renames), or pass dropExistCollection to "
                "replace it or skipCreateCollection to import into it"
            )
        if not exists and request.skip_create_collection:
            raise RequestError(
                f"skipCreateCollection was given but {target_db}.{target_name} does not exist"
            )
        empty = None if request.meta_only else empty_l0_problem(backup, coll)
        if empty:
            raise LayoutError(empty)
        problems.extend(
            restore_problems(
                coll,
                features,
                meta_only=request.meta_only,
                restore_index=request.restore_index,
                use_auto_index=request.use_auto_index,
            )
        )
        plans.append(
            CollectionPlan(
                coll,
                target_db,
                target_name,
                exists,
                partitions=_chosen_partitions(request, coll, (target_db, target_name)),
                override=request.overrides.get(
                    (db, coll.collection_name), model.CollectionOverride()
                ),
                aliases=tuple(
                    renamer.alias_target(db, coll.collection_name, alias)[1]
                    for alias in coll.aliases
                ),
            )
        )
    _refuse_unmatched(request, plans)
    _refuse_taken_aliases(plans, milvus, databases)
    if problems:
        raise UnsupportedBackupError(
            f"Milvus {features.version} cannot hold what backup {backup.name!r} holds, so "
            f"nothing was restored: {'; '.join(problems)}"
        )
    if not plans:
        raise RequestError(
            f"nothing to restore: the selection matches no collection of backup {backup.name!r}"
        )
    return plans


def _refuse_unmatched(request: model.RestoreInput, plans: list[CollectionPlan]) -> None:
    """Refuse overrides and partition choices that name no collection this restore makes.

    Raises:
        RequestError: naming them; left alone they would silently do nothing.
    """
    sources = {(p.source.db_name or model.DEFAULT_DB, p.source.collection_name) for p in plans}
    targets = {(p.target_db, p.target_name) for p in plans}
    stray = [f"override {db}.{coll}" for db, coll in request.overrides if (db, coll) not in sources]
    stray += [
        f"filter entry {db}.{coll}:{part}"
        for (db, coll), parts in request.partitions.items()
        if (db, coll) not in targets
        for part in parts
    ]
    if stray:
        raise RequestError(
            f"{', '.join(stray)} names no collection this restore recreates (overrides take the "
            "backup's names, filter entries the names after renaming)"
        )


def _refuse_taken_aliases(
    plans: list[CollectionPlan], milvus: MilvusGateway, databases: set[str]
) -> None:
    """Refuse a restore whose aliases are names the target already uses for something else.

    An alias already pointing at its restored collection's target is fine (a replaced or
    skipCreateCollection target keeps it); anywhere else, creating it would fail after the
    collection was restored, so the restore is refused before anything is created.

    Raises:
        RequestError: naming every alias in the way, and what it points at.
    """
    taken: list[str] = []
    seen: dict[tuple[str, str], str] = {}
    for plan in plans:
        for alias in plan.aliases:
            where = f"{plan.target_db}.{plan.target_name}"
            other = seen.setdefault((plan.target_db, alias), where)
            if other != where:
                raise RequestError(
                    f"alias {plan.target_db}.{alias} would be restored for both {other} and {where}"
                )
            if plan.target_db not in databases:
                continue
            current = milvus.alias_target(plan.target_db, alias)
            if current is None or (plan.exists and current == plan.target_name):
                continue
            if current == alias:
                taken.append(f"{plan.target_db}.{alias} (a collection of that name exists)")
            else:
                taken.append(f"{plan.target_db}.{alias} (points at {current}, not {where})")
    if taken:
        raise RequestError(
            f"the restore would recreate aliases already in use: {', '.join(taken)}; nothing "
            "was restored. Drop or alter those aliases, or restore under other names "
            "(collection_suffix renames the aliases too)"
        )


def new_restore_task(request: model.RestoreInput, plans: list[CollectionPlan]) -> RestoreTask:
    """A task record for a planned restore."""
    task_id = request.task_id or f"restore_{time.strftime('%Y_%m_%d_%H_%M_%S')}_{new_id()[:8]}"
    return RestoreTask(
        id=task_id,
        backup_name=request.backup_name,
        collections=[
            RestoreCollectionTask(
                id=new_id(),
                source_db=p.source.db_name or model.DEFAULT_DB,
                source_name=p.source.collection_name,
                target_db=p.target_db,
                target_name=p.target_name,
                size=p.size,
                existed=p.exists,
            )
            for p in plans
        ],
        request=request,
    )


class RestoreJob:
    """One restore of a backup into Milvus."""

    def __init__(
        self,
        config: Config,
        milvus: MilvusGateway,
        backup_storage: ObjectStorage,
        milvus_storage: ObjectStorage,
        layout: paths.BackupLayout,
        request: model.RestoreInput,
        plans: list[CollectionPlan],
        task: RestoreTask,
        rbac: model.RBACMeta | None = None,
        on_change: Callable[[], None] = lambda: None,
        features: ServerFeatures | None = None,
        swaps: SwapLedger | None = None,
        checkpoint: Callable[[], None] | None = None,
        resumed: bool = False,
    ) -> None:
        self.config = config
        #: Persists the task record and raises when it cannot (the import ledger must land
        #: before Milvus is asked for anything it records); default: ``on_change``.
        self.checkpoint = checkpoint or on_change
        #: Resuming an interrupted restore: collections, imports and indexes its record
        #: shows done are not done again (``resume.py``).
        self.resumed = resumed
        # Where swaps over existing collections are recorded, for a restarted process to finish.
        self.swaps = swaps or SwapLedger(backup_storage, config.backup_storage.root_path)
        self.features = features or ServerFeatures.of(milvus.version())
        self.milvus = milvus
        self.storage = backup_storage
        self.milvus_storage = milvus_storage
        # Import straight from the backup when Milvus reads the same store; else stage first.
        self.direct = backup_storage.same_store(milvus_storage) and not config.backup.cross_storage
        self.layout = layout
        self.request = request
        self.plans = plans
        self.task = task
        self.rbac = rbac
        self.on_change = on_change  # persists the task record
        self._manifest_entries: list[manifest.ManifestEntry] | None = None
        self._bytes_lock = threading.Lock()
        # Directories a listing already found to hold objects or not: asking again costs a
        # request each (``_imports_partition_whole`` lists both of a partition's).
        self._listed: dict[str, bool] = {}
        # An incremental backup's import directories may live in other backups' directories.
        self._locate = Locator(layout, self._manifest())

    def run(self) -> None:
        """Restore every planned collection; the task records each one's outcome.

        Raises:
            TaskError: at least one collection failed.
        """
        self.task.state = model.RESTORE_EXECUTING
        if not self.request.meta_only:
            self.task.bytes_total = sum(c.size for c in self.task.collections)
        self.task.phase = "preparing"
        self.on_change()
        try:
            self._prepare()
            self.task.phase = "restoring collections"
            workers = max(1, self.config.backup.restore_collection_parallelism)
            with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="restore") as pool:
                list(pool.map(self._restore_one, self.plans, self.task.collections))
        except Exception as exc:
            metrics.count_error(exc)
            self.task.error = str(exc)
        if self.task.suspending and any(
            c.state != model.RESTORE_SUCCESS for c in self.task.collections
        ):
            from .resume import suspend_restore  # resume imports this module

            suspend_restore(self.task)
            self.on_change()
            raise TaskCancelled(f"restore {self.task.id} {self.task.phase}")
        failed = [c for c in self.task.collections if c.state == model.RESTORE_FAIL]
        if self.task.cancelled and failed:
            self.task.error = _cancel_summary(self.task)
        if failed and not self.task.error:
            self.task.error = "; ".join(f"{c.target_db}.{c.target_name}: {c.error}" for c in failed)
        self.task.end_time = int(time.time())
        self.task.state = model.RESTORE_FAIL if self.task.error else model.RESTORE_SUCCESS
        self.task.phase = "failed" if self.task.error else "done"
        self.on_change()
        if self.task.cancelled and self.task.error:
            raise TaskCancelled(f"restore {self.task.id} {self.task.error}")
        if self.task.error:
            raise TaskError(f"restore {self.task.id} failed: {self.task.error}")

    def _prepare(self) -> None:
        """RBAC and target databases, before any collection."""
        if self.request.rbac and self.rbac is not None:
            report = restore_rbac(self.milvus, self.rbac)
            log.info(
                "restore %s: RBAC: created privilege groups %s (%d privileges added to "
                "groups), created roles %s, added %d bindings and %d grants",
                self.task.id,
                report.groups_created,
                report.group_privileges_added,
                report.roles_created,
                len(report.bindings_added),
                report.grants_added,
            )
        existing_dbs = set(self.milvus.list_databases())
        for db in sorted({p.target_db for p in self.plans} - existing_dbs):
            log.info("restore %s: creating database %s", self.task.id, db)
            self.milvus.create_database(db)

    def _restore_one(self, plan: CollectionPlan, ctask: RestoreCollectionTask) -> None:
        if ctask.state == model.RESTORE_SUCCESS:
            return  # restored before the restore was interrupted and resumed
        if self.task.suspending:
            return  # left for the resumed restore
        if self.task.cancelled:
            ctask.state = model.RESTORE_FAIL
            ctask.error = "not started: the restore was cancelled"
            self.on_change()
            return
        ctask.state = model.RESTORE_EXECUTING
        ctask.start_time = int(time.time())
        ctask.progress = 1
        self.on_change()
        try:
            self._restore_collection(plan, ctask)
        except TaskCancelled:
            if self.task.suspending:
                return  # kept as it is for the resumed restore (see ``run``)
            log.warning(
                "restore %s: %s.%s cancelled", self.task.id, plan.target_db, plan.target_name
            )
            ctask.state = model.RESTORE_FAIL
            if self.request.skip_create_collection:
                left = "rows imported so far remain in the existing target"
            elif plan.exists:
                left = "the existing target was kept as it was"
            else:
                left = "the partly restored target was removed"
            ctask.error = f"cancelled while restoring; {left}"
        except Exception as exc:
            metrics.count_error(exc)
            log.error(
                "restore %s: %s.%s failed: %s", self.task.id, plan.target_db, plan.target_name, exc
            )
            ctask.state = model.RESTORE_FAIL
            ctask.error = str(exc)
        else:
            ctask.state = model.RESTORE_SUCCESS
            ctask.progress = 100
        ctask.end_time = int(time.time())
        self.on_change()

    def _restore_collection(self, plan: CollectionPlan, ctask: RestoreCollectionTask) -> None:
        db = plan.target_db
        name = plan.target_name
        replacing = plan.exists and self.request.drop_exist_collection
        build_name = f"{name}_restoring_{ctask.id[:8]}" if replacing else name
        created = False
        swap: SwapRecord | None = None
        try:
            self.task.check_cancelled()
            if not self.request.skip_create_collection:
                if self.resumed and ctask.created:
                    from .resume import reuse_created_target  # resume imports this module

                    reusable = reuse_created_target(self, plan, ctask, db, build_name)
                else:
                    reusable = False
                if not reusable:
                    ctask.imports.clear()
                    ctask.created = True  # before the create: a crash right after it is known
                    self.checkpoint()
                    try:
                        self._create_collection(plan, db, build_name)
                    except Exception:
                        ctask.created = False  # not this restore's: never drop it
                        raise
                created = True
            else:
                self._ensure_partitions(plan, db, name)
                if self.request.drop_exist_index:
                    for index in self.milvus.indexes(db, name):
                        self.milvus.drop_index(db, name, index.field_name, index.index_name)
            ctask.progress = 5
            if not self.request.meta_only:
                self._import_data(plan, db, build_name, ctask)
            self.task.check_cancelled()
            if self.request.restore_index:
                self._create_indexes(plan.source, db, build_name)
            self.task.check_cancelled()  # the last point a cancel can stop: the swap is next
            if replacing:
                swap = self._begin_swap(ctask, db, name, build_name)
        except Exception:
            if created and not self.task.suspending:
                self._drop_quietly(db, build_name)
            raise
        if swap is not None:
            self._finish_swap(swap)
        self._create_aliases(plan)

    def _begin_swap(
        self, ctask: RestoreCollectionTask, db: str, name: str, build_name: str
    ) -> SwapRecord:
        """Record the swap of the restored ``build_name`` for ``name``; nothing is renamed
        before the record is written."""
        swap = SwapRecord(
            id=ctask.id,
            db=db,
            target=name,
            staging=build_name,
            aside=f"{name}_replaced_{ctask.id[:8]}",
            restore_task=self.task.id,
            collection_task=ctask.id,
        )
        self.swaps.begin(swap)
        return swap

    def _finish_swap(self, swap: SwapRecord) -> None:
        """Put the restored collection in the target's place (see swap.py)."""
        result = self.swaps.finish(self.milvus, swap)
        if result in (SwapResult.ROLLED_BACK, SwapResult.NOTHING_LEFT):
            raise MilvusError(
                f"the restored {swap.db}.{swap.staging} was dropped before it could replace "
                f"{swap.db}.{swap.target} ({result.value})"
            )

    def _create_aliases(self, plan: CollectionPlan) -> None:
        """Point the backed-up aliases at the restored collection (last: it now exists).

        ``plan_restore`` refused aliases in use elsewhere; one already on this collection (kept
        by a replaced target) is left as it is.

        Raises:
            MilvusError: an alias could not be created; the collection stays restored.
        """
        db, name = plan.target_db, plan.target_name
        for alias in plan.aliases:
            if self.milvus.alias_target(db, alias) == name:
                continue
            try:
                self.milvus.create_alias(db, name, alias)
            except MilvusError as exc:
                raise MilvusError(
                    f"{db}.{name} was restored, but its alias {alias} could not be created: {exc}"
                ) from exc

    def _drop_quietly(self, db: str, name: str) -> None:
        try:
            self.milvus.drop_collection(db, name)
        except MilvusError:
            log.exception("could not remove the half-restored collection %s.%s", db, name)

    def _create_collection(self, plan: CollectionPlan, db: str, name: str) -> None:
        source = plan.source
        schema = schema_to_milvus(source.schema, name)
        if plan.override.description:
            schema.description = plan.override.description
        shards = source.shards_num
        if self.request.max_shard_num > 0:
            shards = min(shards, self.request.max_shard_num)
        if plan.override.shard_num > 0:
            shards = plan.override.shard_num  # named for this collection: beats the cap
        has_partition_key = any(f.is_partition_key for f in source.schema.fields)
        self.milvus.create_collection(
            db,
            name,
            schema,
            shards_num=shards,
            consistency_level=source.consistency_level,
            properties=[(p.key, p.value) for p in source.properties],
            num_partitions=len(source.partition_backups) if has_partition_key else 0,
        )
        self._ensure_partitions(plan, db, name)

    def _ensure_partitions(self, plan: CollectionPlan, db: str, name: str) -> None:
        source = plan.source
        if any(f.is_partition_key for f in source.schema.fields):
            return  # Milvus creates the partition-key partitions itself
        existing = {pname for _, pname in self.milvus.partitions(db, name)}
        for part in source.partition_backups:
            if not plan.restores_partition(part.partition_name):
                continue
            if part.partition_name not in existing:
                self.milvus.create_partition(db, name, part.partition_name)

    def _import_jobs(
        self, plan: CollectionPlan, ctask: RestoreCollectionTask
    ) -> list[_ImportJob]:
        """Each import the collection needs, with its directories in backup storage."""
        jobs = []
        source = plan.source
        coll_id = source.collection_id
        for part in source.partition_backups:
            if not plan.restores_partition(part.partition_name):
                continue
            segments = [s for s in part.segment_backups if not s.is_l0]
            if not segments:
                continue
            size = sum(s.size for s in segments)
            if all(s.group_id == 0 for s in segments) or self._imports_partition_whole(
                coll_id, part, segments, ctask
            ):
                # Old upstream backups, or Milvus < 2.4 reading every group below it.
                dirs = [
                    (
                        self.layout.insert_partition_dir(coll_id, part.partition_id),
                        self.layout.delta_partition_dir(coll_id, part.partition_id),
                        size,
                    )
                ]
            else:
                groups: dict[int, int] = {}
                for seg in segments:
                    groups[seg.group_id] = groups.get(seg.group_id, 0) + seg.size
                dirs = [
                    (
                        self._locate(
                            self.layout.insert_group_dir(coll_id, part.partition_id, group)
                        ),
                        self._locate(
                            self.layout.delta_group_dir(coll_id, part.partition_id, group)
                        ),
                        size,
                    )
                    for group, size in sorted(groups.items())
                ]
            storage_version = max(s.storage_version for s in segments)
            for insert_dir, delta_dir, job_size in dirs:
                if not self._has_objects(insert_dir):
                    raise NotFoundError(
                        f"backup {self.layout.name!r} lacks the binlogs under {insert_dir!r} in "
                        f"{self.storage.description}; the backup is incomplete"
                    )
                delta = delta_dir if self._has_objects(delta_dir) else ""
                jobs.append(
                    _ImportJob(
                        part.partition_name,
                        insert_dir,
                        delta,
                        job_size,
                        storage_version=storage_version,
                    )
                )
        return jobs

    def _imports_partition_whole(
        self,
        coll_id: int,
        part: model.PartitionBackupInfo,
        segments: list[model.SegmentBackupInfo],
        ctask: RestoreCollectionTask,
    ) -> bool:
        """Whether one import of the partition's directory restores all its segment groups.

        Milvus before 2.4 imports every segment below the directory it is given, and finishes
        at most one import per tick of its import loop (2 s on 2.3): one job per partition
        instead of one per segment is what makes a partition of many small segments restore
        in seconds (benchmarks/RESULTS.md, 4.). Only when the directory holds exactly the
        backup's segments of the partition: no stray copy of an interrupted run, no group an
        incremental backup keeps in another backup, no L0 segment. A resumed restore keeps
        the jobs its ledger recorded, so no group is imported twice.
        """
        if self.features.multi_segment_import:
            return False
        insert_dir = self.layout.insert_partition_dir(coll_id, part.partition_id)
        delta_dir = self.layout.delta_partition_dir(coll_id, part.partition_id)
        whole = _ImportJob(part.partition_name, insert_dir, "", 0).ledger_key.rstrip("|")
        recorded = {
            k.split("|")[0] for key in ctask.imports for k in key.split(_PACK_SEPARATOR)
        }
        if whole in recorded:
            return True
        if any(k.startswith(whole) for k in recorded):
            return False  # the first run imported it group by group
        # No Milvus before 2.4 caps the segments of one import; the setting's 1 still means
        # one segment group per job.
        if (
            len(segments) < 2
            or self.config.backup.max_segments_per_import_job < 2
            or sum(s.size for s in segments) > _WHOLE_PARTITION_MAX_BYTES
            or any(s.is_l0 for s in part.segment_backups)
        ):
            return False
        for group in {s.group_id for s in segments}:
            directory = self.layout.insert_group_dir(coll_id, part.partition_id, group)
            if self._locate(directory) != directory:
                return False
        expected = {(s.group_id, s.segment_id) for s in segments}
        found: set[tuple[int, int]] = set()
        deletes = False
        # Below the partition: group/segment/field/log for inserts, group/segment/log for deletes.
        for directory, depth in ((insert_dir, 4), (delta_dir, 3)):
            for obj in self.storage.list_objects(directory):
                names = obj.key[len(directory) :].split("/")
                unit = (
                    (int(names[0]), int(names[1]))
                    if len(names) == depth and all(n.isdigit() for n in names)
                    else None
                )
                if unit not in expected:
                    log.info(
                        "restore %s: %r is none of the backup's segments of partition %r, so "
                        "its segments are imported one group at a time",
                        self.task.id,
                        obj.key,
                        part.partition_name,
                    )
                    return False
                if depth == 4:
                    found.add(unit)
                else:
                    deletes = True
        self._listed[insert_dir], self._listed[delta_dir] = bool(found), deletes
        return found == expected

    def _has_objects(self, directory: str) -> bool:
        listed = self._listed.get(directory)
        return self.storage.has_prefix(directory) if listed is None else listed

    def _l0_jobs(self, plan: CollectionPlan) -> list[_ImportJob]:
        """One import per L0 segment: the partition's first, then the collection-wide ones."""
        source = plan.source
        coll_id = source.collection_id
        scoped = [
            (
                part.partition_name,
                self._locate(self.layout.delta_group_dir(coll_id, part.partition_id, seg.group_id)),
                seg,
            )
            for part in source.partition_backups
            if plan.restores_partition(part.partition_name)
            for seg in part.segment_backups
            if seg.is_l0
        ]
        wide = [
            ("", self._locate(self.layout.collection_l0_dir(coll_id, seg.segment_id)), seg)
            for seg in source.l0_segments
        ]
        return [
            _ImportJob(
                partition, "", directory, seg.size, l0=True, storage_version=seg.storage_version
            )
            for partition, directory, seg in [*scoped, *wide]
            if seg.deltalogs and self.storage.has_prefix(directory)
        ]

    def _stage(self, jobs: list[_ImportJob], staging_root: str) -> list[_ImportJob]:
        """Copy the jobs' binlogs into Milvus's storage under ``staging_root``."""
        items: list[CopyItem] = []
        staged_jobs = []
        for job in jobs:
            dirs = []
            for directory in (job.insert_dir, job.delta_dir):
                if not directory:
                    dirs.append("")
                    continue
                relative = backup_relative(self.layout.root, directory)
                target = join_key(staging_root, relative) + "/"
                dirs.append(target)
                items.extend(
                    CopyItem(obj.key, target + obj.key[len(directory) :], obj.size)
                    for obj in self.storage.list_objects(directory)
                )
            staged_jobs.append(replace(job, insert_dir=dirs[0], delta_dir=dirs[1]))
        self._copy_checked(items)
        return staged_jobs

    def _copy_checked(self, items: list[CopyItem]) -> None:
        """Copy backup objects into Milvus's storage and check each against the manifest.

        Staging streams the bytes through this process anyway, so each is hashed with the
        algorithm its manifest entry records and compared: a deep check of everything
        imported, for free. A binlog altered since the backup fails the restore.
        """
        recorded = {e.key: e.checksum for e in self._manifest()}
        wanted = [recorded.get(backup_relative(self.layout.root, i.src_key)) for i in items]
        items = [
            replace(item, algorithm=digest.recomputable(want))
            for item, want in zip(items, wanted, strict=True)
        ]
        checksums = copy_objects(
            self.storage,
            self.milvus_storage,
            items,
            self.config.backup.copy_parallelism,
            stream_memory=self.config.backup.stream_memory,
            stop=self.task.cancel_event,
            algorithm=self.config.backup.checksum,
        )
        for item, want in zip(items, wanted, strict=True):
            got = checksums.get(item.dst_key)
            if want is None or got is None or want.algorithm != got.algorithm:
                continue
            if want.value != got.value:
                raise StorageError(
                    f"binlog {item.src_key!r} of backup {self.layout.name!r} has "
                    f"{digest.SHOWN[got.algorithm]} {got.value}, but the backup recorded "
                    f"{want.value}: it changed after the backup was taken, so the restore stops"
                )

    def _manifest(self) -> list[manifest.ManifestEntry]:
        if self._manifest_entries is None:
            self._manifest_entries = manifest.read_manifest(self.storage, self.layout) or []
        return self._manifest_entries

    def _import_data(
        self, plan: CollectionPlan, db: str, name: str, ctask: RestoreCollectionTask
    ) -> None:
        jobs = self._import_jobs(plan, ctask)
        l0_jobs = self._l0_jobs(plan)
        if self.direct:
            submitted = self._run_imports(jobs, l0_jobs, self.storage, db, name, ctask)
            self._log_imported(plan, db, name, submitted)
            return
        # Milvus cannot read the backup where it is: stage it in Milvus's own storage first.
        staging_root = join_key(
            self.config.milvus_storage.root_path, f"restore-temp-{self.task.id}-{db}-{name}"
        )
        try:
            staged = self._stage([*jobs, *l0_jobs], staging_root)
            submitted = self._run_imports(
                staged[: len(jobs)], staged[len(jobs) :], self.milvus_storage, db, name, ctask
            )
            self._log_imported(plan, db, name, submitted)
        finally:
            if self.task.suspending:
                # Milvus may still read them: the resumed restore waits on its imports.
                log.info("restore %s: staged binlogs kept for the resume", self.task.id)
            elif self.config.backup.keep_temp_files:
                log.info("restore %s: keeping staged binlogs under %s", self.task.id, staging_root)
            else:
                self.milvus_storage.delete_prefix(staging_root + "/")

    def _log_imported(self, plan: CollectionPlan, db: str, name: str, jobs: int) -> None:
        segments = [s for p in plan.source.partition_backups for s in p.segment_backups]
        log.info(
            "restore %s: %s.%s: %d segments (%d rows before deletes) imported in %d import jobs",
            self.task.id,
            db,
            name,
            len(segments) + len(plan.source.l0_segments),
            sum(s.num_of_rows for s in segments),
            jobs,
        )

    def _run_imports(
        self,
        jobs: list[_ImportJob],
        l0_jobs: list[_ImportJob],
        store: ObjectStorage,
        db: str,
        name: str,
        ctask: RestoreCollectionTask,
    ) -> int:
        """Run the data imports, then the L0 ones: deletes apply to rows already there.

        Returns:
            How many import jobs Milvus ran (a resumed restore counts those it waited on).
        """
        total = sum(max(job.size, 1) for job in [*jobs, *l0_jobs]) or 1
        done = 0
        lock = threading.Lock()

        def run_import(request: ImportRequest, members: list[_ImportJob]) -> None:
            nonlocal done
            self.task.check_cancelled()
            first = request.groups[0]
            what = repr(first.insert_dir or first.delta_dir)
            if request.packed:
                what += f" and {len(request.groups) - 1} more segment groups"
            # One ledger entry per import job, keyed by the segment groups it carries (a job
            # of one group keeps the key it always had, so older ledgers resume the same).
            key = _PACK_SEPARATOR.join(job.ledger_key for job in members)
            if key in ctask.imports and not ctask.imports[key]:
                raise MilvusError(
                    f"the import of {what} was being submitted when the restore was "
                    "interrupted, and whether Milvus took it is unknown: its rows may be in "
                    f"{db}.{name} already, so the resumed restore stops rather than import "
                    "them twice. Check the collection, or restore it again"
                )
            task_ids = ctask.imports.get(key) or []
            if not task_ids:
                # The ledger: the intent, then the IDs, each stored before the next step, so
                # a resumed restore asks Milvus about these imports instead of running them
                # again (``resume.reuse_created_target`` handles an intent without IDs).
                ctask.imports[key] = []
                self.checkpoint()
                task_ids = list(self.milvus.start_import(db, name, request))
                ctask.imports[key] = task_ids
                self.checkpoint()
            for task_id in task_ids:
                self._wait_import(task_id, what)
            size = sum(job.size for job in members)
            with lock:
                done += sum(max(job.size, 1) for job in members)
                ctask.progress = 5 + int(90 * done / total)
            with self._bytes_lock:
                self.task.bytes_done += size

        submitted = 0
        # Milvus runs each import as a task of its own; a few at once keep its data nodes busy.
        for batch in (jobs, l0_jobs):
            planned = self._import_requests(batch, store, ctask)
            if not planned:
                continue
            submitted += len(planned)
            workers = max(1, min(self.config.backup.import_job_parallelism, len(planned)))
            with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="import") as pool:
                for future in [pool.submit(run_import, *item) for item in planned]:
                    future.result()
        return submitted

    def _import_requests(
        self, jobs: list[_ImportJob], store: ObjectStorage, ctask: RestoreCollectionTask
    ) -> list[tuple[ImportRequest, list[_ImportJob]]]:
        """The import jobs to submit for ``jobs``, each with the segment groups it carries.

        The target's version decides how many groups one job may carry (``ServerFeatures``).
        A resumed restore keeps the packs its first run recorded in the ledger, whatever the
        setting is now: their rows may be in Milvus already. Only the rest is packed anew.
        """
        by_key = {job.ledger_key: job for job in jobs}
        packs: list[list[_ImportJob]] = []
        taken: set[str] = set()
        for key in ctask.imports:
            keys = key.split(_PACK_SEPARATOR)
            if len(keys) > 1 and all(k in by_key and k not in taken for k in keys):
                packs.append([by_key[k] for k in keys])
                taken.update(keys)
        rest = [job for job in jobs if job.ledger_key not in taken]
        limit = self.config.backup.max_segments_per_import_job
        planned: list[tuple[ImportRequest, list[_ImportJob]]] = []
        batches: list[tuple[list[_ImportJob], int]] = [(pack, len(pack)) for pack in packs]
        for members, per_job in [*batches, (rest, limit)]:
            of_group = {job.group(store): job for job in members}
            for request in self.features.import_requests(list(of_group), per_job):
                planned.append((request, [of_group[g] for g in request.groups]))
        return planned

    def _wait_import(self, task_id: int, what: str) -> None:
        deadline = time.monotonic() + self.config.backup.import_timeout
        # A small import ends within a second or two: asking after 0.1 s, then twice as long
        # each time up to backup.importPollSeconds, sees it end when it does instead of up to
        # a whole interval later (benchmarks/RESULTS.md, 2.), for a handful more requests.
        interval = min(_FIRST_IMPORT_POLL, self.config.backup.import_poll_interval)
        while True:
            self.task.check_cancelled()
            progress = self.milvus.import_progress(task_id)
            if progress.completed:
                return
            if progress.failed:
                raise MilvusError(
                    f"Milvus import {task_id} of {what} failed: "
                    f"{progress.failed_reason or progress.state_name}"
                )
            if time.monotonic() > deadline:
                raise MilvusError(
                    f"Milvus import {task_id} of {what} did not finish in "
                    f"{self.config.backup.import_timeout:.0f} s "
                    f"(state {progress.state_name})"
                )
            time.sleep(interval)
            interval = min(interval * 2, self.config.backup.import_poll_interval)

    def _create_indexes(self, source: model.CollectionBackupInfo, db: str, name: str) -> None:
        types = {f.name: f.data_type for f in source.schema.fields}
        built = {i.index_name for i in self.milvus.indexes(db, name)} if self.resumed else set()
        for index in source.index_infos:
            if index.index_name in built:
                continue  # created before the restore was interrupted
            params = dict(index.params)
            if self.request.use_auto_index and is_vector(types.get(index.field_name, 0)):
                params = {"index_type": "AUTOINDEX", "metric_type": params.get("metric_type", "")}
            elif params.get("index_type") == "marisa-trie":
                params["index_type"] = "Trie"
            params = {k: v for k, v in params.items() if v != ""}
            self.milvus.create_index(
                db, name, index.field_name, index.index_name, sorted(params.items())
            )


def _cancel_summary(task: RestoreTask) -> str:
    """What a cancelled restore left: which collections were restored and which were not."""
    done = [
        f"{c.target_db}.{c.target_name}"
        for c in task.collections
        if c.state == model.RESTORE_SUCCESS
    ]
    not_done = [
        f"{c.target_db}.{c.target_name} ({c.error})"
        for c in task.collections
        if c.state != model.RESTORE_SUCCESS
    ]
    return (
        f"cancelled{f' ({task.cancel_reason})' if task.cancel_reason else ''}: "
        f"restored {', '.join(done) or 'none'}; "
        f"not restored {', '.join(not_done) or 'none'}"
    )
