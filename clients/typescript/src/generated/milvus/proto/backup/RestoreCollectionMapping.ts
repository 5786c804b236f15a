// Original file: proto/milvus/backup/backup.proto

import type { RestoreCollectionOverride as _milvus_proto_backup_RestoreCollectionOverride, RestoreCollectionOverride__Output as _milvus_proto_backup_RestoreCollectionOverride__Output } from '../../../milvus/proto/backup/RestoreCollectionOverride';

export interface RestoreCollectionMapping {
  'source'?: (string);
  'target'?: (string);
  /**
   * Upstream's per-collection override (its field 3, here 1000): same as
   * RestoreBackupRequest.overrides for this source collection.
   */
  'override'?: (_milvus_proto_backup_RestoreCollectionOverride | null);
}

export interface RestoreCollectionMapping__Output {
  'source': (string);
  'target': (string);
  /**
   * Upstream's per-collection override (its field 3, here 1000): same as
   * RestoreBackupRequest.overrides for this source collection.
   */
  'override': (_milvus_proto_backup_RestoreCollectionOverride__Output | null);
}
