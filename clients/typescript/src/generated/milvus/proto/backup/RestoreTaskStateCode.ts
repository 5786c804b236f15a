// Original file: proto/milvus/backup/backup.proto

/**
 * Lifecycle of a restore task. Enum values share the package scope, so SUCCESS and FAIL here
 * are distinct from ResponseCode's Success and Fail only by their case.
 */
export const RestoreTaskStateCode = {
  INITIAL: 0,
  EXECUTING: 1,
  SUCCESS: 2,
  FAIL: 3,
  TIMEOUT: 4,
} as const;

/**
 * Lifecycle of a restore task. Enum values share the package scope, so SUCCESS and FAIL here
 * are distinct from ResponseCode's Success and Fail only by their case.
 */
export type RestoreTaskStateCode =
  | 'INITIAL'
  | 0
  | 'EXECUTING'
  | 1
  | 'SUCCESS'
  | 2
  | 'FAIL'
  | 3
  | 'TIMEOUT'
  | 4

/**
 * Lifecycle of a restore task. Enum values share the package scope, so SUCCESS and FAIL here
 * are distinct from ResponseCode's Success and Fail only by their case.
 */
export type RestoreTaskStateCode__Output = typeof RestoreTaskStateCode[keyof typeof RestoreTaskStateCode]
