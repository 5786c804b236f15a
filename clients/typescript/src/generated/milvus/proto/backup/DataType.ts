// Original file: proto/milvus/backup/backup.proto

/**
 * Data type of a field. Gaps in the numbering are Milvus' own (scalars < 100 <= vectors).
 */
export const DataType = {
  None: 0,
  Bool: 1,
  Int8: 2,
  Int16: 3,
  Int32: 4,
  Int64: 5,
  Float: 10,
  Double: 11,
  String: 20,
  /**
   * String with a max_length type param.
   */
  VarChar: 21,
  Array: 22,
  JSON: 23,
  Geometry: 24,
  Text: 25,
  Timestamptz: 26,
  BinaryVector: 100,
  FloatVector: 101,
  Float16Vector: 102,
  BFloat16Vector: 103,
  SparseFloatVector: 104,
  Int8Vector: 105,
  ArrayOfVector: 106,
  /**
   * Used inside Milvus for struct-array fields; not offered to users directly.
   */
  ArrayOfStruct: 200,
  Struct: 201,
} as const;

/**
 * Data type of a field. Gaps in the numbering are Milvus' own (scalars < 100 <= vectors).
 */
export type DataType =
  | 'None'
  | 0
  | 'Bool'
  | 1
  | 'Int8'
  | 2
  | 'Int16'
  | 3
  | 'Int32'
  | 4
  | 'Int64'
  | 5
  | 'Float'
  | 10
  | 'Double'
  | 11
  | 'String'
  | 20
  /**
   * String with a max_length type param.
   */
  | 'VarChar'
  | 21
  | 'Array'
  | 22
  | 'JSON'
  | 23
  | 'Geometry'
  | 24
  | 'Text'
  | 25
  | 'Timestamptz'
  | 26
  | 'BinaryVector'
  | 100
  | 'FloatVector'
  | 101
  | 'Float16Vector'
  | 102
  | 'BFloat16Vector'
  | 103
  | 'SparseFloatVector'
  | 104
  | 'Int8Vector'
  | 105
  | 'ArrayOfVector'
  | 106
  /**
   * Used inside Milvus for struct-array fields; not offered to users directly.
   */
  | 'ArrayOfStruct'
  | 200
  | 'Struct'
  | 201

/**
 * Data type of a field. Gaps in the numbering are Milvus' own (scalars < 100 <= vectors).
 */
export type DataType__Output = typeof DataType[keyof typeof DataType]
