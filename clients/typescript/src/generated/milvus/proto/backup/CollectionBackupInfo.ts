// Original file: proto/milvus/backup/backup.proto

import type { BackupTaskStateCode as _milvus_proto_backup_BackupTaskStateCode, BackupTaskStateCode__Output as _milvus_proto_backup_BackupTaskStateCode__Output } from '../../../milvus/proto/backup/BackupTaskStateCode';
import type { CollectionSchema as _milvus_proto_backup_CollectionSchema, CollectionSchema__Output as _milvus_proto_backup_CollectionSchema__Output } from '../../../milvus/proto/backup/CollectionSchema';
import type { ConsistencyLevel as _milvus_proto_backup_ConsistencyLevel, ConsistencyLevel__Output as _milvus_proto_backup_ConsistencyLevel__Output } from '../../../milvus/proto/backup/ConsistencyLevel';
import type { PartitionBackupInfo as _milvus_proto_backup_PartitionBackupInfo, PartitionBackupInfo__Output as _milvus_proto_backup_PartitionBackupInfo__Output } from '../../../milvus/proto/backup/PartitionBackupInfo';
import type { IndexInfo as _milvus_proto_backup_IndexInfo, IndexInfo__Output as _milvus_proto_backup_IndexInfo__Output } from '../../../milvus/proto/backup/IndexInfo';
import type { SegmentBackupInfo as _milvus_proto_backup_SegmentBackupInfo, SegmentBackupInfo__Output as _milvus_proto_backup_SegmentBackupInfo__Output } from '../../../milvus/proto/backup/SegmentBackupInfo';
import type { KeyValuePair as _milvus_proto_backup_KeyValuePair, KeyValuePair__Output as _milvus_proto_backup_KeyValuePair__Output } from '../../../milvus/proto/backup/KeyValuePair';
import type { SnapshotBackupInfo as _milvus_proto_backup_SnapshotBackupInfo, SnapshotBackupInfo__Output as _milvus_proto_backup_SnapshotBackupInfo__Output } from '../../../milvus/proto/backup/SnapshotBackupInfo';
import type { Long } from '@grpc/proto-loader';

export interface CollectionBackupInfo {
  /**
   * Id of the backup task this collection belongs to.
   */
  'id'?: (string);
  /**
   * Not omitted from JSON meta.
   */
  'state_code'?: (_milvus_proto_backup_BackupTaskStateCode);
  'errorMessage'?: (string);
  'start_time'?: (number | string | Long);
  'end_time'?: (number | string | Long);
  /**
   * Not omitted from JSON meta.
   */
  'progress'?: (number);
  'collection_id'?: (number | string | Long);
  'db_name'?: (string);
  'collection_name'?: (string);
  'schema'?: (_milvus_proto_backup_CollectionSchema | null);
  'shards_num'?: (number);
  'consistency_level'?: (_milvus_proto_backup_ConsistencyLevel);
  'partition_backups'?: (_milvus_proto_backup_PartitionBackupInfo)[];
  /**
   * Hybrid (TSO) timestamp: the latest channel checkpoint of the flush; 0 without a flush.
   */
  'backup_timestamp'?: (number | string | Long);
  /**
   * Bytes of data files. Not omitted from JSON meta.
   */
  'size'?: (number | string | Long);
  /**
   * Not omitted from JSON meta.
   */
  'has_index'?: (boolean);
  'index_infos'?: (_milvus_proto_backup_IndexInfo)[];
  /**
   * "NotLoad", "Loading" or "Loaded" at backup time, so restore can load it again.
   */
  'load_state'?: (string);
  /**
   * Wall-clock seal time of the flush, unix seconds.
   */
  'backup_physical_timestamp'?: (number | string | Long);
  /**
   * vchannel -> base64 of a serialized MsgPosition: where each channel was checkpointed.
   */
  'channel_checkpoints'?: ({[key: string]: string});
  /**
   * L0 delete segments that apply to every partition of the collection.
   */
  'l0_segments'?: (_milvus_proto_backup_SegmentBackupInfo)[];
  'properties'?: (_milvus_proto_backup_KeyValuePair)[];
  /**
   * Not upstream at 7125dcc (fields from 1000 on are this service's own). The collection's
   * aliases at backup time, recreated by restore. Upstream's newer releases keep them under
   * the same JSON key, so meta files of either read the same.
   */
  'aliases'?: (string)[];
  /**
   * Not upstream at 7125dcc. Set only in the snapshot format (BackupInfo.format "snapshot"):
   * where Milvus 3.0 exported the collection's bundle. Upstream's newer releases keep it
   * under the same JSON key (their field 29), so their snapshot readers read ours.
   */
  'snapshot_backup'?: (_milvus_proto_backup_SnapshotBackupInfo | null);
}

export interface CollectionBackupInfo__Output {
  /**
   * Id of the backup task this collection belongs to.
   */
  'id': (string);
  /**
   * Not omitted from JSON meta.
   */
  'state_code': (_milvus_proto_backup_BackupTaskStateCode__Output);
  'errorMessage': (string);
  'start_time': (string);
  'end_time': (string);
  /**
   * Not omitted from JSON meta.
   */
  'progress': (number);
  'collection_id': (string);
  'db_name': (string);
  'collection_name': (string);
  'schema': (_milvus_proto_backup_CollectionSchema__Output | null);
  'shards_num': (number);
  'consistency_level': (_milvus_proto_backup_ConsistencyLevel__Output);
  'partition_backups': (_milvus_proto_backup_PartitionBackupInfo__Output)[];
  /**
   * Hybrid (TSO) timestamp: the latest channel checkpoint of the flush; 0 without a flush.
   */
  'backup_timestamp': (string);
  /**
   * Bytes of data files. Not omitted from JSON meta.
   */
  'size': (string);
  /**
   * Not omitted from JSON meta.
   */
  'has_index': (boolean);
  'index_infos': (_milvus_proto_backup_IndexInfo__Output)[];
  /**
   * "NotLoad", "Loading" or "Loaded" at backup time, so restore can load it again.
   */
  'load_state': (string);
  /**
   * Wall-clock seal time of the flush, unix seconds.
   */
  'backup_physical_timestamp': (string);
  /**
   * vchannel -> base64 of a serialized MsgPosition: where each channel was checkpointed.
   */
  'channel_checkpoints': ({[key: string]: string});
  /**
   * L0 delete segments that apply to every partition of the collection.
   */
  'l0_segments': (_milvus_proto_backup_SegmentBackupInfo__Output)[];
  'properties': (_milvus_proto_backup_KeyValuePair__Output)[];
  /**
   * Not upstream at 7125dcc (fields from 1000 on are this service's own). The collection's
   * aliases at backup time, recreated by restore. Upstream's newer releases keep them under
   * the same JSON key, so meta files of either read the same.
   */
  'aliases': (string)[];
  /**
   * Not upstream at 7125dcc. Set only in the snapshot format (BackupInfo.format "snapshot"):
   * where Milvus 3.0 exported the collection's bundle. Upstream's newer releases keep it
   * under the same JSON key (their field 29), so their snapshot readers read ours.
   */
  'snapshot_backup': (_milvus_proto_backup_SnapshotBackupInfo__Output | null);
}
