// Original file: proto/milvus/backup/backup.proto

import type { ResponseCode as _milvus_proto_backup_ResponseCode, ResponseCode__Output as _milvus_proto_backup_ResponseCode__Output } from '../../../milvus/proto/backup/ResponseCode';

export interface CheckResponse {
  /**
   * Success when every dependency answered.
   */
  'code'?: (_milvus_proto_backup_ResponseCode);
  /**
   * What was checked, or what failed.
   */
  'msg'?: (string);
}

export interface CheckResponse__Output {
  /**
   * Success when every dependency answered.
   */
  'code': (_milvus_proto_backup_ResponseCode__Output);
  /**
   * What was checked, or what failed.
   */
  'msg': (string);
}
