// Original file: proto/milvus_backup_grpc/control/v1/control.proto

import type { TaskKind as _milvusbackupgrpc_control_v1_TaskKind, TaskKind__Output as _milvusbackupgrpc_control_v1_TaskKind__Output } from '../../../milvusbackupgrpc/control/v1/TaskKind';
import type { TaskState as _milvusbackupgrpc_control_v1_TaskState, TaskState__Output as _milvusbackupgrpc_control_v1_TaskState__Output } from '../../../milvusbackupgrpc/control/v1/TaskState';
import type { TaskOwner as _milvusbackupgrpc_control_v1_TaskOwner, TaskOwner__Output as _milvusbackupgrpc_control_v1_TaskOwner__Output } from '../../../milvusbackupgrpc/control/v1/TaskOwner';
import type { Long } from '@grpc/proto-loader';

export interface TaskInfo {
  'kind'?: (_milvusbackupgrpc_control_v1_TaskKind);
  'task_id'?: (string);
  'backup_name'?: (string);
  'state'?: (_milvusbackupgrpc_control_v1_TaskState);
  /**
   * What the task is doing now, in words ("copying binlogs"); empty when not known.
   */
  'phase'?: (string);
  'owner'?: (_milvusbackupgrpc_control_v1_TaskOwner | null);
  /**
   * Unix times in milliseconds; end_time_ms is 0 while the task runs.
   */
  'start_time_ms'?: (number | string | Long);
  'end_time_ms'?: (number | string | Long);
  /**
   * 0 when not known (a task recorded by another process).
   */
  'bytes_done'?: (number | string | Long);
  'bytes_total'?: (number | string | Long);
  'objects_done'?: (number | string | Long);
  'objects_total'?: (number | string | Long);
  /**
   * Average bytes per second since the task started; 0 when not known.
   */
  'rate_bytes_per_second'?: (number | string);
  /**
   * Seconds left at that rate; 0 once the task ended, -1 when not known.
   */
  'eta_seconds'?: (number | string | Long);
  'error_message'?: (string);
  /**
   * A cancel was asked for and the task has not ended yet.
   */
  'cancel_requested'?: (boolean);
  /**
   * The wire-style progress percentage (0..100).
   */
  'progress'?: (number);
}

export interface TaskInfo__Output {
  'kind': (_milvusbackupgrpc_control_v1_TaskKind__Output);
  'task_id': (string);
  'backup_name': (string);
  'state': (_milvusbackupgrpc_control_v1_TaskState__Output);
  /**
   * What the task is doing now, in words ("copying binlogs"); empty when not known.
   */
  'phase': (string);
  'owner': (_milvusbackupgrpc_control_v1_TaskOwner__Output | null);
  /**
   * Unix times in milliseconds; end_time_ms is 0 while the task runs.
   */
  'start_time_ms': (string);
  'end_time_ms': (string);
  /**
   * 0 when not known (a task recorded by another process).
   */
  'bytes_done': (string);
  'bytes_total': (string);
  'objects_done': (string);
  'objects_total': (string);
  /**
   * Average bytes per second since the task started; 0 when not known.
   */
  'rate_bytes_per_second': (number);
  /**
   * Seconds left at that rate; 0 once the task ended, -1 when not known.
   */
  'eta_seconds': (string);
  'error_message': (string);
  /**
   * A cancel was asked for and the task has not ended yet.
   */
  'cancel_requested': (boolean);
  /**
   * The wire-style progress percentage (0..100).
   */
  'progress': (number);
}
