// Original file: proto/milvus_backup_grpc/control/v1/control.proto

import type { ResponseCode as _milvus_proto_backup_ResponseCode, ResponseCode__Output as _milvus_proto_backup_ResponseCode__Output } from '../../../milvus/proto/backup/ResponseCode';

export interface DeletePolicyResponse {
  'requestId'?: (string);
  'code'?: (_milvus_proto_backup_ResponseCode);
  'msg'?: (string);
}

export interface DeletePolicyResponse__Output {
  'requestId': (string);
  'code': (_milvus_proto_backup_ResponseCode__Output);
  'msg': (string);
}
