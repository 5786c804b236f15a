// Original file: proto/milvus/backup/backup.proto


/**
 * Replication channel position; only used for CDC handover.
 */
export interface RPCChannelInfo {
  'name'?: (string);
  'position'?: (string);
}

/**
 * Replication channel position; only used for CDC handover.
 */
export interface RPCChannelInfo__Output {
  'name': (string);
  'position': (string);
}
