// Original file: proto/milvus/backup/backup.proto

import type { RestoreCollectionMapping as _milvus_proto_backup_RestoreCollectionMapping, RestoreCollectionMapping__Output as _milvus_proto_backup_RestoreCollectionMapping__Output } from '../../../milvus/proto/backup/RestoreCollectionMapping';

/**
 * One source database mapped onto a target database.
 */
export interface RestoreMapping {
  'source'?: (string);
  'target'?: (string);
  /**
   * Meant to carry over the database's properties; upstream does not act on it yet, and this
   * service refuses true (Parameter_Error).
   */
  'withProp'?: (boolean);
  'colls'?: (_milvus_proto_backup_RestoreCollectionMapping)[];
}

/**
 * One source database mapped onto a target database.
 */
export interface RestoreMapping__Output {
  'source': (string);
  'target': (string);
  /**
   * Meant to carry over the database's properties; upstream does not act on it yet, and this
   * service refuses true (Parameter_Error).
   */
  'withProp': (boolean);
  'colls': (_milvus_proto_backup_RestoreCollectionMapping__Output)[];
}
