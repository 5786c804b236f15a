// Original file: proto/milvus/backup/backup.proto

import type { ResponseCode as _milvus_proto_backup_ResponseCode, ResponseCode__Output as _milvus_proto_backup_ResponseCode__Output } from '../../../milvus/proto/backup/ResponseCode';
import type { BackupInfo as _milvus_proto_backup_BackupInfo, BackupInfo__Output as _milvus_proto_backup_BackupInfo__Output } from '../../../milvus/proto/backup/BackupInfo';

export interface BackupInfoResponse {
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
   * The backup (or backup task). Not omitted from JSON: null when absent.
   */
  'data'?: (_milvus_proto_backup_BackupInfo | null);
}

export interface BackupInfoResponse__Output {
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
   * The backup (or backup task). Not omitted from JSON: null when absent.
   */
  'data': (_milvus_proto_backup_BackupInfo__Output | null);
}
