"""Turning wire requests into engine inputs (request parsing lives here, not in the engine).

Both doors (gRPC and REST) call these functions, so a request is judged once. Every field
of a request message is either turned into an engine input or, when this service cannot do
what it asks, refused with a RequestError (Parameter_Error) naming the field, before
anything changes; no field is dropped silently. Fields that upstream deprecated and that
ask for what always happens anyway (``skipImportDiskQuotaCheck``) are the one exception.
"""

from __future__ import annotations

from typing import Any

from google.protobuf import json_format, struct_pb2

from .. import model
from ..engine.policy import Policy, PolicyRun, parse_duration
from ..engine.retention import RetentionRules, duration_text
from ..engine.scheduler import PolicyStatus
from ..engine.selection import (
    Filter,
    parse_db_collections,
    parse_filter,
    parse_overrides,
    selection_from,
)
from ..engine.strategy import resolve_strategy
from ..engine.tasks import TaskKind, TaskState, TaskView
from ..errors import RequestError
from ..pb import backup_pb2 as pb
from ..pb import control_pb2 as cpb


def value_to_python(value: struct_pb2.Value, present: bool) -> Any:
    """A google.protobuf.Value as plain Python (a JSON string stays a string)."""
    if not present:
        return None
    return json_format.MessageToDict(value)


def _selection(req: pb.CreateBackupRequest | pb.RestoreBackupRequest) -> model.Selection | None:
    present = req.HasField("db_collections")
    return selection_from(value_to_python(req.db_collections, present), req.collection_names)


def _create_selection(req: pb.CreateBackupRequest) -> model.Selection | None:
    """The collections a CreateBackup names: upstream's ``filter``, or the older fields."""
    parsed = parse_filter(req.filter)
    if parsed is None:
        return _selection(req)
    if req.collection_names or req.HasField("db_collections"):
        raise RequestError(
            "filter cannot be combined with collection_names or db_collections: they say the "
            "same thing. Give one of them"
        )
    return parsed.selection


def create_input(req: pb.CreateBackupRequest) -> model.CreateBackupInput:
    """Engine input for CreateBackup.

    Raises:
        RequestError: ``gc_pause_seconds`` is negative.
    """
    if req.gc_pause_seconds < 0:
        raise RequestError(
            f"gc_pause_seconds is {req.gc_pause_seconds}; give the seconds Milvus garbage "
            "collection stays paused, or 0 for backup.gcPause.seconds of the configuration"
        )
    strategy = resolve_strategy(req.strategy, meta_only=req.meta_only, force=req.force)
    return model.CreateBackupInput(
        name=req.backup_name,
        selection=_create_selection(req),
        meta_only=strategy.meta_only,
        force=strategy.force,
        strategy=strategy.strategy.value,
        run_async=getattr(req, "async"),
        rbac=req.rbac,
        gc_pause=req.gc_pause_enable,
        gc_pause_address=req.gc_pause_address,
        gc_pause_seconds=req.gc_pause_seconds,
        backup_root_path=req.backup_root_path,
        request_id=req.requestId,
        incremental=req.incremental,
        base_backup_name=req.base_backup_name,
        format=req.format,
    )


def _refuse_unsupported(req: pb.RestoreBackupRequest) -> None:
    """Refuse the restore fields this service cannot act on, when they ask for anything."""
    skip = req.skipParams
    skipped = [
        f"skipParams.{name}"
        for name, keys in (
            ("collectionProperties", skip.collectionProperties),
            ("fieldIndexParams", skip.fieldIndexParams),
            ("fieldTypeParams", skip.fieldTypeParams),
            ("indexParams", skip.indexParams),
        )
        if keys
    ]
    if skipped:
        raise RequestError(
            f"{', '.join(skipped)} is not supported by this service: a restore recreates every "
            "collection property and field and index parameter the backup holds. Leave "
            "skipParams empty, and change what you must after the restore (e.g. AlterCollection)"
        )
    if req.truncateBinlogByTs:
        raise RequestError(
            "truncateBinlogByTs is not supported by this service: a restore imports every row "
            "the backup holds and cannot cut them at the channel checkpoints (a CDC setup). "
            "Leave truncateBinlogByTs false"
        )


def _plan_overrides(plan: pb.RestorePlan) -> dict[str, model.CollectionOverride]:
    """``restorePlan.mapping[].colls[].override`` keyed by source ``db.coll``."""
    return {
        f"{mapping.source}.{coll.source}": _override(coll.override)
        for mapping in plan.mapping
        for coll in mapping.colls
        if coll.HasField("override")
    }


def _override(message: pb.RestoreCollectionOverride) -> model.CollectionOverride:
    return model.CollectionOverride(shard_num=message.shardNum, description=message.description)


def _overrides(req: pb.RestoreBackupRequest) -> dict[model.QualifiedName, model.CollectionOverride]:
    """``overrides`` and ``restorePlan``'s overrides, as one map keyed by source name."""
    given = {key: _override(value) for key, value in req.overrides.items()}
    from_plan = _plan_overrides(req.restorePlan)
    if given and from_plan:
        raise RequestError(
            "overrides and restorePlan.mapping[].colls[].override cannot be combined: give "
            "the overrides in one place"
        )
    return parse_overrides(given or from_plan)


def _plan_renames(plan: pb.RestorePlan) -> dict[str, str]:
    """``restorePlan.mapping`` as collection renames (``db1.a`` -> ``db2.b``)."""
    renames: dict[str, str] = {}
    for index, mapping in enumerate(plan.mapping):
        where = f"restorePlan.mapping[{index}]"
        if not mapping.source or not mapping.target:
            raise RequestError(f"{where} needs both a source and a target database name")
        if mapping.withProp:
            raise RequestError(
                f"{where}.withProp is not supported by this service: database properties are "
                "not restored. Leave withProp false"
            )
        if not mapping.colls:
            raise RequestError(
                f"{where} ({mapping.source} -> {mapping.target}) lists no collections, so it "
                "would move none. List them in colls, or move the whole database with "
                f"collection_renames {{'{mapping.source}.*': '{mapping.target}.*'}}"
            )
        for coll in mapping.colls:
            if not coll.source or not coll.target:
                raise RequestError(f"{where}.colls needs a source and a target collection name")
            source = f"{mapping.source}.{coll.source}"
            target = f"{mapping.target}.{coll.target}"
            if renames.get(source, target) != target:
                raise RequestError(
                    f"restorePlan maps {source} to both {renames[source]} and {target}; "
                    "this service restores a collection once per request"
                )
            renames[source] = target
    return renames


def _plan_filter(plan: pb.RestorePlan) -> model.Selection | None:
    """``restorePlan.filter`` as a selection of target names; ``["*"]`` means every one."""
    if not plan.filter:
        return None
    selection: dict[str, list[str]] = {}
    for db, kept in plan.filter.items():
        colls = list(kept.colls)
        if not colls:
            raise RequestError(
                f"restorePlan.filter[{db!r}] lists no collections, so it would restore none "
                'of that database. List them, or give ["*"] for all'
            )
        selection[db] = [] if colls == ["*"] else colls
    return parse_db_collections(selection)


def _restore_filter(req: pb.RestoreBackupRequest) -> Filter | None:
    """Upstream's restore ``filter`` (names after renaming), refused beside the other forms."""
    parsed = parse_filter(req.filter, allow_partitions=True)
    if parsed is None:
        return None
    clashing = [
        name
        for name, given in (
            ("db_collections_after_rename", req.HasField("db_collections_after_rename")),
            ("restorePlan.filter", bool(req.restorePlan.filter)),
        )
        if given
    ]
    if clashing:
        raise RequestError(
            f"filter cannot be combined with {', '.join(clashing)}: both keep targets by "
            "their names after renaming. Give one of them"
        )
    return parsed


def _plan_input(req: pb.RestoreBackupRequest) -> tuple[dict[str, str], model.Selection | None]:
    """The renames and target filter a request means, from restorePlan or the plain fields."""
    present = req.HasField("db_collections_after_rename")
    after_rename = parse_db_collections(value_to_python(req.db_collections_after_rename, present))
    plan = req.restorePlan
    if not (req.HasField("restorePlan") and (plan.mapping or plan.filter)):
        return dict(req.collection_renames), after_rename
    clashing = [
        name
        for name, given in (
            ("collection_suffix", bool(req.collection_suffix)),
            ("collection_renames", bool(req.collection_renames)),
            ("db_collections_after_rename", after_rename is not None),
        )
        if given
    ]
    if clashing:
        raise RequestError(
            f"restorePlan cannot be combined with {', '.join(clashing)}: the plan says both "
            "how to rename and what to keep. Use one or the other"
        )
    return _plan_renames(plan), _plan_filter(plan)


def restore_input(req: pb.RestoreBackupRequest) -> model.RestoreInput:
    """Engine input for RestoreBackup.

    ``restorePlan`` is read as upstream reads it: ``mapping`` renames collections (source
    database and collection to target ones), ``filter`` keeps targets by their new names.

    Raises:
        RequestError: a field asks for what this service does not do, the restorePlan is
            malformed or clashes with the plain rename fields, or bucket_name and path are
            not given together.
    """
    _refuse_unsupported(req)
    renames, target_selection = _plan_input(req)
    restore_filter = _restore_filter(req)
    partitions: dict[model.QualifiedName, list[str]] = {}
    if restore_filter is not None:
        target_selection, partitions = restore_filter.selection, restore_filter.partitions
    return model.RestoreInput(
        backup_name=req.backup_name,
        selection=_selection(req),
        target_selection=target_selection,
        suffix=req.collection_suffix,
        renames=renames,
        run_async=getattr(req, "async"),
        location=location(req.bucket_name, req.path) or model.BackupLocation(),
        meta_only=req.metaOnly,
        restore_index=req.restoreIndex or req.rebuild_index,
        use_auto_index=req.useAutoIndex,
        drop_exist_collection=req.dropExistCollection,
        drop_exist_index=req.dropExistIndex,
        skip_create_collection=req.skipCreateCollection,
        rbac=req.rbac,
        max_shard_num=req.maxShardNum,
        use_v2_restore=req.useV2Restore,
        task_id=req.id,
        request_id=req.requestId,
        partitions=partitions,
        overrides=_overrides(req),
    )


def location(bucket_name: str, path: str) -> model.BackupLocation | None:
    """A backup location override from ``bucket_name`` and ``path``; None when neither is set.

    Raises:
        RequestError: only one of the two is given (upstream would drop it silently).
    """
    if bucket_name and path:
        return model.BackupLocation(bucket_name=bucket_name, root_path=path)
    if bucket_name or path:
        given, missing = ("bucket_name", "path") if bucket_name else ("path", "bucket_name")
        raise RequestError(
            f"{given} is set but {missing} is not: together they name another backup root "
            f"(bucket and root path). Give both, or neither for the configured one"
        )
    return None


# -- the control service ----------------------------------------------------------------------

_KINDS = {
    cpb.TASK_KIND_UNSPECIFIED: None,
    cpb.TASK_KIND_BACKUP: TaskKind.BACKUP,
    cpb.TASK_KIND_RESTORE: TaskKind.RESTORE,
}
_KIND_CODES = {TaskKind.BACKUP: cpb.TASK_KIND_BACKUP, TaskKind.RESTORE: cpb.TASK_KIND_RESTORE}
_STATE_CODES = {
    TaskState.RUNNING: cpb.TASK_STATE_RUNNING,
    TaskState.INTERRUPTED: cpb.TASK_STATE_INTERRUPTED,
    TaskState.SUCCESS: cpb.TASK_STATE_SUCCESS,
    TaskState.FAILED: cpb.TASK_STATE_FAILED,
    TaskState.CANCELLED: cpb.TASK_STATE_CANCELLED,
}


def task_kind(kind: int) -> TaskKind | None:
    """The engine's kind filter for a ListTasks ``kind`` (None: any).

    Raises:
        RequestError: a value outside TaskKind (an unknown enum number over the wire).
    """
    if kind not in _KINDS:
        raise RequestError(
            f"kind {kind} is not a task kind; give {cpb.TASK_KIND_BACKUP} (backup), "
            f"{cpb.TASK_KIND_RESTORE} (restore) or {cpb.TASK_KIND_UNSPECIFIED} (any)"
        )
    return _KINDS[kind]  # type: ignore[index]


def task_info(view: TaskView) -> cpb.TaskInfo:
    """The wire view of a task."""
    return cpb.TaskInfo(
        kind=_KIND_CODES[view.kind],
        task_id=view.task_id,
        backup_name=view.backup_name,
        state=_STATE_CODES[view.state],
        phase=view.phase,
        owner=cpb.TaskOwner(
            host=view.owner.host, pid=view.owner.pid, process_id=view.owner.process_id
        ),
        start_time_ms=view.start_time_ms,
        end_time_ms=view.end_time_ms,
        bytes_done=view.bytes_done,
        bytes_total=view.bytes_total,
        objects_done=view.objects_done,
        objects_total=view.objects_total,
        rate_bytes_per_second=view.rate_bytes_per_second,
        eta_seconds=view.eta_seconds,
        error_message=view.error,
        cancel_requested=view.cancel_requested,
        progress=view.progress,
    )


def policy_input(message: cpb.Policy) -> Policy:
    """Engine policy from a request's Policy (the server's timestamps are ignored).

    Raises:
        RequestError: ``keep_within`` is not a duration.
    """
    within = (
        parse_duration(message.keep_within, "keep_within") if message.keep_within.strip() else 0.0
    )
    rules = RetentionRules(
        keep_last=message.keep_last,
        keep_hourly=message.keep_hourly,
        keep_daily=message.keep_daily,
        keep_weekly=message.keep_weekly,
        keep_monthly=message.keep_monthly,
        keep_within_seconds=within,
        min_count=message.min_count,
    )
    return Policy(
        name=message.name,
        schedule=message.schedule,
        collections=tuple(message.collections),
        time_zone=message.time_zone,
        kind=message.kind,
        name_template=message.name_template,
        retention=rules,
    )


def policy_message(policy: Policy) -> cpb.Policy:
    """A stored policy as the wire's Policy."""
    rules = policy.retention
    return cpb.Policy(
        name=policy.name,
        collections=list(policy.collections),
        schedule=policy.schedule,
        time_zone=policy.time_zone,
        kind=policy.kind,
        name_template=policy.name_template,
        keep_last=rules.keep_last,
        keep_hourly=rules.keep_hourly,
        keep_daily=rules.keep_daily,
        keep_weekly=rules.keep_weekly,
        keep_monthly=rules.keep_monthly,
        keep_within=duration_text(rules.keep_within_seconds) if rules.keep_within_seconds else "",
        min_count=rules.min_count,
        created_ms=policy.created_ms,
        updated_ms=policy.updated_ms,
    )


def policy_status(status: PolicyStatus) -> cpb.PolicyStatus:
    """A policy's status as the wire's PolicyStatus."""
    return cpb.PolicyStatus(
        policy=policy_message(status.policy),
        next_run_ms=status.next_run_ms,
        last_run_ms=status.last_run_ms,
        last_success_ms=status.last_success_ms,
        last_outcome=status.last_outcome,
        stale=status.stale,
    )


def policy_run(run: PolicyRun) -> cpb.PolicyRun:
    """A recorded run as the wire's PolicyRun."""
    return cpb.PolicyRun(
        policy_name=run.policy_name,
        backup_name=run.backup_name,
        start_ms=run.start_ms,
        end_ms=run.end_ms,
        bytes=run.size_bytes,
        outcome=run.outcome,
        error_message=run.error_message,
        trigger=run.trigger,
        due_ms=run.due_ms,
        runner=run.runner,
        pruned=list(run.pruned),
    )
