"""Every engine error becomes one of upstream's ResponseCodes, from a single table."""

from __future__ import annotations

import pytest

from milvus_backup_grpc.api.codes import code_for
from milvus_backup_grpc.errors import (
    BackupError,
    ConfigError,
    ConflictError,
    LayoutError,
    MilvusError,
    NotFoundError,
    RequestError,
    StorageError,
    TaskError,
)
from milvus_backup_grpc.pb import backup_pb2 as pb
from milvus_backup_grpc.storage.base import ObjectNotFound


def test_upstream_code_numbers() -> None:
    # REST clients compare these numbers; they come from upstream's ResponseCode enum.
    assert (pb.Success, pb.Fail, pb.Parameter_Error, pb.Request_Object_Not_Found) == (
        0,
        3,
        400,
        404,
    )


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (NotFoundError("backup 'x' not found"), 404),
        (RequestError("bad name"), 400),
        (ConflictError("backup 'x' already exists"), 400),
        (StorageError("bucket unreachable"), 3),
        (ObjectNotFound("key missing"), 3),
        (MilvusError("collection load failed"), 3),
        (LayoutError("full_meta.json unreadable"), 3),
        (TaskError("interrupted"), 3),
        (ConfigError("bad storageType"), 3),
        (BackupError("anything else"), 3),
        (Exception("unexpected"), 3),
        (ValueError("unexpected"), 3),
        (KeyboardInterrupt(), 3),
    ],
    ids=lambda v: type(v).__name__ if isinstance(v, BaseException) else str(v),
)
def test_code_for(error: BaseException, code: int) -> None:
    assert code_for(error) == code
