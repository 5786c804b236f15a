// Original file: proto/milvus/backup/backup.proto

import type { FieldBinlog as _milvus_proto_backup_FieldBinlog, FieldBinlog__Output as _milvus_proto_backup_FieldBinlog__Output } from '../../../milvus/proto/backup/FieldBinlog';
import type { Long } from '@grpc/proto-loader';

/**
 * What a backup needs to know about one sealed segment (a trimmed-down datapb.SegmentInfo).
 */
export interface SegmentBackupInfo {
  'segment_id'?: (number | string | Long);
  'collection_id'?: (number | string | Long);
  /**
   * -1 for an L0 segment that applies to every partition.
   */
  'partition_id'?: (number | string | Long);
  'num_of_rows'?: (number | string | Long);
  'binlogs'?: (_milvus_proto_backup_FieldBinlog)[];
  /**
   * Always empty: stats logs are not backed up.
   * @deprecated
   */
  'statslogs'?: (_milvus_proto_backup_FieldBinlog)[];
  'deltalogs'?: (_milvus_proto_backup_FieldBinlog)[];
  /**
   * Bytes of insert plus delta files. Not omitted from JSON meta.
   */
  'size'?: (number | string | Long);
  /**
   * A virtual partition so each segment can be imported on its own: bulk insert takes a
   * partition-shaped path prefix, and giving each group its own prefix lets one import call
   * carry several segments without mixing them.
   */
  'group_id'?: (number | string | Long);
  /**
   * Progress marker of old versions (copied or not); no longer used.
   */
  'backuped'?: (boolean);
  'is_l0'?: (boolean);
  /**
   * Needed by truncateBinlogByTs to find the segment's channel checkpoint.
   */
  'v_channel'?: (string);
  /**
   * Milvus storage format version of the segment (2 = storage v2 on Milvus 2.6).
   */
  'storage_version'?: (number | string | Long);
}

/**
 * What a backup needs to know about one sealed segment (a trimmed-down datapb.SegmentInfo).
 */
export interface SegmentBackupInfo__Output {
  'segment_id': (string);
  'collection_id': (string);
  /**
   * -1 for an L0 segment that applies to every partition.
   */
  'partition_id': (string);
  'num_of_rows': (string);
  'binlogs': (_milvus_proto_backup_FieldBinlog__Output)[];
  /**
   * Always empty: stats logs are not backed up.
   * @deprecated
   */
  'statslogs': (_milvus_proto_backup_FieldBinlog__Output)[];
  'deltalogs': (_milvus_proto_backup_FieldBinlog__Output)[];
  /**
   * Bytes of insert plus delta files. Not omitted from JSON meta.
   */
  'size': (string);
  /**
   * A virtual partition so each segment can be imported on its own: bulk insert takes a
   * partition-shaped path prefix, and giving each group its own prefix lets one import call
   * carry several segments without mixing them.
   */
  'group_id': (string);
  /**
   * Progress marker of old versions (copied or not); no longer used.
   */
  'backuped': (boolean);
  'is_l0': (boolean);
  /**
   * Needed by truncateBinlogByTs to find the segment's channel checkpoint.
   */
  'v_channel': (string);
  /**
   * Milvus storage format version of the segment (2 = storage v2 on Milvus 2.6).
   */
  'storage_version': (string);
}
