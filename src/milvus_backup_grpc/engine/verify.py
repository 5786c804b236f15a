"""Checking a backup's binlogs against what the backup says it holds.

The expected objects come from the backup's manifest (sizes and checksums) or, for backups
written without one (upstream's), from the segment metadata (sizes only). A quick check
lists the backup once and compares existence, size and, where the store keeps ETags, the
ETag of server-side copies; a deep check also reads every object back and recomputes its
SHA-256. Restores run the quick check before they change anything in Milvus.

Upstream v0.4.x with local storage may record 4096 (a filesystem block, not the file) as a
binlog's ``log_size``. A recorded 4096 in a binlog without a ``log_id`` (written before
v0.5.4) therefore proves only that the object exists and is not empty; every other recorded
size must match exactly.
"""

from __future__ import annotations

from collections.abc import Collection
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from .. import model
from ..layout import manifest, paths
from ..storage import digest
from ..storage.base import Checksum, ObjectInfo, ObjectStorage

_V04_LOCAL_BLOCK_SIZE = 4096  # what v0.4.x on local storage may record as a binlog's size
_SHOWN = 5  # problems named in a summary; the report keeps them all


@dataclass
class VerifyReport:
    """What a check of one backup found.

    Attributes:
        checked: objects compared; ``size``: their expected bytes in total.
        source: "manifest" (sizes and checksums) or "segment metadata" (sizes only).
        missing / wrong_size / wrong_checksum: keys (under the backup directory) that failed.
    """

    backup_name: str
    source: str
    deep: bool
    checked: int = 0
    size: int = 0
    #: Of ``checked``, the objects referenced in other backups' directories.
    referenced: int = 0
    missing: list[str] = field(default_factory=list)
    wrong_size: list[str] = field(default_factory=list)
    wrong_checksum: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Whether every object is there as recorded."""
        return not (self.missing or self.wrong_size or self.wrong_checksum)

    def summary(self) -> str:
        """One line a person can act on."""
        how = "read back and hashed" if self.deep else "listed"
        where = f", {self.referenced} of them in other backups" if self.referenced else ""
        head = (
            f"backup {self.backup_name!r}: {self.checked} objects ({self.size} bytes{where}) "
            f"{how}, checked against its {self.source}"
        )
        if self.ok:
            return head + ": all present and intact"
        parts = []
        for what, keys in (
            ("missing", self.missing),
            ("of the wrong size", self.wrong_size),
            ("with a wrong checksum", self.wrong_checksum),
        ):
            if keys:
                shown = ", ".join(keys[:_SHOWN]) + (" …" if len(keys) > _SHOWN else "")
                parts.append(f"{len(keys)} {what} ({shown})")
        return f"{head}: DAMAGED: {'; '.join(parts)}"


@dataclass(frozen=True)
class _Expected:
    key: str  # under the backup directory
    size: int
    checksum: Checksum | None
    exact_size: bool = True  # False: ``size`` may be a block size; only "not empty" holds
    owner: str = ""  # the backup whose directory holds it, when referenced

    @property
    def shown(self) -> str:
        """The key as a report names it."""
        return f"{self.key} (in backup {self.owner})" if self.owner else self.key


def _recorded(key: str, log: model.Binlog) -> _Expected:
    # Binlogs written before v0.5.4 carry no log_id; that is when 4096 may not be the size.
    exact = log.log_size != _V04_LOCAL_BLOCK_SIZE or bool(log.log_id)
    return _Expected(key, log.log_size, None, exact_size=exact)


def _from_segments(layout: paths.BackupLayout, info: model.BackupInfo) -> list[_Expected]:
    segments = [
        seg
        for coll in info.collection_backups
        for seg in [
            *coll.l0_segments,
            *(s for p in coll.partition_backups for s in p.segment_backups),
        ]
        # Pre-group upstream layouts (group 0 outside partition -1) keep no per-object keys.
        if seg.group_id != 0 or seg.partition_id < 0
    ]
    return [
        _recorded(key.removeprefix(layout.dir), log)
        for seg in segments
        for key, log in layout.segment_binlogs(seg)
    ]


def _collection_of(key: str) -> int | None:
    """The collection ID in a backup binlog key ("binlogs/insert_log/{coll}/…")."""
    parts = key.split("/")
    if len(parts) > 3 and parts[0] == "binlogs" and parts[2].isdigit():
        return int(parts[2])
    return None


def verify_backup(
    storage: ObjectStorage,
    layout: paths.BackupLayout,
    info: model.BackupInfo,
    *,
    deep: bool = False,
    collection_ids: Collection[int] | None = None,
    parallelism: int = 4,
) -> VerifyReport:
    """Compare a backup's binlogs in ``storage`` with its manifest (or segment metadata).

    Args:
        info: the backup's metadata, already read.
        deep: also read every object back and recompute its hash where the manifest has one
            (SHA-256 or BLAKE3, whichever the backup recorded).
        collection_ids: check only these collections' binlogs (all when None).

    Raises:
        LayoutError: the manifest exists but cannot be read.
        StorageError: the store could not be listed or read.
    """
    entries = manifest.read_manifest(storage, layout)
    if entries is not None:
        expected = [_Expected(e.key, e.size, e.checksum, owner=e.owner) for e in entries]
        source = "manifest"
    elif info.format == "snapshot":
        # Milvus wrote the bundles, so no size or checksum of them is known here: each
        # collection's bundle metadata must be there and not empty.
        expected = [
            _Expected(c.snapshot_backup.metadata_path, 0, None, exact_size=False)
            for c in info.collection_backups
        ]
        source = "snapshot bundle metadata"
    else:
        expected = _from_segments(layout, info)
        source = "segment metadata"
    if collection_ids is not None:
        wanted = set(collection_ids)
        # Logical backups' files are not filed by collection ID: they are always checked.
        expected = [
            e
            for e in expected
            if _collection_of(e.key) in wanted or not e.key.startswith("binlogs/")
        ]
    report = VerifyReport(layout.name, source, deep)

    def place(owner: str) -> str:
        return paths.BackupLayout(layout.root, owner).dir if owner else layout.dir

    # One listing per backup directory the objects live in (this one, and any referenced).
    found: dict[str, ObjectInfo] = {}
    for owner in sorted({e.owner for e in expected}):
        # A logical backup's files are under logical/, beside its meta: list the whole dir.
        listed = place(owner) + ("" if info.format else "binlogs/")
        found.update((obj.key, obj) for obj in storage.list_objects(listed))
    to_hash: list[_Expected] = []
    for item in expected:
        report.checked += 1
        report.referenced += bool(item.owner)
        obj = found.get(place(item.owner) + item.key)
        report.size += item.size if item.exact_size or obj is None else obj.size
        if obj is None:
            report.missing.append(item.shown)
        elif obj.size != item.size if item.exact_size else obj.size == 0:
            report.wrong_size.append(item.shown)
        elif item.checksum is not None and item.checksum.algorithm == "etag":
            if obj.etag and obj.etag != item.checksum.value:
                report.wrong_checksum.append(item.shown)
        elif deep and item.checksum is not None and item.checksum.algorithm in digest.COMPUTED:
            to_hash.append(item)
    if to_hash:

        def rehash(item: _Expected) -> bool:
            want = item.checksum
            key = place(item.owner) + item.key
            return want is not None and digest.of_object(storage, key, want.algorithm) == want

        with ThreadPoolExecutor(max(1, parallelism), thread_name_prefix="verify") as pool:
            for item, intact in zip(to_hash, pool.map(rehash, to_hash), strict=True):
                if not intact:
                    report.wrong_checksum.append(item.shown)
    return report
