// Original file: proto/milvus_backup_grpc/control/v1/control.proto

import type { ResponseCode as _milvus_proto_backup_ResponseCode, ResponseCode__Output as _milvus_proto_backup_ResponseCode__Output } from '../../../milvus/proto/backup/ResponseCode';
import type { TaskInfo as _milvusbackupgrpc_control_v1_TaskInfo, TaskInfo__Output as _milvusbackupgrpc_control_v1_TaskInfo__Output } from '../../../milvusbackupgrpc/control/v1/TaskInfo';

export interface ResumeTaskResponse {
  'requestId'?: (string);
  'code'?: (_milvus_proto_backup_ResponseCode);
  'msg'?: (string);
  /**
   * The task after the request (also set when the request is refused because the task
   * already ended, or runs in a live process).
   */
  'data'?: (_milvusbackupgrpc_control_v1_TaskInfo | null);
}

export interface ResumeTaskResponse__Output {
  'requestId': (string);
  'code': (_milvus_proto_backup_ResponseCode__Output);
  'msg': (string);
  /**
   * The task after the request (also set when the request is refused because the task
   * already ended, or runs in a live process).
   */
  'data': (_milvusbackupgrpc_control_v1_TaskInfo__Output | null);
}
