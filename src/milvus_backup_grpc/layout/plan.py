"""The resume plan of a backup being written: what it is copying, kept until it completes.

A backup writes its plan (``ROOT/NAME/resume_plan.json``, our own file, which upstream
readers never open) once it has described its collections and listed their binlogs, before
its first copy; it removes the plan once ``full_meta.json`` is written. A backup interrupted
after that point is resumed from the plan alone: the collections' metadata as described, and
every object to copy with its source key and size::

    {"format": 1,
     "request": {...the CreateBackupInput...},
     "collections": [["default", "books"], ...],
     "infos": [{...CollectionBackupInfo, as upstream's meta JSON...}, ...],
     "copies": [["files/insert_log/…/1", "ROOT/NAME/binlogs/insert_log/…/1", 123], ...]}

The binlogs a plan names are immutable in Milvus: a resumed backup copies what the plan
says or fails, so it never mixes two states of the data.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from typing import Any

from .. import model
from ..errors import LayoutError
from ..storage.base import ObjectStorage, join_key
from ..storage.transfer import CopyItem
from . import codec, paths

FORMAT = 1
PLAN = "resume_plan.json"


@dataclass(frozen=True)
class BackupPlan:
    """What a backup set out to copy, and the metadata it will write once it has."""

    request: model.CreateBackupInput
    collections: list[tuple[str, str]]
    infos: list[model.CollectionBackupInfo]
    #: The copies of each collection, in the order of ``infos``.
    copies: list[list[CopyItem]]


def plan_key(layout: paths.BackupLayout) -> str:
    """Key of the backup's resume plan."""
    return join_key(layout.root, layout.name, PLAN)


def encode(plan: BackupPlan) -> bytes:
    """The plan's JSON."""
    doc: dict[str, Any] = {
        "format": FORMAT,
        "request": dataclasses.asdict(plan.request),
        "collections": [list(pair) for pair in plan.collections],
        "infos": [codec.to_go_dict(info) for info in plan.infos],
        "copies": [[[c.src_key, c.dst_key, c.size] for c in items] for items in plan.copies],
    }
    return json.dumps(doc, separators=(",", ":")).encode()


def decode(data: bytes) -> BackupPlan:
    """Parse a plan.

    Raises:
        LayoutError: not a plan this version wrote.
    """
    try:
        doc = json.loads(data)
        if doc.get("format") != FORMAT:
            raise LayoutError(f"resume plan format {doc.get('format')!r} is not {FORMAT}")
        infos = []
        for tree in doc["infos"]:
            info = model.CollectionBackupInfo()
            codec.from_go_dict(tree, info)
            infos.append(info)
        return BackupPlan(
            request=model.CreateBackupInput(**doc["request"]),
            collections=[(str(db), str(coll)) for db, coll in doc["collections"]],
            infos=infos,
            copies=[
                [CopyItem(str(s), str(d), int(n)) for s, d, n in items] for items in doc["copies"]
            ],
        )
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise LayoutError(f"the resume plan is malformed: {exc}") from exc


def write_plan(storage: ObjectStorage, layout: paths.BackupLayout, plan: BackupPlan) -> None:
    """Store the plan (before the backup's first copy)."""
    storage.write_bytes(plan_key(layout), encode(plan))


def read_plan(storage: ObjectStorage, layout: paths.BackupLayout) -> BackupPlan | None:
    """The backup's plan; None when it has none (not yet described, or complete).

    Raises:
        LayoutError: the plan exists but cannot be read.
    """
    return paths.read_optional(storage, layout, plan_key(layout), decode)


def remove_plan(storage: ObjectStorage, layout: paths.BackupLayout) -> None:
    """Remove the plan (once the backup is complete)."""
    storage.delete(plan_key(layout))
