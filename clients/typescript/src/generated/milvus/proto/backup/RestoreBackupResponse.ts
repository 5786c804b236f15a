// Original file: proto/milvus/backup/backup.proto

import type { ResponseCode as _milvus_proto_backup_ResponseCode, ResponseCode__Output as _milvus_proto_backup_ResponseCode__Output } from '../../../milvus/proto/backup/ResponseCode';
import type { RestoreBackupTaskResponse as _milvus_proto_backup_RestoreBackupTaskResponse, RestoreBackupTaskResponse__Output as _milvus_proto_backup_RestoreBackupTaskResponse__Output } from '../../../milvus/proto/backup/RestoreBackupTaskResponse';

export interface RestoreBackupResponse {
  /**
   * requestId of the request this answers.
   */
  'requestId'?: (string);
  /**
   * Success, or why the call failed.
   */
  'code'?: (_milvus_proto_backup_ResponseCode);
  /**
   * Human-readable error text when code is not Success.
   */
  'msg'?: (string);
  /**
   * The restore task. Not omitted from JSON: null when absent.
   */
  'data'?: (_milvus_proto_backup_RestoreBackupTaskResponse | null);
}

export interface RestoreBackupResponse__Output {
  /**
   * requestId of the request this answers.
   */
  'requestId': (string);
  /**
   * Success, or why the call failed.
   */
  'code': (_milvus_proto_backup_ResponseCode__Output);
  /**
   * Human-readable error text when code is not Success.
   */
  'msg': (string);
  /**
   * The restore task. Not omitted from JSON: null when absent.
   */
  'data': (_milvus_proto_backup_RestoreBackupTaskResponse__Output | null);
}
