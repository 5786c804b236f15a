// Original file: proto/milvus/backup/backup.proto

import type { SegmentBackupInfo as _milvus_proto_backup_SegmentBackupInfo, SegmentBackupInfo__Output as _milvus_proto_backup_SegmentBackupInfo__Output } from '../../../milvus/proto/backup/SegmentBackupInfo';
import type { Long } from '@grpc/proto-loader';

export interface PartitionBackupInfo {
  'partition_id'?: (number | string | Long);
  'partition_name'?: (string);
  'collection_id'?: (number | string | Long);
  'segment_backups'?: (_milvus_proto_backup_SegmentBackupInfo)[];
  /**
   * Not omitted from JSON meta.
   */
  'size'?: (number | string | Long);
  'load_state'?: (string);
}

export interface PartitionBackupInfo__Output {
  'partition_id': (string);
  'partition_name': (string);
  'collection_id': (string);
  'segment_backups': (_milvus_proto_backup_SegmentBackupInfo__Output)[];
  /**
   * Not omitted from JSON meta.
   */
  'size': (string);
  'load_state': (string);
}
