// Original file: proto/milvus/backup/backup.proto

import type { Binlog as _milvus_proto_backup_Binlog, Binlog__Output as _milvus_proto_backup_Binlog__Output } from '../../../milvus/proto/backup/Binlog';
import type { Long } from '@grpc/proto-loader';

/**
 * Binlog files of one field of a segment (delta logs use fieldID 0).
 */
export interface FieldBinlog {
  'fieldID'?: (number | string | Long);
  'binlogs'?: (_milvus_proto_backup_Binlog)[];
}

/**
 * Binlog files of one field of a segment (delta logs use fieldID 0).
 */
export interface FieldBinlog__Output {
  'fieldID': (string);
  'binlogs': (_milvus_proto_backup_Binlog__Output)[];
}
