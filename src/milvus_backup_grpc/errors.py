"""Errors raised by milvus-backup-grpc.

Every error the engine raises is a ``BackupError``; third-party errors (grpc from Milvus,
OSError, botocore) are translated once, where the adapter meets them, and chained with
``from``. The transports map each branch to a response code in one table
(``api/codes.py``)::

    BackupError
    ├── ConfigError            the configuration cannot be used
    ├── RequestError           the caller asked for something invalid (Parameter_Error)
    │   └── ConflictError      valid, but clashes with what exists or runs now
    ├── NotFoundError          no such backup, task or collection (Request_Object_Not_Found)
    ├── StorageError           object storage failed or holds something unexpected
    ├── MilvusError            Milvus refused or failed a call
    ├── LayoutError            a backup's metadata cannot be read or is inconsistent
    └── TaskError              a task failed or was interrupted
        └── TaskCancelled      a task stopped because it was asked to (cancel_task)
"""

from __future__ import annotations


class BackupError(Exception):
    """Root of every error the engine raises; the message tells a person what to do."""


class ConfigError(BackupError):
    """The configuration is invalid or names something unsupported."""


class RequestError(BackupError):
    """The request itself is invalid (bad name, malformed filter, contradictory flags)."""


class ConflictError(RequestError):
    """The request is well-formed but clashes with existing state (name taken, target exists)."""


class NotFoundError(BackupError):
    """The backup, task or collection the request names does not exist."""


class StorageError(BackupError):
    """Object storage failed, or holds something other than what the backup expects."""


class MilvusError(BackupError):
    """Milvus refused or failed a call."""


class LayoutError(BackupError):
    """A backup's metadata is missing, unreadable or inconsistent."""


class TaskError(BackupError):
    """A backup or restore task failed or was interrupted."""


class TaskCancelled(TaskError):
    """A task stopped early because it was asked to (``BackupService.cancel_task``)."""
