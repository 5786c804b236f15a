// Original file: proto/milvus/backup/backup.proto


/**
 * What a restore changes of one recreated collection (upstream v0.5.12+).
 */
export interface RestoreCollectionOverride {
  /**
   * Shard count of the recreated collection; 0 keeps the backup's.
   */
  'shardNum'?: (number);
  /**
   * Description of the recreated collection; empty keeps the backup's.
   */
  'description'?: (string);
}

/**
 * What a restore changes of one recreated collection (upstream v0.5.12+).
 */
export interface RestoreCollectionOverride__Output {
  /**
   * Shard count of the recreated collection; 0 keeps the backup's.
   */
  'shardNum': (number);
  /**
   * Description of the recreated collection; empty keeps the backup's.
   */
  'description': (string);
}
