"""The backup's checksum manifest: every copied binlog with its size and checksum.

It lives beside upstream's meta files (``ROOT/NAME/meta/manifest.json``) and upstream readers
never open it, so backups stay readable by the upstream tool. Keys are relative to the
backup's directory, so a backup moved to another root or bucket still checks out::

    {"format": 1,
     "objects": [{"key": "binlogs/insert_log/…/1", "size": 123, "sha256": "…"},
                 {"key": "binlogs/delta_log/…/7", "size": 45, "etag": "…"}]}

``sha256`` (or ``blake3``) is the hash of the bytes as they passed through this service;
``etag`` is the store's tag for a server-side copy, whose bytes never passed through here. The
manifest is written after the binlogs and before the meta files, so a complete backup always
has one.

An incremental backup (format 2) also lists the objects it references instead of holding
them: such an entry has ``"in": "OTHER"``, and the object is ``ROOT/OTHER/<key>`` (the same
relative key, in the directory of the backup that holds the bytes). Format 1 readers refuse a
format 2 manifest rather than take a backup with references for a complete one.

On local storage an incremental backup hard-links the objects it would reference into its own
directory where the filesystem allows: such an entry is the backup's own (no ``"in"``) and
says where it was linked from (``"link": "OTHER"``), which only tells how the backup was made
(its bytes were not copied) and stays true after OTHER is deleted. Format 1 readers ignore it.

A manifest with any ``blake3`` entry (the default checksum since format 3, storage/digest.py)
is format 3, references or not: readers of formats 1 and 2 know only ``sha256`` and ``etag``,
and refuse it by its number instead of misreading it. ``backup.checksum: sha256`` keeps new
backups readable by them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..errors import LayoutError
from ..storage import digest
from ..storage.base import Checksum, ObjectStorage
from ..storage.transfer import CopyItem
from . import paths

FORMAT = 1
FORMAT_WITH_REFERENCES = 2
FORMAT_WITH_BLAKE3 = 3
FORMATS = (FORMAT, FORMAT_WITH_REFERENCES, FORMAT_WITH_BLAKE3)
#: What formats 1 and 2 may hold; a manifest with any other algorithm is format 3.
_FORMAT_2_ALGORITHMS = frozenset({digest.SHA256, "etag"})
ALGORITHMS = _FORMAT_2_ALGORITHMS | digest.COMPUTED


@dataclass(frozen=True)
class ManifestEntry:
    """One copied object: its key under the backup directory, size and checksum."""

    key: str
    size: int
    checksum: Checksum
    #: The backup whose directory holds the object; "" when it is this backup's own.
    owner: str = ""
    #: The backup this one's own object was hard-linked from when it was made ("" if copied).
    linked_from: str = ""

    def located(self, owner: str) -> ManifestEntry:
        """This entry as another backup references it: owned by ``owner`` unless already."""
        return ManifestEntry(self.key, self.size, self.checksum, self.owner or owner)

    def linked(self, source: str) -> ManifestEntry:
        """This entry as the own object of a backup that hard-linked it from ``source``."""
        return ManifestEntry(self.key, self.size, self.checksum, linked_from=source)


def manifest_key(layout: paths.BackupLayout) -> str:
    """Key of the backup's manifest."""
    return layout.meta(paths.MANIFEST)


def encode(entries: list[ManifestEntry]) -> bytes:
    """The manifest's JSON, objects in key order."""
    objects: list[dict[str, object]] = []
    for e in sorted(entries, key=lambda e: e.key):
        obj: dict[str, object] = {
            "key": e.key,
            "size": e.size,
            e.checksum.algorithm: e.checksum.value,
        }
        if e.owner:
            obj["in"] = e.owner
        if e.linked_from:
            obj["link"] = e.linked_from
        objects.append(obj)
    if any(e.checksum.algorithm not in _FORMAT_2_ALGORITHMS for e in entries):
        version = FORMAT_WITH_BLAKE3
    elif any(e.owner for e in entries):
        version = FORMAT_WITH_REFERENCES
    else:
        version = FORMAT
    return json.dumps({"format": version, "objects": objects}, indent=1).encode()


def decode(data: bytes) -> list[ManifestEntry]:
    """Parse a manifest.

    Raises:
        LayoutError: the manifest is not one this version understands.
    """
    try:
        doc = json.loads(data)
        if doc.get("format") not in FORMATS:
            raise LayoutError(
                f"manifest format {doc.get('format')!r} is not one this version reads "
                f"({', '.join(map(str, FORMATS))}): a newer version of milvus-backup-grpc wrote "
                "it; read the backup with that version or a later one"
            )
        entries = []
        for obj in doc["objects"]:
            (algorithm,) = ALGORITHMS.intersection(obj)
            owner = str(obj.get("in", ""))
            if owner and ("/" in owner or owner in (".", "..")):
                raise LayoutError(f"object {obj['key']!r} is referenced in {owner!r}")
            entries.append(
                ManifestEntry(
                    obj["key"],
                    int(obj["size"]),
                    Checksum(algorithm, obj[algorithm]),
                    owner,
                    str(obj.get("link", "")),
                )
            )
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise LayoutError(f"the manifest is malformed: {exc}") from exc
    return entries


def write_manifest(
    storage: ObjectStorage,
    layout: paths.BackupLayout,
    copied: Sequence[CopyItem],
    checksums: Mapping[str, Checksum],
    references: Sequence[ManifestEntry] = (),
) -> None:
    """Write the manifest of the objects copied into the backup (see ``encode_copies``)."""
    storage.write_bytes(manifest_key(layout), encode_copies(layout, copied, checksums, references))


def encode_copies(
    layout: paths.BackupLayout,
    copied: Sequence[CopyItem],
    checksums: Mapping[str, Checksum],
    references: Sequence[ManifestEntry] = (),
) -> bytes:
    """The manifest of the objects copied into the backup, as stored.

    Args:
        copied: the copies, whose destination keys lie under the backup's directory.
        checksums: each destination key's checksum, as the copies reported it.
        references: objects the backup uses from other backups' directories (``owner`` set),
            and those it hard-linked into its own (``linked_from`` set).
    """
    prefix = layout.dir
    entries = [
        ManifestEntry(item.dst_key.removeprefix(prefix), item.size, checksums[item.dst_key])
        for item in copied
    ]
    return encode([*entries, *references])


def object_key(layout: paths.BackupLayout, entry: ManifestEntry) -> str:
    """Where an entry's object is stored: under this backup, or under the one that holds it."""
    if entry.owner:
        return paths.BackupLayout(layout.root, entry.owner).dir + entry.key
    return layout.dir + entry.key


def read_manifest(storage: ObjectStorage, layout: paths.BackupLayout) -> list[ManifestEntry] | None:
    """The backup's manifest, or None for backups written without one (upstream's, older).

    Raises:
        LayoutError: the manifest exists but cannot be read.
    """
    return paths.read_optional(storage, layout, manifest_key(layout), decode)
