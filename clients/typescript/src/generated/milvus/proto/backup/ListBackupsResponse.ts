// Original file: proto/milvus/backup/backup.proto

import type { ResponseCode as _milvus_proto_backup_ResponseCode, ResponseCode__Output as _milvus_proto_backup_ResponseCode__Output } from '../../../milvus/proto/backup/ResponseCode';
import type { BackupInfo as _milvus_proto_backup_BackupInfo, BackupInfo__Output as _milvus_proto_backup_BackupInfo__Output } from '../../../milvus/proto/backup/BackupInfo';

export interface ListBackupsResponse {
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
   * One entry per backup found. Not omitted from JSON: null when empty.
   */
  'data'?: (_milvus_proto_backup_BackupInfo)[];
}

export interface ListBackupsResponse__Output {
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
   * One entry per backup found. Not omitted from JSON: null when empty.
   */
  'data': (_milvus_proto_backup_BackupInfo__Output)[];
}
