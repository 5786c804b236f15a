// Original file: proto/milvus_backup_grpc/control/v1/control.proto

import type { Policy as _milvusbackupgrpc_control_v1_Policy, Policy__Output as _milvusbackupgrpc_control_v1_Policy__Output } from '../../../milvusbackupgrpc/control/v1/Policy';

export interface CreatePolicyRequest {
  'requestId'?: (string);
  'policy'?: (_milvusbackupgrpc_control_v1_Policy | null);
}

export interface CreatePolicyRequest__Output {
  'requestId': (string);
  'policy': (_milvusbackupgrpc_control_v1_Policy__Output | null);
}
