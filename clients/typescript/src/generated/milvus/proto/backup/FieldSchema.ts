// Original file: proto/milvus/backup/backup.proto

import type { DataType as _milvus_proto_backup_DataType, DataType__Output as _milvus_proto_backup_DataType__Output } from '../../../milvus/proto/backup/DataType';
import type { KeyValuePair as _milvus_proto_backup_KeyValuePair, KeyValuePair__Output as _milvus_proto_backup_KeyValuePair__Output } from '../../../milvus/proto/backup/KeyValuePair';
import type { FieldState as _milvus_proto_backup_FieldState, FieldState__Output as _milvus_proto_backup_FieldState__Output } from '../../../milvus/proto/backup/FieldState';
import type { ValueField as _milvus_proto_backup_ValueField, ValueField__Output as _milvus_proto_backup_ValueField__Output } from '../../../milvus/proto/backup/ValueField';
import type { Long } from '@grpc/proto-loader';

export interface FieldSchema {
  'fieldID'?: (number | string | Long);
  'name'?: (string);
  'is_primary_key'?: (boolean);
  'description'?: (string);
  'data_type'?: (_milvus_proto_backup_DataType);
  'type_params'?: (_milvus_proto_backup_KeyValuePair)[];
  'index_params'?: (_milvus_proto_backup_KeyValuePair)[];
  'autoID'?: (boolean);
  /**
   * Zero (FieldCreated) is also what old backups without the key mean.
   */
  'state'?: (_milvus_proto_backup_FieldState);
  /**
   * Element type of an Array field.
   */
  'element_type'?: (_milvus_proto_backup_DataType);
  /**
   * Never filled in meta JSON (see ValueField); read default_value_base64 instead.
   */
  'default_value'?: (_milvus_proto_backup_ValueField | null);
  /**
   * The hidden field that stores dynamic keys.
   */
  'is_dynamic'?: (boolean);
  'is_partition_key'?: (boolean);
  'nullable'?: (boolean);
  /**
   * ValueField bytes put straight into a JSON string by older versions; lossy on non-UTF-8.
   */
  'default_value_proto'?: (string);
  /**
   * Written by a function (e.g. BM25 sparse output) rather than by the user.
   */
  'is_function_output'?: (boolean);
  /**
   * Standard base64 of the serialized ValueField; preferred over default_value_proto.
   */
  'default_value_base64'?: (string);
  /**
   * Not upstream at 7125dcc (fields from 1000 on are this service's own). The field that
   * orders a collection's data for clustering compaction (Milvus 2.4+).
   */
  'is_clustering_key'?: (boolean);
}

export interface FieldSchema__Output {
  'fieldID': (string);
  'name': (string);
  'is_primary_key': (boolean);
  'description': (string);
  'data_type': (_milvus_proto_backup_DataType__Output);
  'type_params': (_milvus_proto_backup_KeyValuePair__Output)[];
  'index_params': (_milvus_proto_backup_KeyValuePair__Output)[];
  'autoID': (boolean);
  /**
   * Zero (FieldCreated) is also what old backups without the key mean.
   */
  'state': (_milvus_proto_backup_FieldState__Output);
  /**
   * Element type of an Array field.
   */
  'element_type': (_milvus_proto_backup_DataType__Output);
  /**
   * Never filled in meta JSON (see ValueField); read default_value_base64 instead.
   */
  'default_value': (_milvus_proto_backup_ValueField__Output | null);
  /**
   * The hidden field that stores dynamic keys.
   */
  'is_dynamic': (boolean);
  'is_partition_key': (boolean);
  'nullable': (boolean);
  /**
   * ValueField bytes put straight into a JSON string by older versions; lossy on non-UTF-8.
   */
  'default_value_proto': (string);
  /**
   * Written by a function (e.g. BM25 sparse output) rather than by the user.
   */
  'is_function_output': (boolean);
  /**
   * Standard base64 of the serialized ValueField; preferred over default_value_proto.
   */
  'default_value_base64': (string);
  /**
   * Not upstream at 7125dcc (fields from 1000 on are this service's own). The field that
   * orders a collection's data for clustering compaction (Milvus 2.4+).
   */
  'is_clustering_key': (boolean);
}
