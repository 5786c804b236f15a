// Original file: proto/milvus_backup_grpc/control/v1/control.proto

export const TaskState = {
  TASK_STATE_UNSPECIFIED: 0,
  TASK_STATE_RUNNING: 1,
  /**
   * Its record says it runs, but no process runs it any more.
   */
  TASK_STATE_INTERRUPTED: 2,
  TASK_STATE_SUCCESS: 3,
  TASK_STATE_FAILED: 4,
  TASK_STATE_CANCELLED: 5,
} as const;

export type TaskState =
  | 'TASK_STATE_UNSPECIFIED'
  | 0
  | 'TASK_STATE_RUNNING'
  | 1
  /**
   * Its record says it runs, but no process runs it any more.
   */
  | 'TASK_STATE_INTERRUPTED'
  | 2
  | 'TASK_STATE_SUCCESS'
  | 3
  | 'TASK_STATE_FAILED'
  | 4
  | 'TASK_STATE_CANCELLED'
  | 5

export type TaskState__Output = typeof TaskState[keyof typeof TaskState]
