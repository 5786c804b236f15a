"""Where a backup's objects live and how its metadata is encoded (upstream-compatible)."""
