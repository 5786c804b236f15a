// Original file: proto/milvus_backup_grpc/control/v1/control.proto

import type { ResponseCode as _milvus_proto_backup_ResponseCode, ResponseCode__Output as _milvus_proto_backup_ResponseCode__Output } from '../../../milvus/proto/backup/ResponseCode';
import type { PolicyRun as _milvusbackupgrpc_control_v1_PolicyRun, PolicyRun__Output as _milvusbackupgrpc_control_v1_PolicyRun__Output } from '../../../milvusbackupgrpc/control/v1/PolicyRun';

export interface RunPolicyNowResponse {
  'requestId'?: (string);
  'code'?: (_milvus_proto_backup_ResponseCode);
  'msg'?: (string);
  'run'?: (_milvusbackupgrpc_control_v1_PolicyRun | null);
}

export interface RunPolicyNowResponse__Output {
  'requestId': (string);
  'code': (_milvus_proto_backup_ResponseCode__Output);
  'msg': (string);
  'run': (_milvusbackupgrpc_control_v1_PolicyRun__Output | null);
}
