// Original file: proto/milvus/backup/backup.proto


/**
 * Element of the legacy meta/channel_cp_meta.json.
 */
export interface ChannelPosition {
  'name'?: (string);
  'position'?: (string);
}

/**
 * Element of the legacy meta/channel_cp_meta.json.
 */
export interface ChannelPosition__Output {
  'name': (string);
  'position': (string);
}
