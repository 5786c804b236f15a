// Original file: proto/milvus/backup/backup.proto

/**
 * Lifecycle of a backup task; written as an integer in the meta JSON.
 */
export const BackupTaskStateCode = {
  BACKUP_INITIAL: 0,
  BACKUP_EXECUTING: 1,
  BACKUP_SUCCESS: 2,
  BACKUP_FAIL: 3,
  BACKUP_TIMEOUT: 4,
} as const;

/**
 * Lifecycle of a backup task; written as an integer in the meta JSON.
 */
export type BackupTaskStateCode =
  | 'BACKUP_INITIAL'
  | 0
  | 'BACKUP_EXECUTING'
  | 1
  | 'BACKUP_SUCCESS'
  | 2
  | 'BACKUP_FAIL'
  | 3
  | 'BACKUP_TIMEOUT'
  | 4

/**
 * Lifecycle of a backup task; written as an integer in the meta JSON.
 */
export type BackupTaskStateCode__Output = typeof BackupTaskStateCode[keyof typeof BackupTaskStateCode]
