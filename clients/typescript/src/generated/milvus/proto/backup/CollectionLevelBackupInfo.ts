// Original file: proto/milvus/backup/backup.proto

import type { CollectionBackupInfo as _milvus_proto_backup_CollectionBackupInfo, CollectionBackupInfo__Output as _milvus_proto_backup_CollectionBackupInfo__Output } from '../../../milvus/proto/backup/CollectionBackupInfo';

/**
 * Roots of the per-level meta files (collection_meta.json, partition_meta.json,
 * segment_meta.json), which old readers use when full_meta.json is absent.
 */
export interface CollectionLevelBackupInfo {
  'infos'?: (_milvus_proto_backup_CollectionBackupInfo)[];
}

/**
 * Roots of the per-level meta files (collection_meta.json, partition_meta.json,
 * segment_meta.json), which old readers use when full_meta.json is absent.
 */
export interface CollectionLevelBackupInfo__Output {
  'infos': (_milvus_proto_backup_CollectionBackupInfo__Output)[];
}
