"""Where an incremental backup's binlogs are: its own directory, or other backups'.

Milvus imports a segment from an insert directory and a delete directory, so an incremental
backup references or copies whole *import units*, never single objects of one::

    binlogs/insert_log/{coll}/{part}/{group}/      a segment's insert logs
    binlogs/delta_log/{coll}/{part}/{group}/       its delete logs (or a partition L0 segment)
    binlogs/delta_log/{coll}/-1/{seg}/             a collection-wide L0 segment

A unit has the same relative key in every backup of this service (the group is the segment
ID), so a referenced unit is ``ROOT/OWNER/<unit>`` where the manifest says ``"in": OWNER``.
"""

from __future__ import annotations

from collections.abc import Iterable

from .manifest import ManifestEntry
from .paths import BackupLayout

_UNIT_PARTS = 5  # binlogs / insert_log|delta_log / coll / part / group-or-segment


def unit_of(key: str) -> str | None:
    """The import unit (directory, ending in "/") of a binlog key relative to a backup."""
    parts = key.split("/")
    if len(parts) <= _UNIT_PARTS or parts[0] != "binlogs":
        return None
    if parts[1] not in ("insert_log", "delta_log"):
        return None
    return "/".join(parts[:_UNIT_PARTS]) + "/"


def backup_relative(root: str, key: str) -> str:
    """A key under any backup of ``root`` made relative to that backup's directory."""
    base = root.strip("/")
    rest = key.lstrip("/")
    if base:
        rest = rest.removeprefix(base + "/")
    return rest.split("/", 1)[1] if "/" in rest else rest


def owners(entries: Iterable[ManifestEntry]) -> list[str]:
    """The other backups a manifest references, sorted."""
    return sorted({e.owner for e in entries if e.owner})


class Locator:
    """Maps a backup's import directories to the backup directory that holds them."""

    def __init__(self, layout: BackupLayout, entries: Iterable[ManifestEntry]) -> None:
        self.layout = layout
        self._units: dict[str, str] = {}
        for entry in entries:
            unit = unit_of(entry.key)
            if entry.owner and unit is not None:
                self._units[unit] = entry.owner

    @property
    def referencing(self) -> bool:
        """Whether any unit lives in another backup."""
        return bool(self._units)

    def __call__(self, directory: str) -> str:
        """Where ``directory`` (a unit under this backup) really is; itself when it is ours."""
        if not directory or not directory.startswith(self.layout.dir):
            return directory
        relative = directory[len(self.layout.dir) :]
        owner = self._units.get(relative)
        if owner is None:
            return directory
        return BackupLayout(self.layout.root, owner).dir + relative
