// Original file: proto/milvus_backup_grpc/control/v1/control.proto

export const TaskKind = {
  /**
   * in a request: any kind
   */
  TASK_KIND_UNSPECIFIED: 0,
  TASK_KIND_BACKUP: 1,
  TASK_KIND_RESTORE: 2,
} as const;

export type TaskKind =
  /**
   * in a request: any kind
   */
  | 'TASK_KIND_UNSPECIFIED'
  | 0
  | 'TASK_KIND_BACKUP'
  | 1
  | 'TASK_KIND_RESTORE'
  | 2

export type TaskKind__Output = typeof TaskKind[keyof typeof TaskKind]
