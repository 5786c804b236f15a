// Original file: proto/milvus/backup/backup.proto

import type { FieldSchema as _milvus_proto_backup_FieldSchema, FieldSchema__Output as _milvus_proto_backup_FieldSchema__Output } from '../../../milvus/proto/backup/FieldSchema';
import type { KeyValuePair as _milvus_proto_backup_KeyValuePair, KeyValuePair__Output as _milvus_proto_backup_KeyValuePair__Output } from '../../../milvus/proto/backup/KeyValuePair';
import type { FunctionSchema as _milvus_proto_backup_FunctionSchema, FunctionSchema__Output as _milvus_proto_backup_FunctionSchema__Output } from '../../../milvus/proto/backup/FunctionSchema';
import type { StructArrayFieldSchema as _milvus_proto_backup_StructArrayFieldSchema, StructArrayFieldSchema__Output as _milvus_proto_backup_StructArrayFieldSchema__Output } from '../../../milvus/proto/backup/StructArrayFieldSchema';

export interface CollectionSchema {
  'name'?: (string);
  'description'?: (string);
  /**
   * Collection-level flag kept for old readers; FieldSchema.autoID is what counts.
   */
  'autoID'?: (boolean);
  'fields'?: (_milvus_proto_backup_FieldSchema)[];
  /**
   * Whether rows may carry keys outside the schema (kept in the $meta field).
   */
  'enable_dynamic_field'?: (boolean);
  'properties'?: (_milvus_proto_backup_KeyValuePair)[];
  'functions'?: (_milvus_proto_backup_FunctionSchema)[];
  /**
   * Number 8 is not used.
   */
  'struct_array_fields'?: (_milvus_proto_backup_StructArrayFieldSchema)[];
}

export interface CollectionSchema__Output {
  'name': (string);
  'description': (string);
  /**
   * Collection-level flag kept for old readers; FieldSchema.autoID is what counts.
   */
  'autoID': (boolean);
  'fields': (_milvus_proto_backup_FieldSchema__Output)[];
  /**
   * Whether rows may carry keys outside the schema (kept in the $meta field).
   */
  'enable_dynamic_field': (boolean);
  'properties': (_milvus_proto_backup_KeyValuePair__Output)[];
  'functions': (_milvus_proto_backup_FunctionSchema__Output)[];
  /**
   * Number 8 is not used.
   */
  'struct_array_fields': (_milvus_proto_backup_StructArrayFieldSchema__Output)[];
}
