// Original file: proto/milvus/backup/backup.proto

import type { FunctionType as _milvus_proto_backup_FunctionType, FunctionType__Output as _milvus_proto_backup_FunctionType__Output } from '../../../milvus/proto/backup/FunctionType';
import type { KeyValuePair as _milvus_proto_backup_KeyValuePair, KeyValuePair__Output as _milvus_proto_backup_KeyValuePair__Output } from '../../../milvus/proto/backup/KeyValuePair';
import type { Long } from '@grpc/proto-loader';

export interface FunctionSchema {
  'name'?: (string);
  'id'?: (number | string | Long);
  'description'?: (string);
  'type'?: (_milvus_proto_backup_FunctionType);
  'input_field_names'?: (string)[];
  'input_field_ids'?: (number | string | Long)[];
  'output_field_names'?: (string)[];
  'output_field_ids'?: (number | string | Long)[];
  'params'?: (_milvus_proto_backup_KeyValuePair)[];
}

export interface FunctionSchema__Output {
  'name': (string);
  'id': (string);
  'description': (string);
  'type': (_milvus_proto_backup_FunctionType__Output);
  'input_field_names': (string)[];
  'input_field_ids': (string)[];
  'output_field_names': (string)[];
  'output_field_ids': (string)[];
  'params': (_milvus_proto_backup_KeyValuePair__Output)[];
}
