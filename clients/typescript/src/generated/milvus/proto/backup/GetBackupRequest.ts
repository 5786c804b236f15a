// Original file: proto/milvus/backup/backup.proto


export interface GetBackupRequest {
  /**
   * Caller's id for this request (a UUID is made up when empty).
   */
  'requestId'?: (string);
  /**
   * Backup to read; one of backup_name or backup_id is required.
   */
  'backup_name'?: (string);
  /**
   * Id of a backup task, for polling an async CreateBackup (known only to the server that
   * runs it).
   */
  'backup_id'?: (string);
  /**
   * Together with path, reads from this bucket/root instead of the configured one.
   */
  'bucket_name'?: (string);
  /**
   * Together with bucket_name, reads from this root instead of the configured one.
   */
  'path'?: (string);
  /**
   * Leave partitions out of the response; enough for a listing or a progress bar.
   */
  'without_detail'?: (boolean);
}

export interface GetBackupRequest__Output {
  /**
   * Caller's id for this request (a UUID is made up when empty).
   */
  'requestId': (string);
  /**
   * Backup to read; one of backup_name or backup_id is required.
   */
  'backup_name': (string);
  /**
   * Id of a backup task, for polling an async CreateBackup (known only to the server that
   * runs it).
   */
  'backup_id': (string);
  /**
   * Together with path, reads from this bucket/root instead of the configured one.
   */
  'bucket_name': (string);
  /**
   * Together with bucket_name, reads from this root instead of the configured one.
   */
  'path': (string);
  /**
   * Leave partitions out of the response; enough for a listing or a progress bar.
   */
  'without_detail': (boolean);
}
