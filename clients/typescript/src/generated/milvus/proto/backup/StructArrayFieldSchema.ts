// Original file: proto/milvus/backup/backup.proto

import type { FieldSchema as _milvus_proto_backup_FieldSchema, FieldSchema__Output as _milvus_proto_backup_FieldSchema__Output } from '../../../milvus/proto/backup/FieldSchema';
import type { Long } from '@grpc/proto-loader';

/**
 * A struct-array field: a list of structs whose members are themselves fields.
 */
export interface StructArrayFieldSchema {
  'fieldID'?: (number | string | Long);
  'name'?: (string);
  'description'?: (string);
  'fields'?: (_milvus_proto_backup_FieldSchema)[];
}

/**
 * A struct-array field: a list of structs whose members are themselves fields.
 */
export interface StructArrayFieldSchema__Output {
  'fieldID': (string);
  'name': (string);
  'description': (string);
  'fields': (_milvus_proto_backup_FieldSchema__Output)[];
}
