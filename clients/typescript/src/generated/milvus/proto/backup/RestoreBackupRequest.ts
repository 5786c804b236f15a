// Original file: proto/milvus/backup/backup.proto

import type { Value as _google_protobuf_Value, Value__Output as _google_protobuf_Value__Output } from '../../../google/protobuf/Value';
import type { SkipParams as _milvus_proto_backup_SkipParams, SkipParams__Output as _milvus_proto_backup_SkipParams__Output } from '../../../milvus/proto/backup/SkipParams';
import type { RestorePlan as _milvus_proto_backup_RestorePlan, RestorePlan__Output as _milvus_proto_backup_RestorePlan__Output } from '../../../milvus/proto/backup/RestorePlan';
import type { RestoreCollectionOverride as _milvus_proto_backup_RestoreCollectionOverride, RestoreCollectionOverride__Output as _milvus_proto_backup_RestoreCollectionOverride__Output } from '../../../milvus/proto/backup/RestoreCollectionOverride';

export interface RestoreBackupRequest {
  /**
   * Caller's id for this request (a UUID is made up when empty).
   */
  'requestId'?: (string);
  /**
   * Backup to restore from.
   */
  'backup_name'?: (string);
  /**
   * Collections of the backup to restore; empty means all of them.
   */
  'collection_names'?: (string)[];
  /**
   * Appended to every restored collection's name, so a restore can sit next to the original.
   */
  'collection_suffix'?: (string);
  /**
   * Explicit old -> new names: "c1" -> "c2" (default database), "db1.c1" -> "db2.c2", or
   * "db1.*" -> "db2.*" for a whole database. Takes precedence over collection_suffix.
   */
  'collection_renames'?: ({[key: string]: string});
  /**
   * Return as soon as the task is accepted; poll it with GetRestore.
   */
  'async'?: (boolean);
  /**
   * Together with path, reads the backup from this bucket instead of the configured one.
   */
  'bucket_name'?: (string);
  /**
   * Together with bucket_name, reads the backup from this root instead of the configured one.
   */
  'path'?: (string);
  /**
   * Databases and collections of the backup to restore, {"db": ["coll", ...]}, as a JSON
   * object or string; names as they are in the backup.
   */
  'db_collections'?: (_google_protobuf_Value | null);
  /**
   * Create collections (and indexes if asked) but import no data.
   */
  'metaOnly'?: (boolean);
  /**
   * Recreate the indexes recorded in the backup.
   */
  'restoreIndex'?: (boolean);
  /**
   * Replace vector indexes with AUTOINDEX, e.g. when the target does not offer the original type.
   */
  'useAutoIndex'?: (boolean);
  /**
   * Drop a target collection of the same name before creating it.
   */
  'dropExistCollection'?: (boolean);
  /**
   * Drop the target's existing indexes before recreating them.
   */
  'dropExistIndex'?: (boolean);
  /**
   * The target collection already exists; only load indexes and/or data into it.
   */
  'skipCreateCollection'?: (boolean);
  /**
   * Task id to use for this restore, so the caller can poll it; generated when empty.
   */
  'id'?: (string);
  /**
   * Kept for old clients: the disk quota check is now always skipped during import.
   * @deprecated
   */
  'skipImportDiskQuotaCheck'?: (boolean);
  /**
   * Also restore users, roles, grants and privilege groups.
   */
  'rbac'?: (boolean);
  /**
   * Upper bound on the shard count of recreated collections (0 = keep the backup's).
   */
  'maxShardNum'?: (number);
  /**
   * Property and parameter keys to drop when recreating collections, fields and indexes.
   * This service refuses a request that lists any (Parameter_Error).
   */
  'skipParams'?: (_milvus_proto_backup_SkipParams | null);
  /**
   * Import through Milvus' REST import jobs (ImportV2), which take many segments per job,
   * instead of one gRPC Import per segment group. This service refuses true (Parameter_Error).
   */
  'useV2Restore'?: (boolean);
  /**
   * Pass each channel's checkpoint as the import's end_ts so newer rows are cut (for CDC).
   * This service refuses true (Parameter_Error).
   */
  'truncateBinlogByTs'?: (boolean);
  /**
   * Like db_collections, but naming the collections as they will be called after renaming.
   */
  'db_collections_after_rename'?: (_google_protobuf_Value | null);
  /**
   * Structured form of the renames and the filter after renaming above; cannot be combined
   * with collection_suffix, collection_renames or db_collections_after_rename.
   */
  'restorePlan'?: (_milvus_proto_backup_RestorePlan | null);
  /**
   * Upstream's restore filter, comma-separated, on the names after renaming: "coll",
   * "db.coll", "db.*"; "db.coll:partition" restores only that partition's data (repeat the
   * entry for more). Cannot be combined with db_collections_after_rename or restorePlan.filter.
   */
  'filter'?: (string);
  /**
   * Upstream's newer name of restoreIndex (v0.5.9+): recreate the indexes of the backup.
   */
  'rebuild_index'?: (boolean);
  /**
   * Per-collection overrides, keyed by the backup's name of the collection ("coll" or
   * "db.coll"): the shard count and the description of the recreated collection.
   */
  'overrides'?: ({[key: string]: _milvus_proto_backup_RestoreCollectionOverride});
}

export interface RestoreBackupRequest__Output {
  /**
   * Caller's id for this request (a UUID is made up when empty).
   */
  'requestId': (string);
  /**
   * Backup to restore from.
   */
  'backup_name': (string);
  /**
   * Collections of the backup to restore; empty means all of them.
   */
  'collection_names': (string)[];
  /**
   * Appended to every restored collection's name, so a restore can sit next to the original.
   */
  'collection_suffix': (string);
  /**
   * Explicit old -> new names: "c1" -> "c2" (default database), "db1.c1" -> "db2.c2", or
   * "db1.*" -> "db2.*" for a whole database. Takes precedence over collection_suffix.
   */
  'collection_renames': ({[key: string]: string});
  /**
   * Return as soon as the task is accepted; poll it with GetRestore.
   */
  'async': (boolean);
  /**
   * Together with path, reads the backup from this bucket instead of the configured one.
   */
  'bucket_name': (string);
  /**
   * Together with bucket_name, reads the backup from this root instead of the configured one.
   */
  'path': (string);
  /**
   * Databases and collections of the backup to restore, {"db": ["coll", ...]}, as a JSON
   * object or string; names as they are in the backup.
   */
  'db_collections': (_google_protobuf_Value__Output | null);
  /**
   * Create collections (and indexes if asked) but import no data.
   */
  'metaOnly': (boolean);
  /**
   * Recreate the indexes recorded in the backup.
   */
  'restoreIndex': (boolean);
  /**
   * Replace vector indexes with AUTOINDEX, e.g. when the target does not offer the original type.
   */
  'useAutoIndex': (boolean);
  /**
   * Drop a target collection of the same name before creating it.
   */
  'dropExistCollection': (boolean);
  /**
   * Drop the target's existing indexes before recreating them.
   */
  'dropExistIndex': (boolean);
  /**
   * The target collection already exists; only load indexes and/or data into it.
   */
  'skipCreateCollection': (boolean);
  /**
   * Task id to use for this restore, so the caller can poll it; generated when empty.
   */
  'id': (string);
  /**
   * Kept for old clients: the disk quota check is now always skipped during import.
   * @deprecated
   */
  'skipImportDiskQuotaCheck': (boolean);
  /**
   * Also restore users, roles, grants and privilege groups.
   */
  'rbac': (boolean);
  /**
   * Upper bound on the shard count of recreated collections (0 = keep the backup's).
   */
  'maxShardNum': (number);
  /**
   * Property and parameter keys to drop when recreating collections, fields and indexes.
   * This service refuses a request that lists any (Parameter_Error).
   */
  'skipParams': (_milvus_proto_backup_SkipParams__Output | null);
  /**
   * Import through Milvus' REST import jobs (ImportV2), which take many segments per job,
   * instead of one gRPC Import per segment group. This service refuses true (Parameter_Error).
   */
  'useV2Restore': (boolean);
  /**
   * Pass each channel's checkpoint as the import's end_ts so newer rows are cut (for CDC).
   * This service refuses true (Parameter_Error).
   */
  'truncateBinlogByTs': (boolean);
  /**
   * Like db_collections, but naming the collections as they will be called after renaming.
   */
  'db_collections_after_rename': (_google_protobuf_Value__Output | null);
  /**
   * Structured form of the renames and the filter after renaming above; cannot be combined
   * with collection_suffix, collection_renames or db_collections_after_rename.
   */
  'restorePlan': (_milvus_proto_backup_RestorePlan__Output | null);
  /**
   * Upstream's restore filter, comma-separated, on the names after renaming: "coll",
   * "db.coll", "db.*"; "db.coll:partition" restores only that partition's data (repeat the
   * entry for more). Cannot be combined with db_collections_after_rename or restorePlan.filter.
   */
  'filter': (string);
  /**
   * Upstream's newer name of restoreIndex (v0.5.9+): recreate the indexes of the backup.
   */
  'rebuild_index': (boolean);
  /**
   * Per-collection overrides, keyed by the backup's name of the collection ("coll" or
   * "db.coll"): the shard count and the description of the recreated collection.
   */
  'overrides': ({[key: string]: _milvus_proto_backup_RestoreCollectionOverride__Output});
}
