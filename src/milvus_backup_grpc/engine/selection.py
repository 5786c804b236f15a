"""Which collections a request means, and what a restore renames them to.

Callers name collections as ``coll`` (the default database) or ``db.coll``, or give
``db_collections`` as ``{"db": ["coll", ...]}`` where an empty list means the whole
database (as a JSON string or an already-decoded object). Renames map ``a`` → ``b``,
``db1.a`` → ``db2.b`` or, for whole databases, ``db1.*`` → ``db2.*``.

Upstream's ``filter`` (v0.5.9+) says the same in one string: ``coll,db.coll,db.*``; a restore
filter may also name a partition, ``db.coll:partition`` (ours: upstream has no partition
filter).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..errors import RequestError
from ..layout.paths import name_problem
from ..model import DEFAULT_DB, CollectionOverride, QualifiedName, Selection

_DB_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def split_name(qualified: str) -> tuple[str, str]:
    """``db.coll`` → (db, coll); ``coll`` → (default, coll).

    Raises:
        RequestError: the name is empty or malformed.
    """
    text = qualified.strip()
    db, _, coll = text.rpartition(".")
    db = db or DEFAULT_DB
    for what, value in (("database", db), ("collection", coll)):
        if (
            not value
            or (what == "database" and not _DB_NAME.fullmatch(value))
            or (what == "collection" and name_problem(value))
        ):
            raise RequestError(
                f"{qualified!r} is not a valid collection name (expected 'coll' or 'db.coll')"
            )
    return db, coll


def parse_db_collections(value: Any) -> Selection | None:
    """Decode ``db_collections`` given as a JSON string or an object; None when empty.

    Raises:
        RequestError: it is not ``{"db": ["coll", ...]}``.
    """
    if value is None or value == "" or value == {}:
        return None
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError as exc:
            raise RequestError(
                f"db_collections is not valid JSON ({exc}); expected e.g. "
                '{"db1": ["coll1", "coll2"], "db2": []}'
            ) from None
        if value == {}:
            return None
    if not isinstance(value, Mapping):
        raise RequestError(
            "db_collections must map database names to lists of collections, "
            'e.g. {"db1": ["coll1"], "db2": []}'
        )
    selection: Selection = {}
    for db, colls in value.items():
        if not isinstance(db, str) or not _DB_NAME.fullmatch(db):
            raise RequestError(f"db_collections: {db!r} is not a valid database name")
        if colls is None:
            colls = []
        if not isinstance(colls, list) or not all(isinstance(c, str) for c in colls):
            raise RequestError(f"db_collections[{db!r}] must be a list of collection names")
        for coll in colls:
            if name_problem(coll):
                raise RequestError(
                    f"db_collections[{db!r}]: {coll!r} is not a valid collection name"
                )
        selection.setdefault(db, []).extend(colls)
    return selection


def selection_from(db_collections: Any, collection_names: Iterable[str]) -> Selection | None:
    """The selection a request means: db_collections wins, then names; None means all."""
    selection = parse_db_collections(db_collections)
    if selection is not None:
        return selection
    names = [n for n in collection_names if n.strip()]
    if not names:
        return None
    result: Selection = {}
    for name in names:
        db, coll = split_name(name)
        result.setdefault(db, []).append(coll)
    return result


def selects(selection: Selection | None, db: str, coll: str) -> bool:
    """Whether ``db.coll`` is part of the selection."""
    if selection is None:
        return True
    if db not in selection:
        return False
    return not selection[db] or coll in selection[db]


class Renamer:
    """Maps a source ``(db, coll)`` to its restore target."""

    def __init__(self, renames: Mapping[str, str], suffix: str) -> None:
        if suffix and not re.fullmatch(r"[A-Za-z0-9_]+", suffix):
            raise RequestError(
                f"collection_suffix {suffix!r} may contain only letters, digits and underscores"
            )
        self._suffix = suffix
        self._exact: dict[tuple[str, str], tuple[str, str]] = {}
        self._dbs: dict[str, str] = {}
        for src, dst in renames.items():
            if src.endswith(".*") or dst.endswith(".*"):
                if not (src.endswith(".*") and dst.endswith(".*")):
                    raise RequestError(
                        f"rename {src!r}:{dst!r}: a database rename needs 'db1.*' on both sides"
                    )
                src_db, dst_db = src[:-2], dst[:-2]
                for db in (src_db, dst_db):
                    if not _DB_NAME.fullmatch(db):
                        raise RequestError(
                            f"rename {src!r}:{dst!r}: {db!r} is not a valid database name"
                        )
                self._dbs[src_db] = dst_db
                continue
            self._exact[split_name(src)] = split_name(dst)

    def target(self, db: str, coll: str) -> tuple[str, str]:
        """The target of one source collection; an explicit rename beats the suffix."""
        if (db, coll) in self._exact:
            return self._exact[(db, coll)]
        target_db = self._dbs.get(db, db)
        return target_db, coll + self._suffix

    def alias_target(self, db: str, coll: str, alias: str) -> tuple[str, str]:
        """Where an alias of a source collection is recreated: ``(database, alias name)``.

        The alias follows its collection into the target database. A collection restored
        under the suffix gives its aliases the suffix too, so that a restore beside the
        original (same cluster, same database) does not collide with the original's aliases;
        one renamed explicitly keeps its aliases' names.
        """
        target_db, _ = self.target(db, coll)
        if (db, coll) in self._exact:
            return target_db, alias
        return target_db, alias + self._suffix


def parse_rename_list(text: str) -> dict[str, str]:
    """Parse the CLI form ``a:b,db1.c:db2.d`` into a mapping.

    Raises:
        RequestError: an entry is not ``source:target``.
    """
    renames: dict[str, str] = {}
    for entry in filter(None, (e.strip() for e in text.split(","))):
        src, sep, dst = entry.partition(":")
        if not sep or not src or not dst:
            raise RequestError(f"rename {entry!r} must look like 'old:new'")
        renames[src] = dst
    return renames


@dataclass(frozen=True)
class Filter:
    """A parsed ``filter``: the collections it keeps, and the partitions where it names some."""

    selection: Selection
    partitions: dict[QualifiedName, list[str]] = field(default_factory=dict)


def parse_filter(text: str, allow_partitions: bool = False) -> Filter | None:
    """Parse upstream's filter syntax; None when ``text`` is empty.

    Entries are comma-separated: ``coll`` (the default database), ``db.coll``, ``db.*`` (the
    whole database) and, when ``allow_partitions``, ``coll:partition`` or
    ``db.coll:partition`` (repeat an entry for more partitions). A collection named both
    plainly and with partitions keeps all its partitions.

    Raises:
        RequestError: an entry fits none of these forms, naming it.
    """
    entries = [e.strip() for e in text.split(",")]
    if not any(entries):
        return None
    selection: Selection = {}
    whole_dbs: set[str] = set()
    plain: set[QualifiedName] = set()
    partitions: dict[QualifiedName, list[str]] = {}
    forms = "'coll', 'db.coll' or 'db.*'" + (
        " (or 'db.coll:partition')" if allow_partitions else ""
    )
    for entry in entries:
        if not entry:
            raise RequestError(f"filter {text!r} has an empty entry; give {forms}, comma-separated")
        name, sep, partition = entry.partition(":")
        if sep and not allow_partitions:
            raise RequestError(
                f"filter entry {entry!r}: a backup takes whole collections; partitions can be "
                "chosen at restore only. Give " + forms
            )
        if name.endswith(".*"):
            db = name[:-2]
            if sep or not _DB_NAME.fullmatch(db):
                raise RequestError(f"filter entry {entry!r} is not {forms}")
            whole_dbs.add(db)
            continue
        if name.endswith("."):
            raise RequestError(
                f"filter entry {entry!r} names a database without collections, which this "
                f"service does not back up or restore on its own; give '{name}*' for all its "
                "collections"
            )
        try:
            qualified = split_name(name)
        except RequestError:
            raise RequestError(f"filter entry {entry!r} is not {forms}") from None
        if not sep:
            plain.add(qualified)
        elif name_problem(partition):
            raise RequestError(f"filter entry {entry!r}: {partition!r} is not a partition name")
        elif partition not in partitions.setdefault(qualified, []):
            partitions[qualified].append(partition)
        colls = selection.setdefault(qualified[0], [])
        if qualified[1] not in colls:
            colls.append(qualified[1])
    for db in whole_dbs:
        selection[db] = []
    kept = {
        key: parts
        for key, parts in partitions.items()
        if key not in plain and key[0] not in whole_dbs
    }
    return Filter(selection, kept)


def parse_overrides(
    value: Mapping[str, CollectionOverride],
) -> dict[QualifiedName, CollectionOverride]:
    """Per-collection restore overrides keyed ``coll`` or ``db.coll``, checked.

    Raises:
        RequestError: a bad name, two keys naming one collection, or a negative shard count.
    """
    overrides: dict[QualifiedName, CollectionOverride] = {}
    for key, override in value.items():
        try:
            qualified = split_name(key)
        except RequestError:
            raise RequestError(
                f"override {key!r}: expected the backup's name of a collection, 'coll' or 'db.coll'"
            ) from None
        if qualified in overrides:
            raise RequestError(f"two overrides name {qualified[0]}.{qualified[1]}")
        if override.shard_num < 0:
            raise RequestError(
                f"override {key!r}: shardNum {override.shard_num} is negative; give the shard "
                "count, or 0 to keep the backup's"
            )
        overrides[qualified] = override
    return overrides


def filter_text_of_map(value: Mapping[str, Any]) -> str:
    """Upstream's structured filter (``{"db": {"colls": ["a", "*"]}}``, its REST and newer
    proto form) in the text syntax: ``["*"]`` is ``db.*``, no collections ``db.``.

    Raises:
        RequestError: the map does not have that shape.
    """
    entries: list[str] = []
    for db, kept in value.items():
        colls = kept.get("colls", []) if isinstance(kept, Mapping) else None
        if not isinstance(db, str) or not isinstance(colls, list):
            raise RequestError(
                f'filter[{db!r}] must look like {{"colls": ["coll", ...]}} (or ["*"] for all)'
            )
        if not colls:
            entries.append(f"{db}.")
        entries.extend(f"{db}.{coll}" for coll in colls)
    return ",".join(entries)
