// Original file: proto/milvus/backup/backup.proto

import type { BackupTaskStateCode as _milvus_proto_backup_BackupTaskStateCode, BackupTaskStateCode__Output as _milvus_proto_backup_BackupTaskStateCode__Output } from '../../../milvus/proto/backup/BackupTaskStateCode';
import type { CollectionBackupInfo as _milvus_proto_backup_CollectionBackupInfo, CollectionBackupInfo__Output as _milvus_proto_backup_CollectionBackupInfo__Output } from '../../../milvus/proto/backup/CollectionBackupInfo';
import type { RBACMeta as _milvus_proto_backup_RBACMeta, RBACMeta__Output as _milvus_proto_backup_RBACMeta__Output } from '../../../milvus/proto/backup/RBACMeta';
import type { RPCChannelInfo as _milvus_proto_backup_RPCChannelInfo, RPCChannelInfo__Output as _milvus_proto_backup_RPCChannelInfo__Output } from '../../../milvus/proto/backup/RPCChannelInfo';
import type { DatabaseBackupInfo as _milvus_proto_backup_DatabaseBackupInfo, DatabaseBackupInfo__Output as _milvus_proto_backup_DatabaseBackupInfo__Output } from '../../../milvus/proto/backup/DatabaseBackupInfo';
import type { Long } from '@grpc/proto-loader';

/**
 * Root of a backup; meta/full_meta.json holds the complete tree.
 */
export interface BackupInfo {
  /**
   * Id of the task that made the backup (a UUID).
   */
  'id'?: (string);
  /**
   * Not omitted from JSON meta.
   */
  'state_code'?: (_milvus_proto_backup_BackupTaskStateCode);
  'errorMessage'?: (string);
  /**
   * Unix milliseconds (a collection's times are in seconds).
   */
  'start_time'?: (number | string | Long);
  'end_time'?: (number | string | Long);
  /**
   * Percent done, 0..100. Not omitted from JSON meta.
   */
  'progress'?: (number);
  'name'?: (string);
  /**
   * Reserved for a backup-wide timestamp; upstream never fills it.
   */
  'backup_timestamp'?: (number | string | Long);
  'collection_backups'?: (_milvus_proto_backup_CollectionBackupInfo)[];
  /**
   * Bytes of data files, summed over collections. Not omitted from JSON meta.
   */
  'size'?: (number | string | Long);
  /**
   * Build tag of the Milvus server the backup was taken from, e.g. "v2.4.17".
   */
  'milvus_version'?: (string);
  /**
   * Users, roles and grants, when the backup was made with rbac=true.
   */
  'rbac_meta'?: (_milvus_proto_backup_RBACMeta | null);
  /**
   * CDC replication channel position at backup time (Milvus 2.5 only).
   */
  'rpc_channel_info'?: (_milvus_proto_backup_RPCChannelInfo | null);
  'database_backups'?: (_milvus_proto_backup_DatabaseBackupInfo)[];
  /**
   * Bytes of the meta files, filled in by GetBackup. Not omitted from JSON meta.
   */
  'meta_size'?: (number | string | Long);
  /**
   * Not upstream (fields from 1000 on are this service's own).
   * True when some of the backup's binlogs live in other backups' directories (references):
   * upstream cannot restore it; materialize it first.
   */
  'incremental'?: (boolean);
  /**
   * The backup directories holding the objects this backup references (sorted).
   */
  'depends_on'?: (string)[];
  /**
   * This service's own: "logical" for a backup of rows in Parquet (upstream cannot read it);
   * "snapshot" for bundles Milvus 3.0 exported (upstream's newer releases write and read the
   * same value under the same JSON key; releases before theirs cannot); empty for upstream's
   * physical format.
   */
  'format'?: (string);
}

/**
 * Root of a backup; meta/full_meta.json holds the complete tree.
 */
export interface BackupInfo__Output {
  /**
   * Id of the task that made the backup (a UUID).
   */
  'id': (string);
  /**
   * Not omitted from JSON meta.
   */
  'state_code': (_milvus_proto_backup_BackupTaskStateCode__Output);
  'errorMessage': (string);
  /**
   * Unix milliseconds (a collection's times are in seconds).
   */
  'start_time': (string);
  'end_time': (string);
  /**
   * Percent done, 0..100. Not omitted from JSON meta.
   */
  'progress': (number);
  'name': (string);
  /**
   * Reserved for a backup-wide timestamp; upstream never fills it.
   */
  'backup_timestamp': (string);
  'collection_backups': (_milvus_proto_backup_CollectionBackupInfo__Output)[];
  /**
   * Bytes of data files, summed over collections. Not omitted from JSON meta.
   */
  'size': (string);
  /**
   * Build tag of the Milvus server the backup was taken from, e.g. "v2.4.17".
   */
  'milvus_version': (string);
  /**
   * Users, roles and grants, when the backup was made with rbac=true.
   */
  'rbac_meta': (_milvus_proto_backup_RBACMeta__Output | null);
  /**
   * CDC replication channel position at backup time (Milvus 2.5 only).
   */
  'rpc_channel_info': (_milvus_proto_backup_RPCChannelInfo__Output | null);
  'database_backups': (_milvus_proto_backup_DatabaseBackupInfo__Output)[];
  /**
   * Bytes of the meta files, filled in by GetBackup. Not omitted from JSON meta.
   */
  'meta_size': (string);
  /**
   * Not upstream (fields from 1000 on are this service's own).
   * True when some of the backup's binlogs live in other backups' directories (references):
   * upstream cannot restore it; materialize it first.
   */
  'incremental': (boolean);
  /**
   * The backup directories holding the objects this backup references (sorted).
   */
  'depends_on': (string)[];
  /**
   * This service's own: "logical" for a backup of rows in Parquet (upstream cannot read it);
   * "snapshot" for bundles Milvus 3.0 exported (upstream's newer releases write and read the
   * same value under the same JSON key; releases before theirs cannot); empty for upstream's
   * physical format.
   */
  'format': (string);
}
