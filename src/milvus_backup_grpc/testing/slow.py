"""Local storage that writes slowly, so a test can watch (or cancel) a backup mid-copy.

A backup of a small sample collection copies a few dozen objects in well under a second;
with a pause before each copy it runs for as long as a test needs to see its bytes grow.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from ..config import StorageConfig
from ..storage.base import Checksum, ObjectStorage
from ..storage.local import LocalStorage


class SlowLocalStorage(LocalStorage):
    """LocalStorage that waits ``seconds`` before each object copied into it."""

    def __init__(self, root: str, seconds: float) -> None:
        super().__init__(root)
        self.seconds = seconds

    def copy_from(self, source: ObjectStorage, src_key: str, dst_key: str) -> Checksum | None:
        """Wait, then copy as LocalStorage does."""
        time.sleep(self.seconds)
        return super().copy_from(source, src_key, dst_key)


def slow_local_storage(seconds: float) -> Callable[[StorageConfig], ObjectStorage]:
    """A ``storage_factory`` for BackupService: local storage that copies slowly."""

    def make(config: StorageConfig) -> ObjectStorage:
        return SlowLocalStorage(".", seconds)

    return make
