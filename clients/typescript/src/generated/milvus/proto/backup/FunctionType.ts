// Original file: proto/milvus/backup/backup.proto

export const FunctionType = {
  Unknown: 0,
  BM25: 1,
  TextEmbedding: 2,
} as const;

export type FunctionType =
  | 'Unknown'
  | 0
  | 'BM25'
  | 1
  | 'TextEmbedding'
  | 2

export type FunctionType__Output = typeof FunctionType[keyof typeof FunctionType]
