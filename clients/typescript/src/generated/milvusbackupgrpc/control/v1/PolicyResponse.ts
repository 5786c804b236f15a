// Original file: proto/milvus_backup_grpc/control/v1/control.proto

import type { ResponseCode as _milvus_proto_backup_ResponseCode, ResponseCode__Output as _milvus_proto_backup_ResponseCode__Output } from '../../../milvus/proto/backup/ResponseCode';
import type { PolicyStatus as _milvusbackupgrpc_control_v1_PolicyStatus, PolicyStatus__Output as _milvusbackupgrpc_control_v1_PolicyStatus__Output } from '../../../milvusbackupgrpc/control/v1/PolicyStatus';

export interface PolicyResponse {
  'requestId'?: (string);
  'code'?: (_milvus_proto_backup_ResponseCode);
  'msg'?: (string);
  'data'?: (_milvusbackupgrpc_control_v1_PolicyStatus | null);
}

export interface PolicyResponse__Output {
  'requestId': (string);
  'code': (_milvus_proto_backup_ResponseCode__Output);
  'msg': (string);
  'data': (_milvusbackupgrpc_control_v1_PolicyStatus__Output | null);
}
