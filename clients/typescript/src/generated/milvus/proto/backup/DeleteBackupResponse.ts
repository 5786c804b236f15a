// Original file: proto/milvus/backup/backup.proto

import type { ResponseCode as _milvus_proto_backup_ResponseCode, ResponseCode__Output as _milvus_proto_backup_ResponseCode__Output } from '../../../milvus/proto/backup/ResponseCode';

export interface DeleteBackupResponse {
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
}

export interface DeleteBackupResponse__Output {
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
}
