// Original file: proto/milvus/backup/backup.proto

import type { Long } from '@grpc/proto-loader';

/**
 * A scalar default value. Go's encoding/json cannot round-trip a oneof, so meta JSON carries
 * it serialized in FieldSchema.default_value_proto / default_value_base64 instead.
 */
export interface ValueField {
  'bool_data'?: (boolean);
  'int_data'?: (number);
  'long_data'?: (number | string | Long);
  'float_data'?: (number | string);
  'double_data'?: (number | string);
  'string_data'?: (string);
  'bytes_data'?: (Buffer | Uint8Array | string);
  'data'?: "bool_data"|"int_data"|"long_data"|"float_data"|"double_data"|"string_data"|"bytes_data";
}

/**
 * A scalar default value. Go's encoding/json cannot round-trip a oneof, so meta JSON carries
 * it serialized in FieldSchema.default_value_proto / default_value_base64 instead.
 */
export interface ValueField__Output {
  'bool_data'?: (boolean);
  'int_data'?: (number);
  'long_data'?: (string);
  'float_data'?: (number);
  'double_data'?: (number);
  'string_data'?: (string);
  'bytes_data'?: (Buffer);
  'data'?: "bool_data"|"int_data"|"long_data"|"float_data"|"double_data"|"string_data"|"bytes_data";
}
