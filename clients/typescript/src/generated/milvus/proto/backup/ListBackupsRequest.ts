// Original file: proto/milvus/backup/backup.proto


export interface ListBackupsRequest {
  /**
   * Caller's id for this request (a UUID is made up when empty).
   */
  'requestId'?: (string);
  /**
   * When set, list only backups that contain a collection of this name.
   */
  'collection_name'?: (string);
}

export interface ListBackupsRequest__Output {
  /**
   * Caller's id for this request (a UUID is made up when empty).
   */
  'requestId': (string);
  /**
   * When set, list only backups that contain a collection of this name.
   */
  'collection_name': (string);
}
