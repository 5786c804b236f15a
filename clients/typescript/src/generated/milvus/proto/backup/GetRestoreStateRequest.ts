// Original file: proto/milvus/backup/backup.proto


export interface GetRestoreStateRequest {
  /**
   * Caller's id for this request (a UUID is made up when empty).
   */
  'requestId'?: (string);
  /**
   * Restore task to read.
   */
  'id'?: (string);
}

export interface GetRestoreStateRequest__Output {
  /**
   * Caller's id for this request (a UUID is made up when empty).
   */
  'requestId': (string);
  /**
   * Restore task to read.
   */
  'id': (string);
}
