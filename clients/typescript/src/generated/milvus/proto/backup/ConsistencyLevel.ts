// Original file: proto/milvus/backup/backup.proto

export const ConsistencyLevel = {
  Strong: 0,
  /**
   * PyMilvus' default.
   */
  Session: 1,
  Bounded: 2,
  Eventually: 3,
  /**
   * The caller supplies its own guarantee timestamp.
   */
  Customized: 4,
} as const;

export type ConsistencyLevel =
  | 'Strong'
  | 0
  /**
   * PyMilvus' default.
   */
  | 'Session'
  | 1
  | 'Bounded'
  | 2
  | 'Eventually'
  | 3
  /**
   * The caller supplies its own guarantee timestamp.
   */
  | 'Customized'
  | 4

export type ConsistencyLevel__Output = typeof ConsistencyLevel[keyof typeof ConsistencyLevel]
