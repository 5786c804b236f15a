// Original file: proto/milvus/backup/backup.proto

import type { RestoreMapping as _milvus_proto_backup_RestoreMapping, RestoreMapping__Output as _milvus_proto_backup_RestoreMapping__Output } from '../../../milvus/proto/backup/RestoreMapping';
import type { RestoreFilter as _milvus_proto_backup_RestoreFilter, RestoreFilter__Output as _milvus_proto_backup_RestoreFilter__Output } from '../../../milvus/proto/backup/RestoreFilter';

/**
 * Which databases and collections a restore touches and where they land.
 */
export interface RestorePlan {
  'mapping'?: (_milvus_proto_backup_RestoreMapping)[];
  /**
   * Source database name -> the collections to take from it.
   */
  'filter'?: ({[key: string]: _milvus_proto_backup_RestoreFilter});
}

/**
 * Which databases and collections a restore touches and where they land.
 */
export interface RestorePlan__Output {
  'mapping': (_milvus_proto_backup_RestoreMapping__Output)[];
  /**
   * Source database name -> the collections to take from it.
   */
  'filter': ({[key: string]: _milvus_proto_backup_RestoreFilter__Output});
}
