// Original file: proto/milvus/backup/backup.proto

import type { KeyValuePair as _milvus_proto_backup_KeyValuePair, KeyValuePair__Output as _milvus_proto_backup_KeyValuePair__Output } from '../../../milvus/proto/backup/KeyValuePair';
import type { Long } from '@grpc/proto-loader';

export interface DatabaseBackupInfo {
  'db_name'?: (string);
  'db_id'?: (number | string | Long);
  'properties'?: (_milvus_proto_backup_KeyValuePair)[];
}

export interface DatabaseBackupInfo__Output {
  'db_name': (string);
  'db_id': (string);
  'properties': (_milvus_proto_backup_KeyValuePair__Output)[];
}
