"""The backup engine: one API (``service.BackupService``) that every transport calls."""
