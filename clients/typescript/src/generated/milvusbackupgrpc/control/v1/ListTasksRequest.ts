// Original file: proto/milvus_backup_grpc/control/v1/control.proto

import type { TaskKind as _milvusbackupgrpc_control_v1_TaskKind, TaskKind__Output as _milvusbackupgrpc_control_v1_TaskKind__Output } from '../../../milvusbackupgrpc/control/v1/TaskKind';

export interface ListTasksRequest {
  'requestId'?: (string);
  'kind'?: (_milvusbackupgrpc_control_v1_TaskKind);
  /**
   * Also list tasks that ended (success, failed, cancelled); by default only running and
   * interrupted ones.
   */
  'include_finished'?: (boolean);
}

export interface ListTasksRequest__Output {
  'requestId': (string);
  'kind': (_milvusbackupgrpc_control_v1_TaskKind__Output);
  /**
   * Also list tasks that ended (success, failed, cancelled); by default only running and
   * interrupted ones.
   */
  'include_finished': (boolean);
}
