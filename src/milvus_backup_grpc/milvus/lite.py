"""Milvus Lite: a local ``*.db`` database opened in this process, and what it can hold.

milvus-lite 3.x serves the Milvus gRPC API from threads of the process that opens the file
(pymilvus does the same for ``MilvusClient("x.db")``): one server per file, shared by every
caller in the process, so the gateway and a pymilvus client of the same file see one database.
Lite keeps no binlogs in object storage, so it can only be backed up logically.
"""

from __future__ import annotations

from collections.abc import Iterable

from .. import model
from ..errors import MilvusError

#: GetVersion of Milvus Lite answers "milvus_lite-<version>".
LITE_VERSION_PREFIX = "milvus_lite"

# schema.proto DataType numbers that milvus-lite 3.2 stores (no binary, float16, bfloat16 or
# int8 vectors, as its CreateCollection says).
LITE_FIELD_TYPES: dict[int, str] = {
    1: "Bool",
    2: "Int8",
    3: "Int16",
    4: "Int32",
    5: "Int64",
    10: "Float",
    11: "Double",
    21: "VarChar",
    22: "Array",
    23: "JSON",
    24: "Geometry",
    26: "Timestamptz",
    101: "FloatVector",
    104: "SparseFloatVector",
}
_OTHER_TYPES = {
    100: "BinaryVector",
    102: "Float16Vector",
    103: "BFloat16Vector",
    105: "Int8Vector",
}

# Index types milvus-lite 3.2 builds (vector indexes through faiss, scalar ones its own).
LITE_INDEX_TYPES = frozenset(
    {
        "FLAT",
        "BRUTE_FORCE",
        "AUTOINDEX",
        "HNSW",
        "HNSW_SQ",
        "IVF_FLAT",
        "IVF_SQ8",
        "INVERTED",
        "STL_SORT",
        "Trie",
        "BITMAP",
        "SPARSE_INVERTED_INDEX",
        "SPARSE_WAND",
    }
)


def is_lite_version(version: str) -> bool:
    """Whether a ``GetVersion`` string is Milvus Lite's."""
    return version.startswith(LITE_VERSION_PREFIX)


def lite_address(path: str) -> str:
    """``host:port`` of the gRPC server of the Milvus Lite database ``path``, started if need be.

    Raises:
        MilvusError: milvus-lite is not installed, or could not open the file.
    """
    try:
        from milvus_lite.server_manager import server_manager_instance
    except ImportError as exc:
        raise MilvusError(
            f"milvus.uri {path!r} is a Milvus Lite database, but milvus-lite is not installed "
            "(pip install milvus-lite)"
        ) from exc
    uri = server_manager_instance.start_and_get_uri(path)
    if not uri:
        raise MilvusError(f"Milvus Lite could not open {path!r}; see the log for why")
    return str(uri).split("://", 1)[-1]


def lite_problems(
    coll: model.CollectionBackupInfo, *, restore_index: bool, use_auto_index: bool
) -> Iterable[str]:
    """Why Milvus Lite cannot hold this backed-up collection (nothing when it can)."""
    where = f"{coll.db_name or model.DEFAULT_DB}.{coll.collection_name}"
    for field in coll.schema.fields:
        if field.is_dynamic:
            continue
        if field.data_type not in LITE_FIELD_TYPES:
            kind = _OTHER_TYPES.get(field.data_type, f"type {field.data_type}")
            yield f"{where}: field {field.name!r} is {kind}, which Milvus Lite does not store"
        elif field.data_type == 22 and field.element_type not in LITE_FIELD_TYPES:
            kind = _OTHER_TYPES.get(field.element_type, f"type {field.element_type}")
            yield f"{where}: field {field.name!r} is an Array of {kind}, which Milvus Lite lacks"
    if not restore_index:
        return
    vectors = {f.name for f in coll.schema.fields if 100 <= f.data_type < 200}
    for index in coll.index_infos:
        if use_auto_index and index.field_name in vectors:
            continue
        kind = index.index_type or index.params.get("index_type", "")
        if kind and kind not in LITE_INDEX_TYPES:
            yield (
                f"{where}: index {index.index_name!r} on {index.field_name!r} is {kind}, which "
                "Milvus Lite does not build (restore with useAutoIndex, or without restoreIndex)"
            )
