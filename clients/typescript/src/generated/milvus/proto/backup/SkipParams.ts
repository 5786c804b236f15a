// Original file: proto/milvus/backup/backup.proto


/**
 * Keys to leave out when a restore recreates objects, grouped by where they live.
 */
export interface SkipParams {
  'collectionProperties'?: (string)[];
  'fieldIndexParams'?: (string)[];
  'fieldTypeParams'?: (string)[];
  'indexParams'?: (string)[];
}

/**
 * Keys to leave out when a restore recreates objects, grouped by where they live.
 */
export interface SkipParams__Output {
  'collectionProperties': (string)[];
  'fieldIndexParams': (string)[];
  'fieldTypeParams': (string)[];
  'indexParams': (string)[];
}
