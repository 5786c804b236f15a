"""Object keys of a backup, and of the binlogs Milvus writes, as upstream lays them out.

Backup side (``ROOT`` = backup root path, ``NAME`` = backup name)::

    ROOT/NAME/meta/{backup,collection,partition,segment,full}_meta.json
    ROOT/NAME/binlogs/insert_log/{coll}/{part}/{group}/{seg}/{field}/{log}
    ROOT/NAME/binlogs/delta_log/{coll}/{part}/{group}/{seg}/{log}
    ROOT/NAME/binlogs/delta_log/{coll}/-1/{seg}/{log}      (collection-wide L0 segments)

``group`` is the segment id: each segment sits in a directory of its own so that Milvus
can import it on its own. Milvus side: ``MILVUS_ROOT/insert_log/{coll}/{part}/{seg}/...``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TypeVar

from .. import model
from ..errors import LayoutError
from ..storage.base import ObjectNotFound, ObjectStorage, join_key

BACKUP_META = "backup_meta.json"
COLLECTION_META = "collection_meta.json"
PARTITION_META = "partition_meta.json"
SEGMENT_META = "segment_meta.json"
FULL_META = "full_meta.json"
# Our checksum manifest (layout/manifest.py); upstream readers never open it.
MANIFEST = "manifest.json"
# Our own record of the task that writes the backup; upstream readers never open it.
TASK_RECORD = "backup_task.json"
# Left by a deleted backup whose objects other backups still reference (engine/incremental.py).
RETAINED_MARKER = "retained.json"

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
MAX_NAME_LENGTH = 128


def name_problem(name: str) -> str | None:
    """Why ``name`` cannot be a backup (or collection) name, or None when it can."""
    if not name:
        return "the name is empty"
    if len(name) > MAX_NAME_LENGTH:
        return f"the name is {len(name)} characters long; at most {MAX_NAME_LENGTH} are allowed"
    if not _NAME.fullmatch(name):
        return (
            f"{name!r} may contain only letters, digits and underscores, "
            "and must not start with a digit"
        )
    return None


@dataclass(frozen=True)
class BackupLayout:
    """The keys of one backup under a root path."""

    root: str
    name: str

    @property
    def dir(self) -> str:
        """The backup's directory prefix, ending in "/"."""
        return join_key(self.root, self.name) + "/"

    def meta(self, file_name: str) -> str:
        """Key of one metadata file."""
        return join_key(self.root, self.name, "meta", file_name)

    @property
    def task_record(self) -> str:
        """Key of our task record for this backup."""
        return join_key(self.root, self.name, TASK_RECORD)

    @property
    def retained_marker(self) -> str:
        """Key of the marker of a deleted backup whose referenced objects remain."""
        return join_key(self.root, self.name, RETAINED_MARKER)

    def insert_group_dir(self, coll: int, part: int, group: int) -> str:
        """The directory Milvus imports a segment group's insert logs from."""
        return join_key(self.root, self.name, "binlogs", "insert_log", coll, part, group) + "/"

    def delta_group_dir(self, coll: int, part: int, group: int) -> str:
        """The directory Milvus imports a segment group's delete logs from."""
        return join_key(self.root, self.name, "binlogs", "delta_log", coll, part, group) + "/"

    def insert_partition_dir(self, coll: int, part: int) -> str:
        """A partition's insert logs (backups made before group directories existed)."""
        return join_key(self.root, self.name, "binlogs", "insert_log", coll, part) + "/"

    def delta_partition_dir(self, coll: int, part: int) -> str:
        """A partition's delete logs (backups made before group directories existed)."""
        return join_key(self.root, self.name, "binlogs", "delta_log", coll, part) + "/"

    def insert_log(self, coll: int, part: int, group: int, seg: int, field: int, log: int) -> str:
        """Key of one insert binlog in the backup."""
        return join_key(
            self.root, self.name, "binlogs", "insert_log", coll, part, group, seg, field, log
        )

    def delta_log(self, coll: int, part: int, group: int, seg: int, log: int) -> str:
        """Key of one delete binlog in the backup."""
        return join_key(self.root, self.name, "binlogs", "delta_log", coll, part, group, seg, log)

    def collection_l0_dir(self, coll: int, seg: int) -> str:
        """The directory of one collection-wide L0 segment (partition -1, no group)."""
        return join_key(self.root, self.name, "binlogs", "delta_log", coll, -1, seg) + "/"

    def collection_l0_log(self, coll: int, seg: int, log: int) -> str:
        """Key of one delete binlog of a collection-wide L0 segment."""
        return self.collection_l0_dir(coll, seg) + str(log)

    def segment_binlogs(self, seg: model.SegmentBackupInfo) -> Iterator[tuple[str, model.Binlog]]:
        """Each binlog a segment's metadata records, with its key in the backup."""
        ids = (seg.collection_id, seg.partition_id, seg.group_id, seg.segment_id)
        for field_logs in seg.binlogs:
            for log in field_logs.binlogs:
                yield self.insert_log(*ids, field_logs.fieldID, binlog_id(log)), log
        for field_logs in seg.deltalogs:
            for log in field_logs.binlogs:
                if seg.partition_id < 0:
                    key = self.collection_l0_log(seg.collection_id, seg.segment_id, binlog_id(log))
                else:
                    key = self.delta_log(*ids, binlog_id(log))
                yield key, log


def binlog_id(log: model.Binlog) -> int:
    """A binlog's log ID; backups before upstream v0.5.4 record none, but their key ends in it."""
    if log.log_id:
        return int(log.log_id)
    tail = log.log_path.rstrip("/").rsplit("/", 1)[-1]
    return int(tail) if tail.isdigit() else 0


_INSERT_KEY = re.compile(r"(?:^|/)insert_log/(\d+)/(\d+)/(\d+)/(\d+)/(\d+)$")
_DELTA_KEY = re.compile(r"(?:^|/)delta_log/(\d+)/(-?\d+)/(\d+)/(\d+)$")


@dataclass(frozen=True)
class BinlogKey:
    """The IDs encoded in a Milvus binlog key."""

    collection_id: int
    partition_id: int
    segment_id: int
    field_id: int  # 0 for delete logs
    log_id: int


@dataclass(frozen=True)
class MilvusLayout:
    """The keys Milvus writes its binlogs under, below its root path."""

    root: str

    def insert_dir(self, coll: int) -> str:
        """The directory of one collection's insert binlogs (every partition and segment)."""
        return join_key(self.root, "insert_log", coll) + "/"

    def delta_dir(self, coll: int) -> str:
        """The directory of one collection's delete binlogs (every partition and segment)."""
        return join_key(self.root, "delta_log", coll) + "/"

    def insert_segment_dir(self, coll: int, part: int, seg: int) -> str:
        """Where one segment's insert logs live."""
        return join_key(self.root, "insert_log", coll, part, seg) + "/"

    @property
    def insert_root(self) -> str:
        """The directory of all insert logs."""
        return join_key(self.root, "insert_log") + "/"


def parse_insert_key(key: str) -> BinlogKey | None:
    """IDs of an insert binlog key, or None when the key is something else."""
    m = _INSERT_KEY.search(key)
    if not m:
        return None
    c, p, s, f, log = (int(x) for x in m.groups())
    return BinlogKey(c, p, s, f, log)


def parse_delta_key(key: str) -> BinlogKey | None:
    """IDs of a delete binlog key, or None when the key is something else."""
    m = _DELTA_KEY.search(key)
    if not m:
        return None
    c, p, s, log = (int(x) for x in m.groups())
    return BinlogKey(c, p, s, 0, log)


Decoded = TypeVar("Decoded")


def read_optional(
    storage: ObjectStorage, layout: BackupLayout, key: str, decode: Callable[[bytes], Decoded]
) -> Decoded | None:
    """Read and decode one of the backup's own files; None when the backup has none.

    Raises:
        LayoutError: the file exists but cannot be decoded (named with the backup).
    """
    try:
        data = storage.read_bytes(key)
    except ObjectNotFound:
        return None
    try:
        return decode(data)
    except LayoutError as exc:
        raise LayoutError(f"backup {layout.name!r}: {exc}") from exc
