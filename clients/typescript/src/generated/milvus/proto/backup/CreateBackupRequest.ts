// Original file: proto/milvus/backup/backup.proto

import type { Value as _google_protobuf_Value, Value__Output as _google_protobuf_Value__Output } from '../../../google/protobuf/Value';

export interface CreateBackupRequest {
  /**
   * Caller's id for this request (a UUID is made up when empty); echoed in the response.
   */
  'requestId'?: (string);
  /**
   * Name of the new backup, [_A-Za-z][_A-Za-z0-9]* up to 128 characters;
   * backup_<UTC time>_<nanos> when empty.
   */
  'backup_name'?: (string);
  /**
   * Collections to back up, "coll" (default database) or "db.coll"; empty means all.
   */
  'collection_names'?: (string)[];
  /**
   * Return as soon as the task is accepted instead of when it ends.
   */
  'async'?: (boolean);
  /**
   * Databases and collections to back up, {"db": ["coll", ...]}; an empty list means the whole
   * database. Accepted as a JSON object or as a JSON string holding one. Wins over
   * collection_names.
   */
  'db_collections'?: (_google_protobuf_Value | null);
  /**
   * Skip the flush before backup; only safe when the data is already sealed on storage.
   */
  'force'?: (boolean);
  /**
   * Save schemas and index definitions but copy no data files.
   */
  'meta_only'?: (boolean);
  /**
   * Ask Milvus' data coordinator to pause garbage collection while files are copied, so that
   * compaction cannot delete binlogs the backup still needs.
   */
  'gc_pause_enable'?: (boolean);
  /**
   * How long the pause lasts, in seconds; 0 takes backup.gcPause.seconds of the configuration.
   * @deprecated
   */
  'gc_pause_seconds'?: (number);
  /**
   * Milvus management HTTP address for the GC pause, e.g. http://host:9091.
   */
  'gc_pause_address'?: (string);
  /**
   * Also back up users, roles, grants and privilege groups.
   */
  'rbac'?: (boolean);
  /**
   * Backup root to write into, overriding the configured one for this request.
   */
  'backup_root_path'?: (string);
  /**
   * Not upstream (fields from 1000 on are this service's own).
   * Reference, instead of copying, the binlogs the base backup already holds: the newest
   * complete backup of the same root that holds a selected collection, or base_backup_name.
   * Upstream cannot read a backup that references others; see MaterializeBackup.
   */
  'incremental'?: (boolean);
  /**
   * The base of an incremental backup; empty: the newest complete one (see incremental).
   */
  'base_backup_name'?: (string);
  /**
   * This service's own: "" or "physical" copies binlogs (upstream's format); "logical" reads
   * the rows through the query iterator into Parquet, restorable into any Milvus, older and
   * Milvus Lite included, but not readable by upstream. A Milvus Lite source is always logical.
   * "snapshot" has Milvus 3.0+ export each collection (CreateSnapshot, ExportSnapshot) into
   * the backup; empty chooses it on Milvus 3.0+, physical below.
   */
  'format'?: (string);
  /**
   * Upstream's (v0.5.9+) filter syntax, comma-separated: "coll" (default database),
   * "db.coll", "db.*" (the whole database). Cannot be combined with collection_names or
   * db_collections.
   */
  'filter'?: (string);
  /**
   * Upstream's backup strategy: "meta_only", "skip_flush", "serial_flush" (flush each
   * collection, then copy) or "bulk_flush" (one FlushAll, Milvus 2.6.11+; refused below);
   * empty chooses from meta_only and force, and flushes with FlushAll on 2.6.11+.
   */
  'strategy'?: (string);
}

export interface CreateBackupRequest__Output {
  /**
   * Caller's id for this request (a UUID is made up when empty); echoed in the response.
   */
  'requestId': (string);
  /**
   * Name of the new backup, [_A-Za-z][_A-Za-z0-9]* up to 128 characters;
   * backup_<UTC time>_<nanos> when empty.
   */
  'backup_name': (string);
  /**
   * Collections to back up, "coll" (default database) or "db.coll"; empty means all.
   */
  'collection_names': (string)[];
  /**
   * Return as soon as the task is accepted instead of when it ends.
   */
  'async': (boolean);
  /**
   * Databases and collections to back up, {"db": ["coll", ...]}; an empty list means the whole
   * database. Accepted as a JSON object or as a JSON string holding one. Wins over
   * collection_names.
   */
  'db_collections': (_google_protobuf_Value__Output | null);
  /**
   * Skip the flush before backup; only safe when the data is already sealed on storage.
   */
  'force': (boolean);
  /**
   * Save schemas and index definitions but copy no data files.
   */
  'meta_only': (boolean);
  /**
   * Ask Milvus' data coordinator to pause garbage collection while files are copied, so that
   * compaction cannot delete binlogs the backup still needs.
   */
  'gc_pause_enable': (boolean);
  /**
   * How long the pause lasts, in seconds; 0 takes backup.gcPause.seconds of the configuration.
   * @deprecated
   */
  'gc_pause_seconds': (number);
  /**
   * Milvus management HTTP address for the GC pause, e.g. http://host:9091.
   */
  'gc_pause_address': (string);
  /**
   * Also back up users, roles, grants and privilege groups.
   */
  'rbac': (boolean);
  /**
   * Backup root to write into, overriding the configured one for this request.
   */
  'backup_root_path': (string);
  /**
   * Not upstream (fields from 1000 on are this service's own).
   * Reference, instead of copying, the binlogs the base backup already holds: the newest
   * complete backup of the same root that holds a selected collection, or base_backup_name.
   * Upstream cannot read a backup that references others; see MaterializeBackup.
   */
  'incremental': (boolean);
  /**
   * The base of an incremental backup; empty: the newest complete one (see incremental).
   */
  'base_backup_name': (string);
  /**
   * This service's own: "" or "physical" copies binlogs (upstream's format); "logical" reads
   * the rows through the query iterator into Parquet, restorable into any Milvus, older and
   * Milvus Lite included, but not readable by upstream. A Milvus Lite source is always logical.
   * "snapshot" has Milvus 3.0+ export each collection (CreateSnapshot, ExportSnapshot) into
   * the backup; empty chooses it on Milvus 3.0+, physical below.
   */
  'format': (string);
  /**
   * Upstream's (v0.5.9+) filter syntax, comma-separated: "coll" (default database),
   * "db.coll", "db.*" (the whole database). Cannot be combined with collection_names or
   * db_collections.
   */
  'filter': (string);
  /**
   * Upstream's backup strategy: "meta_only", "skip_flush", "serial_flush" (flush each
   * collection, then copy) or "bulk_flush" (one FlushAll, Milvus 2.6.11+; refused below);
   * empty chooses from meta_only and force, and flushes with FlushAll on 2.6.11+.
   */
  'strategy': (string);
}
