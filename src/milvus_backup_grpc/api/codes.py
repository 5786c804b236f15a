"""The one table from engine errors to upstream's response codes."""

from __future__ import annotations

from ..errors import BackupError, NotFoundError, RequestError
from ..pb import backup_pb2 as pb

# First match wins, so subclasses come before their parents.
_CODES: tuple[tuple[type[BackupError], pb.ResponseCode], ...] = (
    (NotFoundError, pb.Request_Object_Not_Found),
    (RequestError, pb.Parameter_Error),  # ConflictError included: the caller must change it
    (BackupError, pb.Fail),
)


def code_for(error: BaseException) -> pb.ResponseCode:
    """The ResponseCode for an error; anything unexpected is a plain Fail."""
    for kind, code in _CODES:
        if isinstance(error, kind):
            return code
    return pb.Fail
