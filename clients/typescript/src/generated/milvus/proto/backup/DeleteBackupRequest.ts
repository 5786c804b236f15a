// Original file: proto/milvus/backup/backup.proto


export interface DeleteBackupRequest {
  /**
   * Caller's id for this request (a UUID is made up when empty).
   */
  'requestId'?: (string);
  /**
   * Backup to delete.
   */
  'backup_name'?: (string);
}

export interface DeleteBackupRequest__Output {
  /**
   * Caller's id for this request (a UUID is made up when empty).
   */
  'requestId': (string);
  /**
   * Backup to delete.
   */
  'backup_name': (string);
}
