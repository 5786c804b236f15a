// Original file: proto/milvus/backup/backup.proto

import type { ResponseCode as _milvus_proto_backup_ResponseCode, ResponseCode__Output as _milvus_proto_backup_ResponseCode__Output } from '../../../milvus/proto/backup/ResponseCode';
import type { Long } from '@grpc/proto-loader';

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
  /**
   * Not upstream. Bytes the delete removed from backup storage: the backup's own objects
   * that no other kept backup references (and remains of earlier deleted backups that
   * nothing references any more).
   */
  'freed_bytes'?: (number | string | Long);
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
  /**
   * Not upstream. Bytes the delete removed from backup storage: the backup's own objects
   * that no other kept backup references (and remains of earlier deleted backups that
   * nothing references any more).
   */
  'freed_bytes': (string);
}
