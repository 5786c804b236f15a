"""Reading and writing a backup's metadata files in upstream's shapes.

Write order makes a crash harmless: the binlogs are already copied when this runs, the
level files come next, and ``full_meta.json`` comes last. A backup is complete exactly when
``full_meta.json`` exists; readers try it first and fall back to the level files only for
very old upstream backups that never wrote it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from .. import model
from ..errors import LayoutError, NotFoundError
from ..storage.base import ObjectNotFound, ObjectStorage
from . import codec, paths


def write_backup_meta(
    storage: ObjectStorage,
    layout: paths.BackupLayout,
    info: model.BackupInfo,
    beside: Mapping[str, bytes] | None = None,
) -> None:
    """Write every metadata file of a finished backup; ``full_meta.json`` last.

    Args:
        beside: more objects (key: bytes) that must land before ``full_meta.json`` and are
            written with the other metadata files, such as the backup's manifest.
    """
    collections = model.CollectionLevelBackupInfo()
    partitions = model.PartitionLevelBackupInfo()
    segments = model.SegmentLevelBackupInfo()
    for coll in info.collection_backups:
        slim = collections.infos.add()
        slim.CopyFrom(coll)
        del slim.l0_segments[:]
        for part in slim.partition_backups:
            del part.segment_backups[:]
            partitions.infos.add().CopyFrom(part)
        for part in coll.partition_backups:
            segments.infos.extend(part.segment_backups)
    summary = model.BackupInfo()
    summary.CopyFrom(info)
    summary.ClearField("collection_backups")
    summary.ClearField("rbac_meta")
    summary.ClearField("database_backups")

    parts = {
        paths.COLLECTION_META: collections,
        paths.PARTITION_META: partitions,
        paths.SEGMENT_META: segments,
        paths.BACKUP_META: summary,
    }
    # Each write waits a round trip (an object store) or an fsync (local): together, then
    # full_meta.json alone once they have all landed. (Imported here: `list` reads meta
    # files and starts no threads.)
    from concurrent.futures import ThreadPoolExecutor

    objects = {layout.meta(name): codec.dumps(message) for name, message in parts.items()}
    objects.update(beside or {})
    with ThreadPoolExecutor(max_workers=len(objects), thread_name_prefix="meta") as pool:
        written = [pool.submit(storage.write_bytes, key, data) for key, data in objects.items()]
    for future in written:
        future.result()
    storage.write_bytes(layout.meta(paths.FULL_META), codec.dumps(info))


def is_complete(storage: ObjectStorage, layout: paths.BackupLayout) -> bool:
    """Whether the backup's metadata was written to the end."""
    return storage.exists(layout.meta(paths.FULL_META)) or _is_legacy(storage, layout)


def _is_legacy(storage: ObjectStorage, layout: paths.BackupLayout) -> bool:
    # Pre-full_meta upstream backups; ours always leave a task record, so never look legacy.
    return (
        not storage.exists(layout.task_record)
        and storage.exists(layout.meta(paths.BACKUP_META))
        and storage.exists(layout.meta(paths.SEGMENT_META))
    )


def read_backup_meta(storage: ObjectStorage, layout: paths.BackupLayout) -> model.BackupInfo:
    """Read a complete backup's metadata.

    Raises:
        NotFoundError: there is no complete backup at that place.
        LayoutError: the metadata exists but cannot be decoded.
    """
    try:
        data = storage.read_bytes(layout.meta(paths.FULL_META))
    except ObjectNotFound:
        if _is_legacy(storage, layout):
            return _read_level_files(storage, layout)
        raise NotFoundError(
            f"backup {layout.name!r} not found under {layout.dir!r} in {storage.description}"
        ) from None
    try:
        return codec.loads(data, model.BackupInfo)
    except LayoutError as exc:
        raise LayoutError(
            f"backup {layout.name!r}: {paths.FULL_META} is unreadable: {exc}"
        ) from exc


def _read_level_files(storage: ObjectStorage, layout: paths.BackupLayout) -> model.BackupInfo:
    def load(name: str, cls: type[codec.M]) -> codec.M:
        try:
            return codec.loads(storage.read_bytes(layout.meta(name)), cls)
        except ObjectNotFound as exc:
            raise LayoutError(f"backup {layout.name!r} is missing meta/{name}") from exc

    info = load(paths.BACKUP_META, model.BackupInfo)
    collections = load(paths.COLLECTION_META, model.CollectionLevelBackupInfo)
    partitions = load(paths.PARTITION_META, model.PartitionLevelBackupInfo)
    segments = load(paths.SEGMENT_META, model.SegmentLevelBackupInfo)

    segs_by_part: dict[tuple[int, int], list[model.SegmentBackupInfo]] = defaultdict(list)
    for seg in segments.infos:
        segs_by_part[(seg.collection_id, seg.partition_id)].append(seg)
    parts_by_coll: dict[int, list[model.PartitionBackupInfo]] = defaultdict(list)
    for part in partitions.infos:
        rebuilt = model.PartitionBackupInfo()
        rebuilt.CopyFrom(part)
        del rebuilt.segment_backups[:]
        rebuilt.segment_backups.extend(segs_by_part[(part.collection_id, part.partition_id)])
        rebuilt.size = sum(s.size for s in rebuilt.segment_backups)
        parts_by_coll[part.collection_id].append(rebuilt)
    info.ClearField("collection_backups")
    for coll in collections.infos:
        rebuilt_coll = info.collection_backups.add()
        rebuilt_coll.CopyFrom(coll)
        del rebuilt_coll.partition_backups[:]
        rebuilt_coll.partition_backups.extend(parts_by_coll[coll.collection_id])
        rebuilt_coll.size = sum(p.size for p in rebuilt_coll.partition_backups)
    info.size = sum(c.size for c in info.collection_backups)
    return info
